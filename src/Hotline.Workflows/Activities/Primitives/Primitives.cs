using System.Text.Json.Nodes;
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

/// <summary>Waits for a named signal (事件). The bookmark payload is <c>{"eventName":…}</c>, so publishing the name finds it by hash.</summary>
public sealed class Event : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Elsa.Event")
    {
        Category = "Primitives",
        DisplayName = "Event",
        Description = "Waits until the named event is published.",
        Kind = ActivityKind.Trigger,
        Inputs = [new InputDescriptor("EventName") { Description = "The name of the event to wait for." }],
    };

    /// <summary>The bookmark payload for an event name; publishers compute the same hash from it.</summary>
    public static JsonObject Payload(string eventName) => new() { ["eventName"] = eventName };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var name = context.GetInput<string>("EventName");
        if (string.IsNullOrWhiteSpace(name))
            throw new InvalidOperationException("Event needs an event name.");
        return ValueTask.FromResult(ActivityResult.Suspend(new BookmarkRequest(Payload(name))));
    }
}

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
