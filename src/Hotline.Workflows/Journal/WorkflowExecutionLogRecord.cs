namespace Hotline.Workflows.Journal;

/// <summary>One journal line: an activity (or the workflow itself) started, completed, faulted, was suspended or resumed.</summary>
public sealed class WorkflowExecutionLogRecord
{
    public required string Id { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public required string ActivityInstanceId { get; init; }
    public string? ParentActivityInstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }
    public required string NodeId { get; init; }
    public DateTimeOffset Timestamp { get; init; }
    public long Sequence { get; init; }

    /// <summary>Started, Resumed, Completed, Suspended, Faulted, Canceled or Error.</summary>
    public required string EventName { get; init; }

    public string? Message { get; init; }
    public string? Source { get; init; }

    /// <summary>Who caused this step (a user or system id), so auditors see the actor.</summary>
    public string? Actor { get; init; }

    public string? ActivityStateJson { get; init; }
    public string? PayloadJson { get; init; }
}
