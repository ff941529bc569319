using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>The end (结束) of a flowchart: completing it completes the enclosing flowchart at once.</summary>
public sealed class End : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.End")
    {
        Category = "Flow",
        DisplayName = "End",
        Description = "Completes the enclosing flowchart.",
        IsTerminal = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete());
}
