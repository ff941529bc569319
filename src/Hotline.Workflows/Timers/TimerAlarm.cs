using Hotline.Workflows.Bookmarks;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Hotline.Workflows.Timers;

/// <summary>
/// Sets Quartz alarms for timer bookmarks (定时器). The bookmark row is the truth; an alarm only says "look at
/// bookmark X at time T", so its trigger carries the bookmark id and nothing else, and a lost or duplicate alarm is
/// harmless: start-up reconciliation re-arms from the rows and firing a consumed bookmark is a no-op.
/// Arm only after the transaction that created the bookmark has committed. Only timers due within the near window
/// (<see cref="WorkflowTimerOptions.NearWindow"/>) get an alarm here; <see cref="TimerReconciliation"/> arms the
/// later ones as they come into it. A clustered node sets no alarms: its <see cref="DueTimerWatch"/> finds due timers
/// in the shared store, and is only told of a new timer so that it wakes for one due before its next look.
/// </summary>
public sealed class TimerAlarm(ISchedulerFactory schedulers, TimeProvider time, WorkflowTimerOptions options, DueTimerWatch? watch = null)
{
    /// <summary>The Quartz job group holding one job per pending timer bookmark.</summary>
    public const string JobGroup = "workflow-timers";

    internal const string BookmarkIdKey = "bookmarkId";

    /// <summary>
    /// The one durable job every alarm triggers; each trigger carries its bookmark id. Stored once, when the scheduler
    /// starts (<see cref="TimersServiceCollectionExtensions.AddWorkflowTimers"/>), never by an arm.
    /// </summary>
    internal static readonly JobKey Job = new("workflow-timer", JobGroup);

    /// <summary>
    /// Schedules (or re-schedules) an alarm at the due time of each bookmark due within the near window; past-due ones
    /// ring at once. The others are left to the sweep, which arms them once they are near: the window is measured
    /// from now, after the bookmark's commit, so a timer left here is still ahead of every sweep's window.
    /// </summary>
    public Task ArmAsync(IEnumerable<Bookmark> timers, CancellationToken cancellationToken = default)
    {
        if (!SetsAlarms)
        {
            foreach (var timer in timers)
            {
                watch?.Notice(timer.DueAt!.Value);
            }

            return Task.CompletedTask;
        }

        var horizon = Horizon();
        return ArmAsync(timers.Where(x => x.DueAt <= horizon).Select(x => (x.Id, x.DueAt!.Value)), cancellationToken);
    }

    /// <summary>False on a clustered node, whose watch finds due timers without alarms.</summary>
    internal bool SetsAlarms => !options.Clustered;

    /// <summary>The latest due time that gets an alarm now.</summary>
    internal DateTimeOffset Horizon() => time.GetUtcNow().ToUniversalTime() + options.NearWindow;

    /// <summary>Schedules (or re-schedules) an alarm for each (bookmark id, due time): all an alarm needs.</summary>
    internal async Task ArmAsync(IEnumerable<(string BookmarkId, DateTimeOffset DueAt)> timers, CancellationToken cancellationToken = default)
    {
        if (!SetsAlarms)
        {
            return;
        }

        var triggers = new List<ITrigger>();
        foreach (var (bookmarkId, dueAt) in timers)
        {
            triggers.Add(TriggerBuilder.Create(time)
                .WithIdentity(bookmarkId, JobGroup)
                .ForJob(Job)
                .UsingJobData(BookmarkIdKey, bookmarkId)
                .StartAt(dueAt)
                .Build());
        }

        if (triggers.Count == 0)
        {
            return;
        }

        // Every alarm is a trigger of one durable job: a job per alarm doubled what each alarm stores, and in a clustered
        // store deleting a spent alarm's own job takes the cluster-wide trigger lock. The triggers are stored alone, not
        // with their job and "replace": that rewrote the shared job's row on every arm and took the same cluster-wide
        // lock, so every node's arming queued on it. A trigger that is already stored is the same alarm (a bookmark's
        // due time never changes), so it is left as it is.
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        foreach (var trigger in triggers)
        {
            try
            {
                await scheduler.ScheduleJob(trigger, default, cancellationToken).ConfigureAwait(false);
            }
            catch (ObjectAlreadyExistsException)
            {
                // Armed already (a sweep and the runtime arming the same timer): one alarm is enough.
            }
        }
    }

    /// <summary>
    /// The bookmark ids that have an alarm set (in memory: nothing at start-up).
    /// </summary>
    public async Task<HashSet<string>> ArmedAsync(CancellationToken cancellationToken = default)
    {
        var scheduler = await schedulers.GetScheduler(cancellationToken).ConfigureAwait(false);
        var alarms = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(JobGroup), Take = PagedQuery.All }, cancellationToken).ConfigureAwait(false);
        return alarms.Items.Select(a => a.Key.Name).ToHashSet(StringComparer.Ordinal);
    }
}
