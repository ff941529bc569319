using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Scheduling;

/// <summary>Waits for a span of time (延时): a timer bookmark due at now + <c>TimeSpan</c>.</summary>
public sealed class Delay : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Delay")
    {
        Category = "Scheduling",
        DisplayName = "Delay",
        Description = "Delays execution for the given time span.",
        Inputs = [new InputDescriptor("TimeSpan", TypeAliases.TimeSpan) { Description = "How long to wait, e.g. 00:05:00." }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(TimerBookmark.WaitUntil(context, context.TimeProvider.GetUtcNow() + context.GetInput<TimeSpan>("TimeSpan")));
}

/// <summary>Waits for an interval (定时器); a timer bookmark due at now + <c>Interval</c>.</summary>
public sealed class Timer : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Timer")
    {
        Category = "Scheduling",
        DisplayName = "Timer",
        Description = "Continues after the given interval.",
        Kind = ActivityKind.Trigger,
        Inputs = [new InputDescriptor("Interval", TypeAliases.TimeSpan) { Description = "The interval, e.g. 01:00:00." }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(TimerBookmark.WaitUntil(context, context.TimeProvider.GetUtcNow() + context.GetInput<TimeSpan>("Interval")));
}

/// <summary>Waits until a moment (定时开始); a timer bookmark due at <c>DateTime</c>, or continues at once if it has passed.</summary>
public sealed class StartAt : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.StartAt")
    {
        Category = "Scheduling",
        DisplayName = "Start At",
        Description = "Continues at the given moment.",
        Kind = ActivityKind.Trigger,
        Inputs = [new InputDescriptor("DateTime", TypeAliases.DateTimeOffset) { Description = "When to continue.", UIHint = "datetime-picker" }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(TimerBookmark.WaitUntil(context, context.GetInput<DateTimeOffset>("DateTime")));
}

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
