using Hotline.Tickets.Access;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Supervision;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    private static readonly TicketState[] OpenStates =
    [
        TicketState.Registered, TicketState.Dispatched, TicketState.Handling, TicketState.Returned, TicketState.Replied,
        TicketState.Completed, TicketState.Dissatisfied, TicketState.Screening, TicketState.Closed,
    ];

    /// <summary>督办: a formal push on the unit (HSB-SUP-1, HL-SUP-3/5/7, QU-SUP-2, HK-SUP-1), optionally with a deadline (HSB-SUP-3).</summary>
    public TicketEvent Supervise(ActionContext context, SupervisionNotice notice)
    {
        if (TryReplay(context, TicketAction.Supervised, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(notice);
        RequireRole(context, HotlineRole.Supervisor);
        RequireState(context, OpenStates);
        RequireText(context, notice.Text, "the supervision notice");
        if (notice.Grounds is not { Count: > 0 })
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Name the grounds for supervision.");
        }

        if (notice.DueAt is { } due)
        {
            if (due <= context.Now)
            {
                throw new TicketRuleViolation(ErrorCodes.InputMissing, "A supervision deadline must lie in the future.");
            }

            StartClock(DeadlineKind.Supervision, Lead?.UnitId, context.Now, due, null);
        }

        var lateCoUnits = LateCoUnits(context.Now);
        return Record(context, TicketAction.Supervised, notice.Text, null,
            new { notice.Form, notice.Grounds, notice.Body, notice.DueAt, LateCoUnits = lateCoUnits }, context.Policy.Cite("supervision.recorded"),
            concernsUnit: Lead?.UnitId);
    }

    /// <summary>
    /// The co-units late with their opinion (overdue, or past due with the opinion still missing): a supervision of a
    /// joint ticket names them besides the lead unit, and they are told too (HL-SUP-6, A-27).
    /// </summary>
    public IReadOnlyList<Guid> LateCoUnits(DateTimeOffset now) =>
        [.. _clocks.Where(c => c.Kind == DeadlineKind.CoUnitOpinion && c.UnitId is not null && (c.Overdue || c.IsRunning && c.IsPastDue(now)))
            .Select(c => c.UnitId!.Value)
            .Distinct()];

    /// <summary>
    /// 约谈 of a unit's responsible person. Where the profile fixes the level by count (QU-INT-1), the level must be
    /// the one <see cref="InterviewLevels.For"/> gives for the unit's earlier overdue tickets this year
    /// (<c>TicketStore.OverdueTicketCountAsync</c>).
    /// </summary>
    public TicketEvent RecordInterview(ActionContext context, Guid unitId, string level, int priorOverduesThisYear, string reason)
    {
        if (TryReplay(context, TicketAction.Interviewed, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Supervisor);
        RequireText(context, reason, "the reason for the interview");
        RequireText(context, level, "the interview level");
        if (!_assignments.Any(a => a.UnitId == unitId))
        {
            throw new TicketRuleViolation(ErrorCodes.UnitNotAssigned, "The unit never handled this ticket.");
        }

        if (InterviewLevels.For(context.Policy, priorOverduesThisYear) is { } expected && expected != level)
        {
            throw Refusal(context, ErrorCodes.InterviewLevelMismatch,
                $"Overdue number {priorOverduesThisYear + 1} this year is answered by an interview at {expected}.");
        }

        return Record(context, TicketAction.Interviewed, reason, null,
            new { unitId, level, Count = priorOverduesThisYear + 1, NotStated = InterviewLevels.BeyondStated(context.Policy, priorOverduesThisYear) },
            context.Policy.Cite("interview.recorded"), concernsUnit: unitId);
    }

    /// <summary>报纪委监委: a copy goes to the discipline commission; handling continues (§5.8).</summary>
    public TicketEvent ReferToDiscipline(ActionContext context, string reason)
    {
        if (TryReplay(context, TicketAction.DisciplineReferred, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher, HotlineRole.DisciplineLiaison);
        RequireState(context, OpenStates);
        RequireText(context, reason, "the reason for the referral");
        CorruptionRelated = true;
        return Record(context, TicketAction.DisciplineReferred, reason, null, new { context.Policy.Discipline.Commission },
            context.Policy.Cite("discipline.referral"));
    }
}
