using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;

namespace Hotline.Workflows.Activities.Primitives;

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
