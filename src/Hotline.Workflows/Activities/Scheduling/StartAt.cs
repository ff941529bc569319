using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Scheduling;

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
