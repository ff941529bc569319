using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>
/// A flowchart (流程图): child activities joined by connections. The executor schedules the start
/// activity and follows outcomes; the container itself only waits for its children.
/// <c>Elsa.FlowNode</c> is the same container nested inside another flowchart.
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
        Description = "A nested flowchart; it completes when its own activities are done.",
        IsContainer = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Wait);
}
