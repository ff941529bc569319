using Quartz;

namespace Hotline.Workflows.Timers;

/// <summary>
/// The alarm's job. On one node (alarms in memory) it first joins the node's shared sweep
/// (<see cref="DueTimerSweep.FireDueSharedAsync"/>): when thousands of alarms ring in the same minute, each firing its
/// timer in its own unit of work queues on the store's single writer and falls minutes behind, while one sweep fires
/// them a hundred per transaction. It then hands its own bookmark to <see cref="DueTimerSweep.FireAsync"/>, normally
/// a one-row read that finds it consumed, so a timer the sweep could not fire is still tried by its own alarm. A
/// clustered node sets no alarms (<see cref="DueTimerWatch"/>).
/// </summary>
internal sealed class WorkflowTimerJob(DueTimerSweep sweep) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.MergedJobDataMap.TryGetValue(TimerAlarm.BookmarkIdKey, out var value) && value is string bookmarkId)
        {
            try
            {
                await sweep.FireDueSharedAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The shared run was abandoned by every other alarm just as this one joined: fire this timer alone.
            }

            await sweep.FireAsync(bookmarkId, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// The periodic sweep: arms the timers that came into the near window, then, as a safety net, fires whatever is due in
/// case an alarm was lost. It joins the shared sweep, so it never races an alarm-driven sweep of the same node over
/// the same rows.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class DueTimerSweepJob(DueTimerSweep sweep, TimerReconciliation window) : IJob
{
    public const string Name = "workflow-timer-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await window.ArmComingAsync(cancellationToken).ConfigureAwait(false);
        await sweep.FireDueSharedAsync(cancellationToken).ConfigureAwait(false);
    }
}
