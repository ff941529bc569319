using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// The bookmarks of each correlation (a ticket) that a unit of work delivered stimuli to, read once per unit: an action
/// records several events and each is matched here in memory instead of by a query per event. The runtime's saves keep
/// the lists current; that suffices because every bookmark write of a unit goes through its runtime, and other writers
/// wait (SQLite's write lock, the ticket's row lock on PostgreSQL); a list read by a run before the lock is checked
/// against the store under it (<see cref="Persistence.WorkflowUnitOfWork.WriteDeferredAsync(CancellationToken)"/>). A list belongs to one run of the unit (from a run before its transaction to the commit) and is dropped with it.
/// <para>
/// The same statement reads the correlation's instances, ended ones included. Read under the lock (by a unit that began
/// first, or by the check of a run before it) they are as the store holds them until the unit writes; with the unit's own
/// saves of the correlation's instances (<see cref="SavedInstance"/>) over them they are the instances as the commit leaves
/// them: the action's view lists them without reading them again.
/// </para>
/// </summary>
internal sealed class CorrelatedBookmarks
{
    private readonly Dictionary<(string? TenantId, string CorrelationId), List<Bookmark>> lists = [];
    private readonly Dictionary<(string? TenantId, string CorrelationId), List<InstanceRow>> stored = [];
    private readonly Dictionary<(string? TenantId, string CorrelationId), Dictionary<string, InstanceRow>> saved = [];
    private object? run;
    private bool bookmarksCommitted;
    private bool instancesCommitted;

    /// <summary>The list read earlier in the unit's <paramref name="unitRun"/>, kept current by <see cref="Saved"/>; null when not read yet.</summary>
    public List<Bookmark>? Find(object unitRun, string? tenantId, string correlationId)
    {
        Enter(unitRun);
        return lists.GetValueOrDefault((tenantId, correlationId));
    }

    public void Add(string? tenantId, string correlationId, List<Bookmark> bookmarks) => lists[(tenantId, correlationId)] = bookmarks;

    /// <summary>The correlation's instances as read under the lock, before the unit's writes (a later read replaces them).</summary>
    public void Stored(string? tenantId, string correlationId, List<InstanceRow> instances) => stored[(tenantId, correlationId)] = instances;

    /// <summary>The unit committed: what it left serves the next read of each kind (the response's view).</summary>
    public void Committed()
    {
        run = null;
        bookmarksCommitted = instancesCommitted = true;
    }

    /// <summary>
    /// Once, right after the commit: the list as the unit left it, or null. Only the next read may take it; later ones
    /// read the store, which other units may have changed since.
    /// </summary>
    public List<Bookmark>? TakeCommitted(string? tenantId, string correlationId)
    {
        var list = bookmarksCommitted ? lists.GetValueOrDefault((tenantId, correlationId)) : null;
        bookmarksCommitted = false;
        ClearWhenTaken();
        return list;
    }

    /// <summary>
    /// Once, right after the commit: the correlation's instances as the unit left them, oldest first, when the unit read
    /// them under the lock; otherwise null (read the store).
    /// </summary>
    public List<CorrelatedInstance>? TakeCommittedInstances(string? tenantId, string correlationId)
    {
        List<CorrelatedInstance>? instances = null;
        if (instancesCommitted && stored.TryGetValue((tenantId, correlationId), out var rows))
        {
            var own = saved.GetValueOrDefault((tenantId, correlationId));
            instances = [.. rows.Where(r => own is null || !own.ContainsKey(r.Instance.Id))
                .Concat(own?.Values ?? Enumerable.Empty<InstanceRow>())
                .OrderBy(r => r.CreatedAt).ThenBy(r => r.Instance.Id, StringComparer.Ordinal)
                .Select(r => r.Instance)];
        }

        instancesCommitted = false;
        ClearWhenTaken();
        return instances;
    }

    /// <summary>A save of the unit removed and created these bookmarks.</summary>
    public void Saved(IReadOnlyList<string> removed, IReadOnlyList<Bookmark> created)
    {
        if (lists.Count == 0)
        {
            return;
        }

        if (removed.Count > 0)
        {
            foreach (var list in lists.Values)
            {
                list.RemoveAll(b => removed.Contains(b.Id, StringComparer.Ordinal));
            }
        }

        foreach (var bookmark in created)
        {
            if (bookmark.CorrelationId is { } correlationId && lists.TryGetValue((bookmark.TenantId, correlationId), out var list))
            {
                list.Add(bookmark);
            }
        }
    }

    /// <summary>A save of the unit's <paramref name="unitRun"/> wrote <paramref name="instance"/> as it is now (the last save of an instance wins).</summary>
    public void SavedInstance(object unitRun, WorkflowInstance instance)
    {
        if (instance.CorrelationId is not { } correlationId)
        {
            return;
        }

        Enter(unitRun);
        var key = (instance.TenantId, correlationId);
        if (!saved.TryGetValue(key, out var rows))
        {
            saved[key] = rows = new(StringComparer.Ordinal);
        }

        rows[instance.Id] = new(new(instance.Id, instance.DefinitionId, instance.Version, instance.Status, instance.SubStatus), instance.CreatedAt);
    }

    /// <summary>Forgets every list: a write that did not go through <see cref="Saved"/>, or a failed save.</summary>
    public void Clear()
    {
        lists.Clear();
        stored.Clear();
        saved.Clear();
        run = null;
        bookmarksCommitted = instancesCommitted = false;
    }

    private void Enter(object unitRun)
    {
        if (!ReferenceEquals(unitRun, run))
        {
            Clear();
            run = unitRun;
        }
    }

    private void ClearWhenTaken()
    {
        if (!bookmarksCommitted && !instancesCommitted)
        {
            Clear();
        }
    }

    /// <summary>An instance of a correlation with its creation time, by which a correlation's instances are listed.</summary>
    public readonly record struct InstanceRow(CorrelatedInstance Instance, DateTimeOffset CreatedAt);
}
