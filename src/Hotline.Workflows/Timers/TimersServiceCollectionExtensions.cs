using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Options of the durable timers.</summary>
public sealed class WorkflowTimerOptions
{
    /// <summary>How often the safety-net sweep fires whatever is due (lost alarms, clock skew between nodes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Further Quartz configuration. The default job store is in memory, which is right for one node since the
    /// bookmark rows are the truth. This is the seam for the clustered ADO job store on PostgreSQL
    /// (<c>UsePersistentStore</c>), so several nodes share alarms.
    /// </summary>
    public Action<IQuartzBuilder>? ConfigureScheduler { get; set; }
}

/// <summary>Registers durable timers.</summary>
public static class TimersServiceCollectionExtensions
{
    /// <summary>
    /// Registers Quartz (hosted) as the alarm clock for timer bookmarks, <see cref="DueTimerSweep"/>, a periodic
    /// sweep, and the start-up <see cref="TimerReconciliation"/>. Call after <c>AddWorkflowPersistence</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowTimers(this IServiceCollection services, Action<WorkflowTimerOptions>? configure = null)
    {
        var options = new WorkflowTimerOptions();
        configure?.Invoke(options);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TimerMetrics>();
        services.TryAddSingleton<DueTimerSweep>();
        services.TryAddSingleton<TimerAlarm>();
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore();
            var sweepJob = new JobKey(DueTimerSweepJob.Name, TimerAlarm.JobGroup);
            quartz.AddJob<DueTimerSweepJob>(job => job.WithIdentity(sweepJob).StoreDurably());
            quartz.AddTrigger(trigger => trigger
                .ForJob(sweepJob)
                .WithIdentity(DueTimerSweepJob.Name, TimerAlarm.JobGroup)
                .StartNow()
                .WithSimpleSchedule(schedule => schedule.WithInterval(options.SweepInterval).RepeatForever()));
            options.ConfigureScheduler?.Invoke(quartz);
        });
        services.AddQuartzHostedService(hosted => hosted.WaitForJobsToComplete = true);
        services.AddHostedService<TimerReconciliation>();
        return services;
    }
}
