using Hotline.Tickets.Access;
using Hotline.Tickets.Merging;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

/// <summary>
/// 并单: a duplicate (the same caller's or the same matter's second ticket) is merged into a main ticket, which answers
/// for both. The duplicate closes as <see cref="TicketState.Merged"/> with its clocks stopped; the main ticket's timeline
/// shows it. An unmerge within <see cref="MergePolicy.UnmergeWithinWorkingDays"/> puts the duplicate back.
/// </summary>
public sealed partial class Ticket
{
    private static readonly TicketState[] ClosedStates =
        [TicketState.Rejected, TicketState.Redirected, TicketState.Closed, TicketState.Terminated, TicketState.Archived, TicketState.Merged];

    /// <summary>The main ticket this one is merged into now, or null.</summary>
    public string? MergedInto => State == TicketState.Merged ? LastMerge?.IntoTicket : null;

    /// <summary>The duplicates merged into this ticket and not taken out again, by number.</summary>
    public IReadOnlyList<string> MergedDuplicates() =>
    [
        .. _events.Where(e => e.Action is TicketAction.DuplicateMerged or TicketAction.DuplicateUnmerged)
            .GroupBy(e => e.Data<DuplicateRecord>()!.Duplicate)
            .Where(g => g.Last().Action == TicketAction.DuplicateMerged)
            .Select(g => g.Key),
    ];

    private MergeRecord? LastMerge => _events.LastOrDefault(e => e.Action == TicketAction.Merged)?.Data<MergeRecord>();

    /// <summary>并单: merges this ticket, a duplicate, into <paramref name="main"/> of the same tenant.</summary>
    public TicketEvent MergeInto(ActionContext context, Ticket main, string reason)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (TryReplay(context, TicketAction.Merged, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher, HotlineRole.Reviewer);
        RequireText(context, reason, "the reason for the merge");
        if (main.TenantId != TenantId)
        {
            throw new TicketRuleViolation(ErrorCodes.NotFound, $"There is no ticket {main.Number}.");
        }

        if (main.Id == Id)
        {
            throw new TicketRuleViolation(MergeCodes.IntoItself, $"Ticket {Number} cannot be merged into itself.");
        }

        if (ClosedStates.Contains(State))
        {
            throw new TicketRuleViolation(MergeCodes.TicketClosed, $"Ticket {Number} is {State}; only an open ticket is merged as a duplicate.");
        }

        if (!context.Policy.Merge.AllowedStates.Contains(State))
        {
            throw new TicketRuleViolation(MergeCodes.StateNotAllowed,
                $"Ticket {Number} is {State}; {context.Policy.Code} merges duplicates in {string.Join(" or ", context.Policy.Merge.AllowedStates)} (merge.allowedStates).");
        }

        if (main.State == TicketState.Merged)
        {
            throw new TicketRuleViolation(MergeCodes.Chain,
                $"Ticket {main.Number} is itself merged into {main.MergedInto}; merge into that ticket instead.");
        }

        if (ClosedStates.Contains(main.State))
        {
            throw new TicketRuleViolation(MergeCodes.MainClosed, $"Ticket {main.Number} is {main.State}; a duplicate is merged into an open ticket.");
        }

        var record = new MergeRecord(main.Number, State, Clock(DeadlineKind.Dispatch)?.DueAt);
        StopAllClocks(context.Now);
        State = TicketState.Merged;
        main.Record(context, TicketAction.DuplicateMerged, reason, null, new DuplicateRecord(Number), keySuffix: "duplicate:" + Number);
        return Record(context, TicketAction.Merged, reason, null, record);
    }

    /// <summary>
    /// 撤销并单: takes this duplicate out of <paramref name="main"/> again, back in the state it was merged from. Only a
    /// ticket merged while registered can be put back, as its lifecycle then restarts at its first step.
    /// </summary>
    public TicketEvent Unmerge(ActionContext context, Ticket main, string reason)
    {
        ArgumentNullException.ThrowIfNull(main);
        if (TryReplay(context, TicketAction.Unmerged, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher, HotlineRole.Reviewer);
        RequireText(context, reason, "the reason for undoing the merge");
        if (State != TicketState.Merged || LastMerge is not { } merge || merge.IntoTicket != main.Number)
        {
            throw new TicketRuleViolation(MergeCodes.NotMerged, $"Ticket {Number} is {State}, not merged; there is nothing to undo.");
        }

        if (merge.StateBefore != TicketState.Registered)
        {
            throw new TicketRuleViolation(MergeCodes.UnmergeNotRestartable,
                $"Ticket {Number} was merged while {merge.StateBefore}; its workflows ended and restart only from registration, so the merge stays. Register the matter again if it needs its own handling.");
        }

        var mergedAt = _events.Last(e => e.Action == TicketAction.Merged).At;
        var within = context.Policy.Merge.UnmergeWithinWorkingDays;
        var mergedOn = DateOnly.FromDateTime(context.Calendar.ToLocal(mergedAt).DateTime);
        var until = within == 0 ? context.Calendar.EndOfDay(mergedOn) : context.Calendar.AddWorkingDays(mergedAt, within);
        if (context.Now >= until)
        {
            throw new TicketRuleViolation(MergeCodes.UnmergeTooLate,
                $"Ticket {Number} was merged on {mergedOn:yyyy-MM-dd}; a merge is undone before {context.Calendar.ToLocal(until):yyyy-MM-dd HH:mm} (merge.unmergeWithinWorkingDays = {within}).");
        }

        State = merge.StateBefore;
        if (merge.DispatchDueAt is { } dueAt)
        {
            // Clocks never pause: the dispatch clock resumes with its original due time.
            StartClock(DeadlineKind.Dispatch, null, context.Now, dueAt, context.Policy.FirstCite("dispatch.late"));
        }

        main.Record(context, TicketAction.DuplicateUnmerged, reason, null, new DuplicateRecord(Number), keySuffix: "duplicate:" + Number);
        return Record(context, TicketAction.Unmerged, reason, null, new { intoTicket = main.Number, state = State });
    }
}
