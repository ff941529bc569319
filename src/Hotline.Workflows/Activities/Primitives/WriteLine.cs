using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Primitives;

/// <summary>Writes a line to the instance journal (日志) — not to the console.</summary>
public sealed class WriteLine : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.WriteLine")
    {
        Category = "Console",
        DisplayName = "Write Line",
        Description = "Writes a line of text to the workflow journal.",
        Inputs = [new InputDescriptor("Text") { Description = "The text to write." }],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        context.JournalMessage = context.GetInput<string>("Text") ?? "";
        return ValueTask.FromResult(ActivityResult.Complete());
    }
}
