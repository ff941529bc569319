namespace Hotline.Workflows.Bookmarks;

/// <summary>
/// A wait point: the only way into a suspended instance. <see cref="Hash"/> is computed from the
/// activity type name and the payload so a stimulus finds its bookmarks without scanning payloads.
/// A bookmark with <see cref="DueAt"/> is a durable timer; the row is the truth and the scheduler
/// only its alarm clock.
/// </summary>
public sealed class Bookmark
{
    public required string Id { get; init; }
    public required string WorkflowInstanceId { get; init; }

    /// <summary>Activity type name, e.g. <c>Elsa.Event</c> or <c>Hotline.AwaitTicketAction</c>.</summary>
    public required string Name { get; init; }

    public required string Hash { get; init; }
    public string? PayloadJson { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityInstanceId { get; init; }
    public string? CorrelationId { get; init; }
    public string? TenantId { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
