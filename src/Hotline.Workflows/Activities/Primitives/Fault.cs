using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Primitives;

/// <summary>Faults the instance on purpose (故障), with an incident carrying code, category and message.</summary>
public sealed class Fault : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Fault")
    {
        Category = "Primitives",
        DisplayName = "Fault",
        Description = "Faults the workflow with an incident.",
        Inputs =
        [
            new InputDescriptor("Code") { Description = "A code identifying the fault.", Order = 0 },
            new InputDescriptor("Category") { Description = "The category of the fault.", Order = 1 },
            new InputDescriptor("Message") { Description = "What went wrong.", UIHint = "multiline", Order = 2 },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) =>
        ValueTask.FromResult(ActivityResult.Faulted(
            context.GetInput<string>("Message") is { Length: > 0 } message ? message : "Fault",
            context.GetInput<string>("Code"),
            context.GetInput<string>("Category")));
}
