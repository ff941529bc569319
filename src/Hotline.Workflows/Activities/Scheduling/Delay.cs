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
