using System.Text.Json.Nodes;

namespace Hotline.Workflows.Activities;

/// <summary>
/// A wait point an activity asks for. The payload identifies the stimulus (an event name, a set
/// of ticket actions); <see cref="DueAt"/> makes it a durable timer.
/// </summary>
public sealed record BookmarkRequest(JsonNode? Payload = null)
{
    public DateTimeOffset? DueAt { get; init; }
    public string? CorrelationId { get; init; }

    /// <summary>Overrides the bookmark name, which defaults to the activity type name.</summary>
    public string? Name { get; init; }
}
