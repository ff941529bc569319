using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Scheduling;

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
