using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>
/// A join (汇聚): WaitAll continues once every inbound connection was visited (skipped branches
/// count); WaitAny continues on the first branch and cancels the others.
/// </summary>
public sealed class FlowJoin : IActivity, IJoinActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.FlowJoin")
    {
        Category = "Branching",
        DisplayName = "Join",
        Description = "Merges parallel branches.",
        Inputs =
        [
            new InputDescriptor("Mode", "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")
            {
                Description = "WaitAny continues on the first branch; WaitAll waits for every branch.",
                UIHint = "dropdown",
                DefaultValue = nameof(FlowJoinMode.WaitAny),
                UISpecifications = InputDescriptor.DropdownSpecification([("WaitAny", "WaitAny"), ("WaitAll", "WaitAll")]),
            },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (context.GetInput<FlowJoinMode>("Mode") == FlowJoinMode.WaitAny)
        {
            context.CancelInboundBranches();
            return ValueTask.FromResult(ActivityResult.Complete());
        }

        return ValueTask.FromResult(context.AllInboundConnectionsVisited() ? ActivityResult.Complete() : ActivityResult.Wait);
    }
}
