namespace Hotline.Workflows.Activities;

/// <summary>
/// What an activity asks the executor to do: complete with outcomes, wait on bookmarks, or fault.
/// </summary>
public sealed class ActivityResult
{
    private ActivityResult(ActivityResultKind kind)
    {
        Kind = kind;
    }

    public ActivityResultKind Kind { get; }

    /// <summary>The outcome ports to follow when completing; <c>Done</c> by default.</summary>
    public IReadOnlyList<string> Outcomes { get; private init; } = [];

    public IReadOnlyList<BookmarkRequest> Bookmarks { get; private init; } = [];

    /// <summary>The incident to record when faulting.</summary>
    public ActivityFault? Fault { get; private init; }

    /// <summary>Completes the activity; the flowchart follows the connections leaving the given ports.</summary>
    public static ActivityResult Complete(params string[] outcomes) =>
        new(ActivityResultKind.Complete) { Outcomes = outcomes.Length == 0 ? [DefaultOutcome] : outcomes };

    /// <summary>Suspends the activity until one of the bookmarks is resumed.</summary>
    public static ActivityResult Suspend(params BookmarkRequest[] bookmarks)
    {
        if (bookmarks.Length == 0)
            throw new ArgumentException("Suspending needs at least one bookmark, or the instance could never continue.", nameof(bookmarks));
        return new(ActivityResultKind.Suspend) { Bookmarks = bookmarks };
    }

    /// <summary>Faults the instance with an incident carrying the message (and optional code and category).</summary>
    public static ActivityResult Faulted(string message, string? code = null, string? category = null) =>
        new(ActivityResultKind.Fault) { Fault = new ActivityFault(message, code, category) };

    /// <summary>Stays running without a bookmark (a WaitAll join that has not seen every branch yet).</summary>
    internal static ActivityResult Wait { get; } = new(ActivityResultKind.Wait);

    /// <summary>Finishes the whole workflow now, cancelling whatever else is running or waiting.</summary>
    internal static ActivityResult FinishWorkflow { get; } = new(ActivityResultKind.FinishWorkflow) { Outcomes = [DefaultOutcome] };

    public const string DefaultOutcome = "Done";
}
