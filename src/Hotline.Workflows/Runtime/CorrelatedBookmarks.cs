using Hotline.Workflows.Bookmarks;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// The bookmarks of each correlation (a ticket) that a unit of work delivered stimuli to, read once per unit: an action
/// records several events and each is matched here in memory instead of by a query per event. The runtime's saves keep
/// the lists current; that suffices because every bookmark write of a unit goes through its runtime, and other writers
/// wait (SQLite's write lock, the ticket's row lock on PostgreSQL); a list read by a run before the lock is checked
/// against the store under it (<see cref="Persistence.WorkflowUnitOfWork.WriteDeferredAsync"/>). A list belongs to one run of the unit (from a run before its transaction to the commit) and is dropped with it.
/// </summary>
internal sealed class CorrelatedBookmarks
{
    private readonly Dictionary<(string? TenantId, string CorrelationId), List<Bookmark>> lists = [];
    private object? run;
    private bool committed;

    /// <summary>The list read earlier in the unit's <paramref name="unitRun"/>, kept current by <see cref="Saved"/>; null when not read yet.</summary>
    public List<Bookmark>? Find(object unitRun, string? tenantId, string correlationId)
    {
        if (!ReferenceEquals(unitRun, run))
        {
            Clear();
            run = unitRun;
        }

        return lists.GetValueOrDefault((tenantId, correlationId));
    }

    public void Add(string? tenantId, string correlationId, List<Bookmark> bookmarks) => lists[(tenantId, correlationId)] = bookmarks;

    /// <summary>The unit the lists belong to committed: they are what it left, for the read that follows (the response's view).</summary>
    public void Committed()
    {
        run = null;
        committed = true;
    }

    /// <summary>
    /// Once, right after the commit: the list as the unit left it, or null. Only the next read may take it; later ones
    /// read the store, which other units may have changed since.
    /// </summary>
    public List<Bookmark>? TakeCommitted(string? tenantId, string correlationId)
    {
        var list = committed ? lists.GetValueOrDefault((tenantId, correlationId)) : null;
        Clear();
        return list;
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

    /// <summary>Forgets every list: a write that did not go through <see cref="Saved"/>, or a failed save.</summary>
    public void Clear()
    {
        lists.Clear();
        run = null;
        committed = false;
    }
}
