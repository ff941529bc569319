using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>
/// A flowchart (流程图): child activities joined by connections. The executor schedules the start
/// activity and follows outcomes; the container itself only waits for its children.
/// <c>Elsa.FlowNode</c>, as in Elsa, runs its single <c>body</c> activity and completes when that completes.
/// </summary>
public sealed class Flowchart : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Flowchart")
    {
        Category = "Flow",
        DisplayName = "Flowchart",
        Description = "A flowchart is a collection of activities and connections between them.",
        IsContainer = true,
        IsBrowsable = false,
    };

    public static ActivityDescriptor FlowNodeDescriptor { get; } = new("Elsa.FlowNode")
    {
        Category = "Flow",
        DisplayName = "Container",
        Description = "A simple container that executes the specified activity.",
        RunsBody = true,
        Ports = [new PortDescriptor("Body", "Body", PortType.Embedded)],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Wait);
}
