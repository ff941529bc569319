using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>A fork (并行分支): follows every branch named in <c>Branches</c> at once.</summary>
public sealed class FlowFork : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.FlowFork")
    {
        Category = "Branching",
        DisplayName = "Fork (flow)",
        Description = "Branches the flow into parallel paths.",
        Inputs =
        [
            new InputDescriptor("Branches", TypeAliases.Object)
            {
                Description = "The names of the branches; each becomes an outcome port.",
                UIHint = "dynamic-outcomes",
                DefaultSyntax = "Object",
            },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var branches = context.GetInput<string[]>("Branches") ?? [];
        return ValueTask.FromResult(ActivityResult.Complete(branches));
    }
}
