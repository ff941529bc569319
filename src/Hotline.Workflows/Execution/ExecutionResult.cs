using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Journal;

namespace Hotline.Workflows.Execution;

/// <summary>
/// Everything one start, resume or cancel produced besides the instance itself. The store
/// persists it together with the instance in one transaction.
/// </summary>
public sealed class ExecutionResult
{
    public IReadOnlyList<Bookmark> CreatedBookmarks { get; init; } = [];
    public IReadOnlyList<string> RemovedBookmarkIds { get; init; } = [];
    public IReadOnlyList<WorkflowExecutionLogRecord> Journal { get; init; } = [];

    /// <summary>Records created or changed in this run; the store upserts them by id.</summary>
    public IReadOnlyList<ActivityExecutionRecord> ActivityExecutions { get; init; } = [];

    /// <summary>
    /// The ids among <see cref="ActivityExecutions"/> whose activity was already in the loaded state: an earlier run stored
    /// their records, so the store updates them and inserts the rest without asking which exist.
    /// </summary>
    public IReadOnlySet<string> EarlierActivityExecutionIds { get; init; } = new HashSet<string>();

    /// <summary>Nothing happened (e.g. the bookmark was already consumed or the instance had finished).</summary>
    public static ExecutionResult None { get; } = new();
}
