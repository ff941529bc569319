namespace Hotline.Workflows.Instances;

/// <summary>
/// One run of one definition version. The row holds the searchable columns; everything the
/// executor needs to continue (variables, flowchart tokens, join counters, incidents, fault,
/// input and output) lives in <see cref="StateJson"/>.
/// </summary>
public sealed class WorkflowInstance
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }

    /// <summary>
    /// The version id the instance is pinned to; publishing a newer version never changes it, only a Migrate alteration
    /// (<see cref="Alterations.WorkflowAlterations"/>) moves it to another version of the same definition.
    /// </summary>
    public required string DefinitionVersionId { get; set; }

    public required int Version { get; set; }
    public string? TenantId { get; set; }
    public string? CorrelationId { get; set; }
    public string? Name { get; set; }
    public WorkflowStatus Status { get; set; }
    public WorkflowSubStatus SubStatus { get; set; }
    public int IncidentCount { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Serialized execution state, owned by the executor.</summary>
    public string StateJson { get; set; } = "{}";

    /// <summary>Optimistic concurrency token: bumped on every save, checked by the store.</summary>
    public long Revision { get; set; }
}
