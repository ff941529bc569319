using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>A decision (条件分支): follows <c>True</c> or <c>False</c> by its condition.</summary>
public sealed class FlowDecision : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.FlowDecision")
    {
        Category = "Branching",
        DisplayName = "Decision",
        Description = "Evaluates a condition and follows True or False.",
        Inputs = [new InputDescriptor("Condition", TypeAliases.Boolean) { Description = "The condition to evaluate.", DefaultValue = false }],
        Ports = [new PortDescriptor("True"), new PortDescriptor("False")],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Complete(context.GetInput<bool>("Condition") ? "True" : "False"));
}
