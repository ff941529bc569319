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
/// tenant's definitions, with the bookmarks its state holds. All or nothing: an instance id that any tenant already uses, a
/// version the tenant does not have or an unreadable state refuses the whole import. Journal lines and activity records
/// are not imported.
/// </summary>
/// <remarks>
/// Every imported instance runs under new keys: its activity instances (each one's execution record key) and its bookmarks
/// get fresh ids, and every reference in its state follows (<see cref="WorkflowState.RenewKeys"/>). The state an export
/// carries names the source's keys, and a record key is global: a copy resumed under them would write over the source's
/// records (another county's, or the same county's under another instance id), which the store refuses as a conflict, so
/// the copy could never run. Renewing them is complete because the file's records and journal are not imported: nothing
/// else of this server names the copy's old keys, and the source's rows are never touched. The copy then resumes and
/// finishes like any instance; its viewer shows the records its own runs write.
/// </remarks>
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
        if (ids.Distinct(StringComparer.Ordinal).Count() != ids.Count || await AnyExistsAsync(ids, cancellationToken).ConfigureAwait(false))
        {
            // Instance ids are global (instances of every tenant share the table): never overwrite or shadow one. Bookmark and
            // record keys are the import's own (renewed), so only the instance id can collide.
            throw IdTaken();
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
        catch (DbUpdateException)
        {
            // Another import (or a run) took one of the ids between the check and this save: the same refusal, not a
            // failure. The save's own transaction has rolled back, so nothing of this import was written.
            db.ChangeTracker.Clear();
            if (await AnyExistsAsync(ids, cancellationToken).ConfigureAwait(false))
            {
                throw IdTaken();
            }

            throw;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }

        return rows.Count;
    }

    private Task<bool> AnyExistsAsync(List<string> ids, CancellationToken cancellationToken) =>
        db.Instances.AcrossTenants().AnyAsync(x => ids.Contains(x.Id), cancellationToken);

    private static InstanceImportException IdTaken() =>
        new(Exists, "An instance with an id in this import already exists (or the import names it twice); give the copy another id. Nothing was imported.");

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

        if (StateDefect(imported, state) is { } defect)
        {
            throw new InstanceImportException(Unreadable, $"The state of instance '{imported.Id}' cannot run: {defect}.");
        }

        state.RenewKeys(NewId);

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

    /// <summary>
    /// What the executor or the store could not take from a state that reads as JSON (a missing list or key, a value longer
    /// than its column), so that it is refused here rather than failing the import's save or every later resume.
    /// </summary>
    private static string? StateDefect(ImportedInstance imported, WorkflowState state)
    {
        if (TooLong(imported.CorrelationId, StoreLimits.Name) || TooLong(imported.Name, StoreLimits.Name))
        {
            return $"its name and correlation id take at most {StoreLimits.Name} characters";
        }

        // System.Text.Json leaves an explicit null in a non-nullable member.
        if (state.Variables is null || state.Input is null || state.Output is null || state.Incidents is null || state.Properties is null
            || state.Contexts is null || state.FlowScopes is null || state.Bookmarks is null
            || state.Incidents.Contains(null!) || state.FlowScopes.ContainsValue(null!) || state.Variables.ContainsValue(null!))
        {
            return "a part of it is null";
        }

        foreach (var context in state.Contexts)
        {
            if (context is null || string.IsNullOrEmpty(context.Id) || string.IsNullOrEmpty(context.ActivityId)
                || string.IsNullOrEmpty(context.NodeId) || string.IsNullOrEmpty(context.ActivityType))
            {
                return "an activity context has no id, activity, node or type";
            }

            if (TooLong(context.ActivityId, StoreLimits.Name) || TooLong(context.ActivityName, StoreLimits.Name) || TooLong(context.SchedulingActivityId, StoreLimits.Name)
                || TooLong(context.NodeId, StoreLimits.NodeId) || TooLong(context.ActivityType, StoreLimits.TypeName))
            {
                return $"activity context '{context.ActivityId}' has a value longer than its record takes";
            }
        }

        foreach (var bookmark in state.Bookmarks)
        {
            if (bookmark is null || string.IsNullOrEmpty(bookmark.Name) || string.IsNullOrEmpty(bookmark.ActivityNodeId) || string.IsNullOrEmpty(bookmark.ActivityInstanceId))
            {
                return "a bookmark has no name, node or activity instance";
            }

            if (TooLong(bookmark.Name, StoreLimits.TypeName) || TooLong(bookmark.ActivityNodeId, StoreLimits.NodeId))
            {
                return "a bookmark has a name or node longer than its column takes";
            }
        }

        return null;
    }

    private static bool TooLong(string? value, int limit) => value?.Length > limit;

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");
}
