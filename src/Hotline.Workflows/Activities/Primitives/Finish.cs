using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Primitives;

/// <summary>Finishes the whole workflow at once (终止流程), cancelling every other branch and bookmark.</summary>
public sealed class Finish : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Finish")
    {
        Category = "Primitives",
        DisplayName = "Finish",
        Description = "Finishes the workflow.",
        IsTerminal = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.FinishWorkflow);
}
