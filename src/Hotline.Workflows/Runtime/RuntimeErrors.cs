namespace Hotline.Workflows.Runtime;

/// <summary>
/// Another request advanced the same instance (or consumed the same bookmark) first; nothing of this
/// request was saved. The HTTP edge answers 409; a caller may reload and retry.
/// </summary>
public sealed class WorkflowConcurrencyException(string instanceId, Exception? inner = null)
    : Exception($"Workflow instance '{instanceId}' was changed by another request; nothing was saved.", inner)
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>The bookmark does not exist (never did, or was already consumed); nothing was changed.</summary>
public sealed class BookmarkNotFoundException(string bookmarkId)
    : Exception($"Bookmark '{bookmarkId}' not found: it was never created or has already been resumed.")
{
    public string BookmarkId { get; } = bookmarkId;
}

/// <summary>No instance with this id.</summary>
public sealed class WorkflowInstanceNotFoundException(string instanceId)
    : Exception($"Workflow instance '{instanceId}' not found.")
{
    public string InstanceId { get; } = instanceId;
}

/// <summary>
/// A run before the transaction (<see cref="Persistence.WorkflowUnitOfWork.DeferWrites"/>) reached a call whose reads its
/// own unwritten saves would make stale (a resume by bookmark id, a cancel, a delete). Nothing was written; the caller
/// discards the run and does the work again in the transaction.
/// </summary>
public sealed class DeferredRunUnsupportedException(string call)
    : Exception($"{call} cannot run before the unit of work's transaction; run it inside the transaction.")
{
    public string Call { get; } = call;
}
