using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Definitions;

/// <summary>
/// Definition versions (流程定义版本管理) with Elsa's rules: saving edits the latest draft in place or starts
/// a new draft after a published version; publishing leaves exactly one published version, which is also
/// the latest; retract unpublishes; revert copies an old version into a new draft. Instances stay pinned
/// to the version id they started on, so none of this changes a running instance.
/// <para>
/// Everything here happens in the tenant of the store's context (<see cref="WorkflowDbContext.TenantId"/>): another
/// tenant's definitions are not found, and what is saved belongs to this tenant whatever the document says.
/// </para>
/// </summary>
public sealed class WorkflowDefinitionStore(WorkflowDbContext db, ActivityRegistry registry, TimeProvider time, WorkflowLimits? limits = null)
{
    public Task<WorkflowDefinitionRecord?> FindByIdAsync(string versionId, CancellationToken cancellationToken = default) =>
        db.Definitions.AsNoTracking().FirstOrDefaultAsync(x => x.Id == versionId, cancellationToken);

    /// <summary>The highest version of <paramref name="definitionId"/> that <paramref name="options"/> admits.</summary>
    public Task<WorkflowDefinitionRecord?> FindAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default) =>
        db.Definitions.AsNoTracking()
            .Where(x => x.DefinitionId == definitionId)
            .WithVersion(options)
            .OrderByDescending(x => x.Version)
            .FirstOrDefaultAsync(cancellationToken);

    public async Task<PagedList<WorkflowDefinitionRecord>> ListAsync(DefinitionQuery query, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        var matches = db.Definitions.AsNoTracking().WithVersion(query.VersionOptions);
        if (query.IsSystem is { } isSystem)
        {
            matches = matches.Where(x => x.IsSystem == isSystem);
        }

        if (query.DefinitionIds is { Count: > 0 } definitionIds)
        {
            matches = matches.Where(x => definitionIds.Contains(x.DefinitionId));
        }

        if (query.Ids is { Count: > 0 } ids)
        {
            matches = matches.Where(x => ids.Contains(x.Id));
        }

        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var pattern = LikePattern.Contains(query.SearchTerm);
            matches = matches.Where(x =>
                EF.Functions.Like(x.Name.ToLower(), pattern, LikePattern.Escape)
                || (x.Description != null && EF.Functions.Like(x.Description.ToLower(), pattern, LikePattern.Escape))
                || EF.Functions.Like(x.Id.ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like(x.DefinitionId.ToLower(), pattern, LikePattern.Escape));
        }

        var total = await matches.CountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = (query.OrderBy, query.Descending) switch
        {
            (DefinitionOrder.Version, false) => matches.OrderBy(x => x.Version).ThenBy(x => x.Name),
            (DefinitionOrder.Version, true) => matches.OrderByDescending(x => x.Version).ThenBy(x => x.Name),
            (DefinitionOrder.Created, false) => matches.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id),
            (DefinitionOrder.Created, true) => matches.OrderByDescending(x => x.CreatedAt).ThenBy(x => x.Id),
            (_, false) => matches.OrderBy(x => x.Name).ThenBy(x => x.Version),
            (_, true) => matches.OrderByDescending(x => x.Name).ThenBy(x => x.Version),
        };
        var items = await page.Apply(ordered).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new(items, total);
    }

    /// <summary>Whether no other definition uses <paramref name="name"/>.</summary>
    public async Task<bool> IsNameUniqueAsync(string name, string? definitionId = null, CancellationToken cancellationToken = default) =>
        !await db.Definitions.AnyAsync(x => x.Name == name.Trim() && x.DefinitionId != definitionId, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Saves a posted document (Studio's <c>WorkflowDefinitionModel</c>): creates version 1 of a new definition,
    /// updates the latest draft in place, or starts a new draft after a published latest version; then
    /// publishes it when <paramref name="publish"/> is set.
    /// </summary>
    public async Task<DefinitionSaveResult> SaveAsync(JsonObject model, bool publish, CancellationToken cancellationToken = default)
    {
        var (name, storedJson) = Prepare(model);
        var definitionId = DefinitionDocument.ReadString(model, "definitionId") ?? NewId();
        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        var latest = Latest(versions);

        WorkflowDefinitionRecord draft;
        if (latest is { IsPublished: false })
        {
            draft = latest;
            draft.Name = name;
            draft.Description = DefinitionDocument.ReadString(model, "description");
            draft.Json = storedJson;
            draft.ContentHash = DefinitionDocument.Hash(storedJson);
        }
        else
        {
            var versionId = await FreeVersionIdAsync(DefinitionDocument.ReadString(model, "id"), cancellationToken).ConfigureAwait(false);
            draft = NewVersion(versionId, definitionId, (latest?.Version ?? 0) + 1, name, model, storedJson);
            versions.Add(draft);
        }

        MakeLatest(versions, draft);
        if (publish)
        {
            MakePublished(versions, draft);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new(draft, Created: latest is null, AlreadyPublished: false);
    }

    /// <summary>Publishes the latest version; the one published before is unpublished.</summary>
    public async Task<DefinitionSaveResult> PublishAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        var latest = Latest(versions) ?? throw NotFound(definitionId);
        if (latest.IsPublished)
        {
            return new(latest, Created: false, AlreadyPublished: true);
        }

        MakePublished(versions, latest);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new(latest, Created: false, AlreadyPublished: false);
    }

    /// <summary>Unpublishes the published version; refused when none is published.</summary>
    public async Task<WorkflowDefinitionRecord> RetractAsync(string definitionId, CancellationToken cancellationToken = default)
    {
        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            throw NotFound(definitionId);
        }

        var published = versions.FirstOrDefault(x => x.IsPublished)
            ?? throw WorkflowDefinitionValidationException.For("definitionId", $"Workflow definition '{definitionId}' has no published version to retract.");
        published.IsPublished = false;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return published;
    }

    /// <summary>Copies version <paramref name="version"/> into a new latest draft.</summary>
    public async Task<WorkflowDefinitionRecord> RevertAsync(string definitionId, int version, CancellationToken cancellationToken = default)
    {
        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        var source = versions.FirstOrDefault(x => x.Version == version)
            ?? throw new WorkflowDefinitionNotFoundException($"Workflow definition '{definitionId}' has no version {version}.");
        var copy = new WorkflowDefinitionRecord
        {
            Id = NewId(),
            DefinitionId = definitionId,
            Version = versions.Max(x => x.Version) + 1,
            Name = source.Name,
            Description = source.Description,
            IsSystem = source.IsSystem,
            TenantId = source.TenantId,
            CreatedAt = time.GetUtcNow(),
            Json = source.Json,
            ContentHash = source.ContentHash,
        };
        db.Definitions.Add(copy);
        versions.Add(copy);
        MakeLatest(versions, copy);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return copy;
    }

    /// <summary>
    /// Deletes one version. When it was the latest, the highest remaining version becomes the latest.
    /// As in Elsa, instances that ran on it are kept (Studio then hides them).
    /// </summary>
    public async Task<bool> DeleteVersionAsync(string versionId, CancellationToken cancellationToken = default)
    {
        var target = await db.Definitions.FirstOrDefaultAsync(x => x.Id == versionId, cancellationToken).ConfigureAwait(false);
        if (target is null)
        {
            return false;
        }

        var versions = await LoadVersionsAsync(target.DefinitionId, cancellationToken).ConfigureAwait(false);
        versions.Remove(target);
        db.Definitions.Remove(target);
        if (target.IsLatest && versions.Count > 0)
        {
            MakeLatest(versions, versions.MaxBy(x => x.Version)!);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Deletes every version of a definition; returns how many were deleted (0: not found).</summary>
    public Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken = default) =>
        db.Definitions.Where(x => x.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);

    /// <summary>Imports an Elsa document (<c>$schema</c> accepted and ignored) as a draft save.</summary>
    public Task<DefinitionSaveResult> ImportAsync(JsonObject document, CancellationToken cancellationToken = default) =>
        SaveAsync(document, publish: false, cancellationToken);

    /// <summary>The Elsa export document (with <c>$schema</c>) of the version <paramref name="options"/> selects.</summary>
    public async Task<JsonObject> ExportAsync(string definitionId, VersionOptions options, CancellationToken cancellationToken = default)
    {
        var record = await FindAsync(definitionId, options, cancellationToken).ConfigureAwait(false) ?? throw NotFound(definitionId);
        return DefinitionDocument.ToDocument(record, withSchema: true);
    }

    /// <summary>
    /// Imports one version-controlled file (see <see cref="DefinitionFolderImport"/>): it is stored as version
    /// <c>version</c> of its <c>definitionId</c> only when the database holds no version that high, and published
    /// when the file says <c>isPublished</c>. Returns null when the database already holds that version or a newer one.
    /// </summary>
    public async Task<WorkflowDefinitionRecord?> ImportIfNewerAsync(JsonObject document, CancellationToken cancellationToken = default)
    {
        var definitionId = DefinitionDocument.ReadString(document, "definitionId")
            ?? throw WorkflowDefinitionValidationException.For("definitionId", "A version-controlled definition must carry its definitionId.");
        var fileVersion = DefinitionDocument.ReadInt(document, "version") ?? 1;
        if (fileVersion < 1)
        {
            throw WorkflowDefinitionValidationException.For("version", "Versions start at 1.");
        }

        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count > 0 && versions.Max(x => x.Version) >= fileVersion)
        {
            return null;
        }

        var (name, storedJson) = Prepare(document);
        return await AddFileVersionAsync(versions, definitionId, fileVersion, name, document, storedJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Imports one version-controlled file again (<c>provision workflows</c>): a definition the tenant lacks is imported as
    /// <see cref="ImportIfNewerAsync"/> would; one whose latest version holds other content gets a new version after it,
    /// published when the file says <c>isPublished</c>, else a draft. Instances stay on the versions they started on.
    /// Returns null when the latest version already holds the file's content.
    /// </summary>
    public async Task<WorkflowDefinitionRecord?> ReimportAsync(JsonObject document, CancellationToken cancellationToken = default)
    {
        var definitionId = DefinitionDocument.ReadString(document, "definitionId")
            ?? throw WorkflowDefinitionValidationException.For("definitionId", "A version-controlled definition must carry its definitionId.");
        var versions = await LoadVersionsAsync(definitionId, cancellationToken).ConfigureAwait(false);
        if (versions.Count == 0)
        {
            return await ImportIfNewerAsync(document, cancellationToken).ConfigureAwait(false);
        }

        var (name, storedJson) = Prepare(document);
        var latest = Latest(versions)!;
        // Name and description live in columns, outside the hashed document.
        if (latest.ContentHash == DefinitionDocument.Hash(storedJson) && latest.Name == name && latest.Description == DefinitionDocument.ReadString(document, "description"))
        {
            return null;
        }

        return await AddFileVersionAsync(versions, definitionId, versions.Max(x => x.Version) + 1, name, document, storedJson, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stores a version-controlled file as the latest version, published when the file says so.</summary>
    private async Task<WorkflowDefinitionRecord> AddFileVersionAsync(
        List<WorkflowDefinitionRecord> versions, string definitionId, int version, string name, JsonObject document, string storedJson, CancellationToken cancellationToken)
    {
        var versionId = await FreeVersionIdAsync(DefinitionDocument.ReadString(document, "id"), cancellationToken).ConfigureAwait(false);
        var record = NewVersion(versionId, definitionId, version, name, document, storedJson);
        versions.Add(record);
        MakeLatest(versions, record);
        if (DefinitionDocument.ReadBool(document, "isPublished"))
        {
            MakePublished(versions, record);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return record;
    }

    // Names are not checked for uniqueness: Elsa's save and import never do (only its is-name-unique query, which
    // Studio calls while a name is edited), so two definitions may share a name; ids stay unique.
    private (string Name, string StoredJson) Prepare(JsonObject model)
    {
        DefinitionRules.Check(model, (limits ?? WorkflowLimits.Default).MaxActivitiesPerDefinition);
        var name = DefinitionDocument.ReadString(model, "name")
            ?? throw WorkflowDefinitionValidationException.For("name", "A workflow definition needs a name.");
        return (name, DefinitionDocument.ToStoredJson(Validate(model)));
    }

    // Refuses what the engine could not run (unknown activity types, duplicate ids, bad expressions) and stores
    // the normalised form (node ids recomputed), so a saved version always loads.
    private JsonObject Validate(JsonObject model)
    {
        try
        {
            return WorkflowDefinitionSerializer.ToJsonObject(WorkflowDefinitionSerializer.Parse(model, registry));
        }
        catch (WorkflowDefinitionException exception)
        {
            throw new WorkflowDefinitionValidationException(exception.Errors
                .GroupBy(error => error.ActivityId is null ? error.Field : $"{error.ActivityId}.{error.Field}")
                .ToDictionary(group => group.Key, group => group.Select(error => error.Message).ToArray()));
        }
    }

    private WorkflowDefinitionRecord NewVersion(string versionId, string definitionId, int version, string name, JsonObject model, string storedJson)
    {
        var record = new WorkflowDefinitionRecord
        {
            Id = versionId,
            DefinitionId = definitionId,
            Version = version,
            Name = name,
            Description = DefinitionDocument.ReadString(model, "description"),
            IsSystem = DefinitionDocument.ReadBool(model, "isSystem"),
            TenantId = db.TenantId,
            CreatedAt = time.GetUtcNow(),
            Json = storedJson,
            ContentHash = DefinitionDocument.Hash(storedJson),
        };
        db.Definitions.Add(record);
        return record;
    }

    private Task<List<WorkflowDefinitionRecord>> LoadVersionsAsync(string definitionId, CancellationToken cancellationToken) =>
        db.Definitions.Where(x => x.DefinitionId == definitionId).ToListAsync(cancellationToken);

    private async Task<string> FreeVersionIdAsync(string? wanted, CancellationToken cancellationToken) =>
        wanted is not null && !await db.Definitions.AcrossTenants().AnyAsync(x => x.Id == wanted, cancellationToken).ConfigureAwait(false) ? wanted : NewId();

    private static WorkflowDefinitionRecord? Latest(List<WorkflowDefinitionRecord> versions) =>
        versions.FirstOrDefault(x => x.IsLatest) ?? versions.MaxBy(x => x.Version);

    private static void MakeLatest(List<WorkflowDefinitionRecord> versions, WorkflowDefinitionRecord latest)
    {
        foreach (var version in versions)
        {
            version.IsLatest = ReferenceEquals(version, latest);
        }
    }

    private static void MakePublished(List<WorkflowDefinitionRecord> versions, WorkflowDefinitionRecord published)
    {
        foreach (var version in versions)
        {
            version.IsPublished = ReferenceEquals(version, published);
            version.IsLatest = ReferenceEquals(version, published);
        }
    }

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    private static WorkflowDefinitionNotFoundException NotFound(string definitionId) => new($"Workflow definition '{definitionId}' not found.");
}
