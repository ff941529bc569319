using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>The entry point (开始) of a flowchart.</summary>
public sealed class Start : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Start")
    {
        Category = "Flow",
        DisplayName = "Start",
        Description = "The start of the flowchart.",
        IsStart = true,
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => ValueTask.FromResult(ActivityResult.Complete());
}
