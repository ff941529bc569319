using Hotline.Workflows.Instances;

namespace Hotline.Workflows.Runtime;

/// <summary>Sort keys of the instance list; <see cref="UpdatedAt"/> is what Studio calls LastExecuted.</summary>
public enum InstanceOrder
{
    Created,
    UpdatedAt,
    Finished,
    Name,
}

/// <summary>Comparison of a timestamp filter, named as Studio sends them.</summary>
public enum TimestampOperator
{
    Is,
    IsNot,
    LessThan,
    GreaterThan,
    LessThanOrEqual,
    GreaterThanOrEqual,
}

/// <summary>Which instance timestamp a filter reads.</summary>
public enum TimestampColumn
{
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}

/// <summary>One timestamp condition of the instance list.</summary>
public sealed record TimestampFilter(TimestampColumn Column, TimestampOperator Operator, DateTimeOffset Timestamp);

/// <summary>The filters of Studio's instance list; every non-empty filter applies (AND).</summary>
public sealed record InstanceQuery
{
    /// <summary>Substring of name, id, definition id, version id or correlation id.</summary>
    public string? SearchTerm { get; init; }

    public IReadOnlyCollection<string>? DefinitionIds { get; init; }
    public string? DefinitionVersionId { get; init; }
    public string? CorrelationId { get; init; }
    public int? Version { get; init; }
    public bool? HasIncidents { get; init; }
    public IReadOnlyCollection<WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyCollection<WorkflowSubStatus>? SubStatuses { get; init; }
    public IReadOnlyCollection<TimestampFilter>? TimestampFilters { get; init; }
    public InstanceOrder OrderBy { get; init; } = InstanceOrder.Created;
    public bool Descending { get; init; } = true;
}

/// <summary>The journal filter of the instance viewer; all non-null lists apply (AND).</summary>
public sealed record JournalFilter
{
    public IReadOnlyCollection<string>? ActivityIds { get; init; }
    public IReadOnlyCollection<string>? ActivityNodeIds { get; init; }
    public IReadOnlyCollection<string>? ExcludedActivityTypes { get; init; }
    public IReadOnlyCollection<string>? EventNames { get; init; }
}

/// <summary>One instance of a correlation (<see cref="WorkflowRuntime.ListCorrelatedAsync"/>): what a ticket's page links.</summary>
public sealed record CorrelatedInstance(string Id, string DefinitionId, int Version, WorkflowStatus Status, WorkflowSubStatus SubStatus);
