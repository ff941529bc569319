using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Workflows.Execution;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Hosting;

/// <summary>
/// The workflow engine as the host runs it: the runtime, definition versions with the start-up import of
/// <c>workflows/*.json</c> into every tenant's own definitions, durable timers with Quartz as the alarm clock (on PostgreSQL several nodes share the timers,
/// each claiming due ones in batches; <c>Hotline:Timers</c>), and the notice outbox worker.
/// </summary>
public static class HotlineEngine
{
    public static WebApplicationBuilder AddHotlineEngine(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        // What one workflow may cost the shared server: burst bounds, stored sizes, the JavaScript sandbox.
        services.AddSingleton(configuration.GetSection("Hotline:Workflows:Limits").Get<WorkflowLimits>() ?? new WorkflowLimits());
        // Engine-wide choices such as the default flowchart mode (Hotline:Workflows:FlowchartMode).
        services.AddSingleton(configuration.GetSection("Hotline:Workflows").Get<WorkflowEngineSettings>() ?? new WorkflowEngineSettings());
        services.AddWorkflowRuntime();
        services.AddWorkflowDefinitions(WorkflowsFolder(configuration, builder.Environment), TenantsAsync);
        var (provider, _) = HotlineStore.Database(configuration, builder.Environment);
        var timers = configuration.GetSection("Hotline:Timers");
        services.AddWorkflowTimers(options =>
        {
            options.SweepInterval = timers.GetValue("SweepInterval", options.SweepInterval);
            options.NearWindow = timers.GetValue("NearWindow", options.NearWindow);
            options.BatchSize = timers.GetValue("BatchSize", options.BatchSize);
            // Nodes on one PostgreSQL database share their timers unless told not to (a single node may keep alarms in memory).
            if (provider == Hotline.Workflows.Persistence.WorkflowDatabaseProvider.PostgreSql && timers.GetValue("Clustered", true))
            {
                options.Clustered = true;
                options.PollInterval = timers.GetValue("PollInterval", options.PollInterval);
                options.ClaimIdleTimeout = timers.GetValue("ClaimIdleTimeout", options.ClaimIdleTimeout);
            }
        });
        services.AddHotlineNotices<HotlineDbContext>(
            configuration.GetSection("Hotline:Notices"),
            DataDirectory.Resolve(configuration, builder.Environment));
        return builder;
    }

    /// <summary>The folder of the version-controlled definitions: <c>Hotline:Workflows:Folder</c>, else <c>workflows/</c> beside the server.</summary>
    public static string WorkflowsFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = configuration["Hotline:Workflows:Folder"];
        return string.IsNullOrWhiteSpace(folder)
            ? Path.Combine(AppContext.BaseDirectory, "workflows")
            : Path.GetFullPath(folder, environment.ContentRootPath);
    }

    // Each tenant gets its own copy of the folder; a tenant seeded or provisioned later imports its own.
    private static async Task<IReadOnlyList<string?>> TenantsAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        // Every county's copy: the list of tenants crosses them (the tenant filter, opted out by name).
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Tenants.AsNoTracking().IgnoreQueryFilters([HotlineDbContext.TenantFilter])
            .OrderBy(t => t.Id).Select(t => (string?)t.Id).ToListAsync(cancellationToken);
    }
}
