using System.Text.Json.Nodes;

namespace Hotline.Workflows.Activities.Scheduling;

/// <summary>The timer bookmark shared by Delay, Timer and StartAt: payload <c>{"resumeAt":…}</c> and <c>DueAt</c>.</summary>
internal static class TimerBookmark
{
    public static ActivityResult WaitUntil(ActivityExecutionContext context, DateTimeOffset dueAt)
    {
        if (dueAt <= context.TimeProvider.GetUtcNow())
            return ActivityResult.Complete();
        return ActivityResult.Suspend(new BookmarkRequest(new JsonObject { ["resumeAt"] = dueAt }) { DueAt = dueAt });
    }
}
