using Hotline.Workflows.Tests.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Hotline.Workflows.Tests.Timers;

/// <summary>A host as the server builds it: store, definitions, runtime, Quartz timers, on the test database and its fake clock.</summary>
internal static class TimerHost
{
    /// <summary>
    /// Builds the host. Unless <paramref name="ringing"/>, its scheduler holds the alarms but never starts, so no alarm
    /// rings and no sweep job runs while the test fires timers itself. Standing by after start-up would not do: the
    /// hosted service starts the scheduler once the application has started, on another thread, which may come after
    /// the test's standby and undo it.
    /// </summary>
    public static IHost Build(TestDatabase database, bool ringing = true)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<TimeProvider>(database.Clock);
        builder.Services.AddWorkflowPersistence(database.Provider, database.ConnectionString);
        builder.Services.AddWorkflowDefinitions();
        builder.Services.AddWorkflowRuntime();
        builder.Services.AddWorkflowTimers();
        if (!ringing)
        {
            builder.Services.Configure<QuartzHostedServiceOptions>(quartz => quartz.AutoStart = false);
        }

        return builder.Build();
    }
}
