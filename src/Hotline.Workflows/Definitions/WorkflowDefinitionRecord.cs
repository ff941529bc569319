namespace Hotline.Workflows.Definitions;

/// <summary>
/// One stored version of a workflow definition (流程定义版本). The columns are the truth for identity and
/// versioning (<see cref="Id"/> is the version id, <see cref="DefinitionId"/> is shared by all versions);
/// <see cref="Json"/> holds the rest of the Elsa document (root, variables, inputs, options...).
/// <see cref="ContentHash"/> fingerprints that document, so caches and the start-up import can tell
/// whether a version's content changed without comparing text.
/// </summary>
public sealed class WorkflowDefinitionRecord
{
    public required string Id { get; init; }
    public required string DefinitionId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    public required int Version { get; init; }
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public bool IsSystem { get; set; }
    public string? TenantId { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>The Elsa definition document; its identity fields are overwritten from the columns when read.</summary>
    public required string Json { get; set; }

    /// <summary>Hex SHA-256 of <see cref="Json"/> as stored.</summary>
    public required string ContentHash { get; set; }
}
