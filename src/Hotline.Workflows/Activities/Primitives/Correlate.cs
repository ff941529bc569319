using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Primitives;

/// <summary>Sets the instance's correlation id (关联号), e.g. the ticket number.</summary>
public sealed class Correlate : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Correlate")
    {
        Category = "Primitives",
        DisplayName = "Correlate",
        Description = "Sets the correlation id of the workflow instance.",
        Inputs = [new InputDescriptor("CorrelationId") { DisplayName = "Correlation ID", Description = "The correlation id to set." }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        context.CorrelationId = context.GetInput<string>("CorrelationId");
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
