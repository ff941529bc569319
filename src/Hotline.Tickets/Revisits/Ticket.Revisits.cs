using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>
    /// 回访: the centre records the caller's rating. A dissatisfied rating opens the profile's dissatisfaction
    /// procedure: QU's screening window (QU-SCR-1/2), HK's appeal, or a redo (HL-RVS-5, WZ-RDO-1).
    /// </summary>
    public TicketEvent Revisit(ActionContext context, RevisitResult result)
    {
        if (TryReplay(context, TicketAction.Revisited, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(result);
        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Completed);
        if (result.Rating is null && !result.CallerUnreachable)
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Record the caller's rating or that the caller could not be reached.");
        }

        var screening = context.Policy.Screening;
        var dissatisfied = result.Rating == SatisfactionRating.Dissatisfied;
        if (dissatisfied && screening.Procedure == DissatisfactionProcedure.Screening && Lead is { } lead)
        {
            StartClock(DeadlineKind.ScreeningWindow, lead.UnitId, context.Now, ScreeningDeadline(context, screening), context.Policy.FirstCite("screening.window-closed"));
        }

        Satisfaction = result.Rating;
        State = dissatisfied ? TicketState.Dissatisfied : TicketState.Closed;

        return Record(context, TicketAction.Revisited, result.Note, null, new { result.Rating, result.CallerUnreachable });
    }

    /// <summary>QU-SCR-1/2 (§5.3): min(rating + 2 wd, 24:00 of the cut-off day of the next month rolled to a working day).</summary>
    private static DateTimeOffset ScreeningDeadline(ActionContext context, ScreeningPolicy screening)
    {
        var calendar = context.Calendar;
        DateTimeOffset? due = screening.Window?.From(context.Now, calendar);
        if (screening.MonthlyCutoffDay is { } day)
        {
            var local = DateOnly.FromDateTime(calendar.ToLocal(context.Now).DateTime);
            var cutoffDate = new DateOnly(local.Year, local.Month, 1).AddMonths(1).AddDays(day - 1);
            var cutoff = calendar.EndOfDay(calendar.RollForwardToWorkingDay(cutoffDate));
            due = due is { } d && d < cutoff ? d : cutoff;
        }

        return due ?? throw new InvalidOperationException("PolicyProfile.Validate guarantees a window or a cut-off for screening.");
    }

    /// <summary>
    /// 重办 / 发回重办: the centre orders the unit to handle again after a dissatisfied revisit (WZ-RDO-1, HL-RVS-5), or
    /// raises HL's revisit-review order (回访复核单, HL-RVS-1/2: 3 wd, +1 wd when approved).
    /// </summary>
    public TicketEvent OrderRedo(ActionContext context, string reason, bool revisitReviewOrder = false)
    {
        if (TryReplay(context, TicketAction.RedoOrdered, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Dissatisfied, TicketState.Completed, TicketState.Closed);
        RequireText(context, reason, "the reason for the redo");
        if (Lead is null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, $"Ticket {Number} has no handling unit to redo it.");
        }

        var revisits = context.Policy.Revisits;
        var limit = revisitReviewOrder ? revisits.RevisitReviewLimit : null;
        RestartHandling(context, limit);
        return Record(context, TicketAction.RedoOrdered, reason, null, new { RedoCount, revisitReviewOrder },
            revisitReviewOrder ? context.Policy.Cite("revisit.review-order") : context.Policy.Cite("redo.limit"));
    }

    /// <summary>
    /// HL-RVS-2 「经批准可延长1个工作日办结」: the centre grants a difficult or complex revisit-review order its one extra
    /// working day, moved from the current deadline (CC-9).
    /// </summary>
    public TicketEvent ExtendRevisitReview(ActionContext context, string reason)
    {
        if (TryReplay(context, TicketAction.RevisitReviewExtended, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Handling);
        RequireText(context, reason, "the reason for the extra day");
        var order = _events.LastOrDefault(e => e.Action == TicketAction.RedoOrdered);
        var clock = Lead is { } lead ? Clock(DeadlineKind.Redo, lead.UnitId) : null;
        if (context.Policy.Revisits.RevisitReviewExtension is not { } extra || order?.Data<RedoData>() is not { RevisitReviewOrder: true } || clock is null)
        {
            throw Refusal(context, ErrorCodes.RevisitReviewNotExtendable, "Only a running revisit-review order can get its extra day.");
        }

        if (HandlingClass == HandlingClass.Ordinary || _events.Any(e => e.Action == TicketAction.RevisitReviewExtended && e.Sequence > order.Sequence))
        {
            throw Refusal(context, ErrorCodes.RevisitReviewNotExtendable, "The extra day is for difficult or complex tickets, once per order.");
        }

        var previous = clock.DueAt;
        clock.MoveDue(extra.From(previous, context.Calendar), context.Now);
        return Record(context, TicketAction.RevisitReviewExtended, reason, null, new { PreviousDueAt = previous, NewDueAt = clock.DueAt },
            context.Policy.Cite("revisit.review-order"));
    }

    private sealed record RedoData(int RedoCount, bool RevisitReviewOrder);

    /// <summary>WZ-SUP-2: still dissatisfied after the N-th redo ⇒ a supervision ledger entry is due.</summary>
    public bool SupervisionLedgerDue(PolicyProfile policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        return Satisfaction == SatisfactionRating.Dissatisfied && policy.Supervision.LedgerAfterRedos is { } redos && RedoCount >= redos;
    }
}
