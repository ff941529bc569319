namespace Hotline.Workflows.Definitions;

/// <summary>Sort keys of the definition list, named as Studio sends them.</summary>
public enum DefinitionOrder
{
    Name,
    Version,
    Created,
}

/// <summary>A search over definition versions: the filters of Studio's definition list.</summary>
public sealed record DefinitionQuery
{
    public VersionOptions VersionOptions { get; init; } = VersionOptions.AllVersions;
    public string? SearchTerm { get; init; }
    public bool? IsSystem { get; init; }
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }

    /// <summary>Version ids.</summary>
    public IReadOnlyCollection<string>? Ids { get; init; }

    public DefinitionOrder OrderBy { get; init; } = DefinitionOrder.Name;
    public bool Descending { get; init; }
}

/// <summary>What a save, publish or import did.</summary>
/// <param name="Definition">The saved version.</param>
/// <param name="Created">A new definition (not just a new version) was created.</param>
/// <param name="AlreadyPublished">Publish found the latest version already published and changed nothing.</param>
public sealed record DefinitionSaveResult(WorkflowDefinitionRecord Definition, bool Created, bool AlreadyPublished);
