using System.Text.Json;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Instances;

/// <summary>An exported instance to import: the row's fields and the executor's state as this server exported them.</summary>
public sealed record ImportedInstance(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    string? CorrelationId,
    string? Name,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt,
    string StateJson);

/// <summary>Why an import was refused: a stable code and what to do. Nothing was imported.</summary>
public sealed class InstanceImportException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>
/// Imports exported instances into the context's tenant (Elsa's instance import): each pinned to a version of one of the
/// tenant's definitions, with the bookmarks its state holds. All or nothing: an id that any tenant already uses, a version
/// the tenant does not have or an unreadable state refuses the whole import. Journal lines are not imported.
/// </summary>
public sealed class InstanceImport(WorkflowDbContext db, TimeProvider time)
{
    public const string Exists = "instance.exists";
    public const string DefinitionUnknown = "instance.definition-unknown";
    public const string Unreadable = "instance.unreadable";

    public async Task<int> ImportAsync(IReadOnlyList<ImportedInstance> instances, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instances);
        var rows = new List<(WorkflowInstance Instance, List<Bookmark> Bookmarks)>();
        foreach (var imported in instances)
        {
            rows.Add(await PrepareAsync(imported, cancellationToken).ConfigureAwait(false));
        }

        var ids = rows.Select(r => r.Instance.Id).ToList();
        var bookmarkIds = rows.SelectMany(r => r.Bookmarks).Select(b => b.Id).ToList();
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count
            || await db.Instances.AcrossTenants().AnyAsync(x => ids.Contains(x.Id), cancellationToken).ConfigureAwait(false)
            || await db.Bookmarks.AcrossTenants().AnyAsync(x => bookmarkIds.Contains(x.Id), cancellationToken).ConfigureAwait(false))
        {
            // Instance ids are global (instances of every tenant share the table): never overwrite or shadow one.
            throw new InstanceImportException(Exists, "An instance (or one of its bookmarks) with an id in this import already exists; nothing was imported.");
        }

        try
        {
            foreach (var (instance, bookmarks) in rows)
            {
                db.Instances.Add(instance);
                db.Bookmarks.AddRange(bookmarks);
            }

            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return rows.Count;
    }

    private async Task<(WorkflowInstance, List<Bookmark>)> PrepareAsync(ImportedInstance imported, CancellationToken cancellationToken)
    {
        if (!DefinitionRules.IsSafeId(imported.Id))
        {
            throw new InstanceImportException(Unreadable, $"'{imported.Id}' is not an instance id: letters, digits, '-' and '_', at most 100.");
        }

        var version = await db.Definitions.AsNoTracking()
            .Where(d => d.Id == imported.DefinitionVersionId && d.DefinitionId == imported.DefinitionId)
            .Select(d => (int?)d.Version)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InstanceImportException(DefinitionUnknown, $"Instance '{imported.Id}' runs version '{imported.DefinitionVersionId}' of '{imported.DefinitionId}', which is not one of your definitions; import the definition first.");

        WorkflowState state;
        try
        {
            state = WorkflowState.Read(imported.StateJson);
        }
        catch (JsonException e)
        {
            throw new InstanceImportException(Unreadable, $"The state of instance '{imported.Id}' cannot be read: {e.Message}");
        }

        var instance = new WorkflowInstance
        {
            Id = imported.Id,
            DefinitionId = imported.DefinitionId,
            DefinitionVersionId = imported.DefinitionVersionId,
            Version = version,
            TenantId = db.TenantId,
            CorrelationId = imported.CorrelationId,
            Name = imported.Name,
            Status = imported.Status,
            SubStatus = imported.SubStatus,
            IncidentCount = state.Incidents.Count,
            CreatedAt = imported.CreatedAt,
            UpdatedAt = imported.UpdatedAt,
            FinishedAt = imported.FinishedAt,
            StateJson = state.Write(),
        };

        // Bookmarks come from the state the executor resumes from; hashes are computed again, never taken from the file.
        var now = time.GetUtcNow();
        var bookmarks = imported.Status == WorkflowStatus.Finished ? [] : state.Bookmarks.Select(b => new Bookmark
        {
            Id = b.Id,
            WorkflowInstanceId = instance.Id,
            Name = b.Name,
            Hash = BookmarkHash.Compute(b.Name, b.Payload),
            PayloadJson = b.Payload?.ToJsonString(WorkflowJson.Options),
            ActivityNodeId = b.ActivityNodeId,
            ActivityInstanceId = b.ActivityInstanceId,
            CorrelationId = instance.CorrelationId,
            TenantId = db.TenantId,
            DueAt = b.DueAt,
            CreatedAt = now,
        }).ToList();
        return (instance, bookmarks);
    }
}
