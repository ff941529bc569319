using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// The instances a batch of due timers resumes, each with every bookmark it waits on, read together in one tenant
/// (<see cref="WorkflowRuntime.ReadWaitingAsync"/>) instead of two statements per timer. The batch's saves keep it
/// current: an instance two timers of the batch concern is read once and resumed from what the first run left.
/// The rows are untracked; a resume attaches the ones it changes.
/// </summary>
public sealed class WaitingInstances
{
    private readonly Dictionary<string, (WorkflowInstance Instance, string? Hash)> instances = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<Bookmark>> bookmarks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Bookmark> byId = new(StringComparer.Ordinal);

    internal WaitingInstances(IEnumerable<(WorkflowInstance Instance, string? Hash)> rows, IEnumerable<Bookmark> waiting)
    {
        foreach (var row in rows)
        {
            instances[row.Instance.Id] = row;
            bookmarks[row.Instance.Id] = [];
        }

        foreach (var bookmark in waiting)
        {
            // A bookmark whose instance is not in the tenant is not resumable here (as a read in the tenant finds none).
            if (bookmarks.TryGetValue(bookmark.WorkflowInstanceId, out var list))
            {
                list.Add(bookmark);
                byId[bookmark.Id] = bookmark;
            }
        }
    }

    /// <summary>The bookmark if it still waits, with its instance, the instance's pinned version hash and its bookmarks.</summary>
    internal bool TryFind(string bookmarkId, out Bookmark bookmark, out WorkflowInstance instance, out string? hash, out List<Bookmark> waiting)
    {
        if (byId.TryGetValue(bookmarkId, out bookmark!))
        {
            (instance, hash) = instances[bookmark.WorkflowInstanceId];
            waiting = bookmarks[bookmark.WorkflowInstanceId];
            return true;
        }

        (instance, hash, waiting) = (null!, null, null!);
        return false;
    }

    /// <summary>A run of <paramref name="instanceId"/> was saved: its consumed bookmarks are gone, its new ones wait.</summary>
    internal void Saved(string instanceId, IReadOnlyCollection<string> removed, IEnumerable<Bookmark> created)
    {
        var list = bookmarks[instanceId];
        list.RemoveAll(x => removed.Contains(x.Id));
        foreach (var id in removed)
        {
            byId.Remove(id);
        }

        foreach (var bookmark in created)
        {
            list.Add(bookmark);
            byId[bookmark.Id] = bookmark;
        }
    }
}
