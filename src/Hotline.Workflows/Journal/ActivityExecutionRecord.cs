namespace Hotline.Workflows.Journal;

/// <summary>Activity status as Elsa writes it: "Canceled" has one l.</summary>
public enum ActivityStatus
{
    Pending,
    Running,
    Completed,
    Canceled,
    Faulted,
}

/// <summary>One run of one activity: evaluated inputs, outputs, outcomes, exception, timing.</summary>
public sealed class ActivityExecutionRecord
{
    public required string Id { get; init; }
    public required string WorkflowInstanceId { get; init; }
    public required string ActivityId { get; init; }
    public required string ActivityNodeId { get; init; }
    public required string ActivityType { get; init; }
    public int ActivityTypeVersion { get; init; } = 1;
    public string? ActivityName { get; init; }

    /// <summary>Evaluated inputs keyed by descriptor input name (PascalCase).</summary>
    public string? ActivityStateJson { get; set; }

    public string? OutputsJson { get; set; }

    /// <summary>Holds <c>{"Outcomes":[...]}</c> once the activity completed.</summary>
    public string? PayloadJson { get; set; }

    public string? ExceptionJson { get; set; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
    public bool HasBookmarks { get; set; }
    public ActivityStatus Status { get; set; }
    public int AggregateFaultCount { get; set; }
    public string? SchedulingActivityExecutionId { get; init; }
    public string? SchedulingActivityId { get; init; }
    public int CallStackDepth { get; init; }
}
