using Quartz;

namespace Hotline.Workflows.Timers;

/// <summary>The alarm's job: hands its bookmark id to <see cref="DueTimerSweep.FireAsync"/>.</summary>
internal sealed class WorkflowTimerJob(DueTimerSweep sweep) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        if (context.MergedJobDataMap.TryGetValue(TimerAlarm.BookmarkIdKey, out var value) && value is string bookmarkId)
        {
            await sweep.FireAsync(bookmarkId, cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>The periodic safety net: fires whatever is due, in case an alarm was lost.</summary>
[DisallowConcurrentExecution]
internal sealed class DueTimerSweepJob(DueTimerSweep sweep) : IJob
{
    public const string Name = "workflow-timer-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await sweep.FireDueAsync(cancellationToken).ConfigureAwait(false);
}
