using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Quartz;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Options of the durable timers.</summary>
public sealed class WorkflowTimerOptions
{
    /// <summary>How often the safety-net sweep fires whatever is due (lost alarms, clock skew between nodes).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The PostgreSQL database the server nodes share. When set, the alarms live in Quartz's clustered ADO job store
    /// there (Quartz creates its tables at start-up): any node may ring any alarm, one node rings
    /// it, and the alarms a dead node had taken are recovered by the living. When null, the alarms live in memory,
    /// which is right for one node since the bookmark rows are the truth and start-up re-arms them.
    /// </summary>
    public string? ClusterConnectionString { get; set; }

    /// <summary>
    /// How often a clustered node checks in. A node silent for twice as long is taken for dead and its alarms go to
    /// the others, so this bounds how late a dead node's timers ring.
    /// </summary>
    public TimeSpan ClusterCheckinInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How far ahead alarms are set. A timer due later has only its bookmark row until the periodic sweep finds it
    /// inside this window and arms it: Quartz keeps every alarm in memory (about 1.7 KB each), so a node with a
    /// million pending deadlines would otherwise hold them all and spend its start-up arming them. Must be longer
    /// than <see cref="SweepInterval"/>.
    /// </summary>
    public TimeSpan NearWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Most timers fired in one transaction, by the sweep and by alarms that ring together (one disk sync per batch
    /// rather than per timer). 1 fires every timer in its own transaction, and a clustered node's alarms each their own.
    /// </summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Further Quartz configuration, applied last.</summary>
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
            if (options.ClusterConnectionString is { } database)
            {
                quartz.UsePersistentStore(store =>
                {
                    store.UsePostgres(NpgsqlFactory.Instance, database);
                    // Quartz creates its own tables at start-up, exactly as its version wants them (several nodes
                    // starting at once is safe), and validates them; it never alters or drops anything.
                    store.ProvisionSchema();
                    store.ConfigureStore(ado =>
                    {
                        ado.StoreJobDataAsStrings = true;
                        // Arming an alarm is an insert every ticket action may do; without this, every node's inserts
                        // queue on one cluster-wide lock row. An alarm is only a hint (the bookmark row is the truth
                        // and the sweep rings what an alarm missed), so inserts need not be serialized.
                        ado.LockOnInsert = false;
                    });
                    store.UseClustering(cluster =>
                    {
                        cluster.CheckinInterval = options.ClusterCheckinInterval;
                        cluster.CheckinMisfireThreshold = options.ClusterCheckinInterval * 2;
                    });
                });

                // Quartz's pool stays at its ten: a node takes up to ten due alarms per round (its acquisition batch
                // is the pool's size) and their jobs join one batched transaction (WorkflowTimerJob). A pool of a
                // hundred was tried and fired a burst slower on the loaded test machine: its jobs' completions queued
                // on Quartz's lock row and shared the database connection pool with the engine (docs/perf.md).
            }
            else
            {
                quartz.UseInMemoryStore();
            }

            // The one durable job every alarm triggers, stored when the scheduler starts so that arming stores triggers
            // only. A node may ring an alarm another node armed, so the job type is known by name before any is armed.
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
        if (options.ClusterConnectionString is not null)
        {
            // Arming is a database transaction there: keep it off the request path.
            services.TryAddSingleton<AlarmQueue>();
            services.AddHostedService(sp => sp.GetRequiredService<AlarmQueue>());
        }

        services.TryAddSingleton<TimerReconciliation>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerReconciliation>());
        return services;
    }
}
