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
    /// Several nodes share the workflow store (PostgreSQL). Each node then finds due timers itself
    /// (<see cref="DueTimerWatch"/>) and fires them in batches, each claiming its timers with row locks that the other
    /// nodes skip; no alarm is set per timer. When false, alarms live in memory (Quartz), which is right for one node since
    /// the bookmark rows are the truth and start-up re-arms them.
    /// </summary>
    public bool Clustered { get; set; }

    /// <summary>
    /// How often a clustered node looks for timers due sooner than the earliest it knew of (those other nodes committed).
    /// Bounds how late such a timer rings, and how soon the living fire a dead node's claimed timers.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a clustered node's batch may sit idle inside its transaction before PostgreSQL ends the session
    /// (<c>idle_in_transaction_session_timeout</c>, set for the batch's transaction only): a node that hangs mid-batch
    /// (stopped, swapping, a network that keeps its connection half open) would otherwise hold its claimed timers until
    /// its connection dies. A working batch goes idle only between its statements, for milliseconds.
    /// </summary>
    public TimeSpan ClaimIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How far ahead alarms are set. A timer due later has only its bookmark row until the periodic sweep finds it
    /// inside this window and arms it: Quartz keeps every alarm in memory (about 1.7 KB each), so a node with a
    /// million pending deadlines would otherwise hold them all and spend its start-up arming them. Must be longer
    /// than <see cref="SweepInterval"/>.
    /// </summary>
    public TimeSpan NearWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most timers fired in one transaction, by the sweep and by alarms that ring together (one disk sync per batch
    /// rather than per timer); a clustered node's batch claims this many. 1 fires every timer in its own transaction.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Further Quartz configuration, applied last.</summary>
    public Action<IQuartzBuilder>? ConfigureScheduler { get; set; }
}

/// <summary>Registers durable timers.</summary>
public static class TimersServiceCollectionExtensions
{
    /// <summary>
    /// Registers Quartz (hosted, in memory) as the alarm clock for timer bookmarks, or a clustered node's
    /// <see cref="DueTimerWatch"/>; <see cref="DueTimerSweep"/>, a periodic sweep, and the start-up
    /// <see cref="TimerReconciliation"/>. Call after <c>AddWorkflowPersistence</c>.
    /// </summary>
    public static IServiceCollection AddWorkflowTimers(this IServiceCollection services, Action<WorkflowTimerOptions>? configure = null)
    {
        var options = new WorkflowTimerOptions();
        configure?.Invoke(options);
        if (options.NearWindow <= options.SweepInterval)
        {
            throw new ArgumentException($"The timers' near window ({options.NearWindow}) must be longer than the sweep interval ({options.SweepInterval}), or timers beyond it are armed late.", nameof(configure));
        }

        if (options.BatchSize < 1)
        {
            throw new ArgumentException($"The timers' batch size must be at least 1, not {options.BatchSize}.", nameof(configure));
        }

        services.TryAddSingleton(options);

        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<TimerMetrics>();
        services.TryAddSingleton<DueTimerSweep>();
        services.TryAddSingleton<TimerAlarm>();
        services.AddQuartz(quartz =>
        {
            // A clustered node's alarms are its watch (below); Quartz then runs only its own periodic sweep.
            quartz.UseInMemoryStore();

            // The one durable job every alarm triggers, stored when the scheduler starts so that arming stores triggers
            // only.
            quartz.AddJobType<WorkflowTimerJob>();
            quartz.AddJob<WorkflowTimerJob>(job => job.WithIdentity(TimerAlarm.Job).StoreDurably().RequestRecovery());
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
        if (options.Clustered)
        {
            if (options.PollInterval <= TimeSpan.Zero)
            {
                throw new ArgumentException($"The timers' poll interval must be positive, not {options.PollInterval}.", nameof(configure));
            }

            if (options.ClaimIdleTimeout < TimeSpan.FromMilliseconds(1))
            {
                throw new ArgumentException($"The timers' claim idle timeout must be at least a millisecond, not {options.ClaimIdleTimeout}.", nameof(configure));
            }

            services.TryAddSingleton<DueTimerWatch>();
            services.AddHostedService(sp => sp.GetRequiredService<DueTimerWatch>());
        }

        services.TryAddSingleton<TimerReconciliation>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerReconciliation>());
        return services;
    }
}
