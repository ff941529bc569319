using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Merging;

/// <summary>
/// 并单 settings. The regulations say nothing about merging duplicates, so these are this project's defaults
/// (docs/rules.md §9), which a tenant's policy override may change.
/// </summary>
public sealed record MergePolicy
{
    /// <summary>
    /// The states a duplicate may be merged from. Default: only <see cref="TicketState.Registered"/>, as a duplicate is
    /// found at intake; a merge from a later state cannot be undone (its lifecycle does not restart mid-way).
    /// </summary>
    public IReadOnlyList<TicketState> AllowedStates { get; init; } = [TicketState.Registered];

    /// <summary>
    /// Working days after the merge's day during which it may be undone: 0 (default) is the same day, until 24:00
    /// Beijing time; 1 adds the next working day, and so on.
    /// </summary>
    public int UnmergeWithinWorkingDays { get; init; }

    /// <summary>
    /// How many natural days back intake looks for likely duplicates (the same caller, or the same location with similar
    /// content) before a ticket is saved. Default 7: a week covers the repeat calls about one matter still open.
    /// </summary>
    public int DuplicateWindowDays { get; init; } = 7;
}

/// <summary>The stable codes of the merge refusals.</summary>
public static class MergeCodes
{
    public const string IntoItself = "merge.into-itself";
    public const string MainClosed = "merge.main-closed";
    public const string Chain = "merge.chain";
    public const string TicketClosed = "merge.ticket-closed";
    public const string StateNotAllowed = "merge.state-not-allowed";
    public const string NotMerged = "merge.not-merged";
    public const string UnmergeTooLate = "merge.unmerge-too-late";
    public const string UnmergeNotRestartable = "merge.unmerge-not-restartable";
}

/// <summary>What a merge records on the duplicate, so an unmerge can put the ticket back.</summary>
public sealed record MergeRecord(string IntoTicket, TicketState StateBefore, DateTimeOffset? DispatchDueAt);

/// <summary>What a merge or unmerge records on the main ticket: which duplicate.</summary>
public sealed record DuplicateRecord(string Duplicate);
