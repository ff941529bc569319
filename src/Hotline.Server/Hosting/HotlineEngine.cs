using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;

namespace Hotline.Server.Hosting;

/// <summary>
/// The workflow engine as the host runs it: the runtime, definition versions with the start-up import of
/// <c>workflows/*.json</c>, durable timers with Quartz as the alarm clock, and the notice outbox worker.
/// </summary>
public static class HotlineEngine
{
    public static WebApplicationBuilder AddHotlineEngine(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var services = builder.Services;
        var folder = configuration["Hotline:Workflows:Folder"];
        folder = string.IsNullOrWhiteSpace(folder)
            ? Path.Combine(AppContext.BaseDirectory, "workflows")
            : Path.GetFullPath(folder, builder.Environment.ContentRootPath);

        services.AddWorkflowRuntime();
        services.AddWorkflowDefinitions(folder);
        services.AddWorkflowTimers();
        services.AddHotlineNotices<HotlineDbContext>(
            configuration.GetSection("Hotline:Notices"),
            DataDirectory.Resolve(configuration, builder.Environment));
        return builder;
    }
}
