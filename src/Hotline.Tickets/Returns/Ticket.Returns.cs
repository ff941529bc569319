using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    public ReturnRequest? PendingReturn => _returns.FirstOrDefault(r => r.Status == RequestStatus.Pending);

    /// <summary>
    /// 退办申请: checked in full when the unit submits (window, reason and basis, suggested unit, signatory,
    /// extension already applied for, second return, joint designation); clocks keep running while it waits (CC-10).
    /// </summary>
    public TicketEvent RequestReturn(ActionContext context, ReturnApplication application)
    {
        if (TryReplay(context, TicketAction.ReturnRequested, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(application);
        var policy = context.Policy.Returns;
        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        var assignment = RequireAssignment(context, AssignmentRole.Lead, AssignmentRole.CoUnit);
        if (PendingReturn is not null)
        {
            throw Refusal(context, ErrorCodes.ReturnPending, "A return application is already waiting for review.");
        }

        if (assignment.Designated && !context.Policy.JointHandling.JointUnitsMayReturn)
        {
            throw Refusal(context, ErrorCodes.ReturnJointUnit, "Units designated for joint handling may not return the ticket.");
        }

        var window = policy.Windows.FirstOrDefault(w => w.Reason == application.Reason)
            ?? throw Refusal(context, ErrorCodes.ReturnReasonNotProvided,
                $"{context.Policy.Code} provides no return for {application.Reason}.");
        var late = false;
        var start = policy.WindowStart == ReturnWindowStart.Signing ? assignment.SignedAt : assignment.ReceivedAt;
        var length = application.ComplexCase && policy.ComplexWindow is { } complex ? complex : window.Window;
        if (start is { } from && length is { } limit && context.Now > limit.From(from, context.Calendar))
        {
            if (policy.Late == LateReturnHandling.Refuse)
            {
                throw Refusal(context, ErrorCodes.ReturnWindowClosed,
                    $"The return window ({limit} from {policy.WindowStart.ToString().ToLowerInvariant()}) closed at {limit.From(from, context.Calendar):yyyy-MM-dd HH:mm}; go on handling the ticket.");
            }

            late = true;
        }

        if (string.IsNullOrWhiteSpace(application.Explanation))
        {
            throw Refusal(context, ErrorCodes.ReturnReasonMissing, "Give the reason for the return.");
        }

        RequireLength(application.Explanation, TextLimits.Long, "The reason");
        RequireLength(application.Basis, TextLimits.Long, "The basis");
        RequireLength(application.SuggestedUnit, TextLimits.Name * 2, "The suggested unit");

        if (policy.RequiresBasis && application.Reason == ReturnReason.OutOfDuty && string.IsNullOrWhiteSpace(application.Basis))
        {
            throw Refusal(context, ErrorCodes.ReturnBasisMissing, "Give the legal or duty basis for the return (未注明退回理由和依据).");
        }

        if (policy.RequiresSuggestedUnit && application.Reason == ReturnReason.OutOfDuty && string.IsNullOrWhiteSpace(application.SuggestedUnit))
        {
            throw Refusal(context, ErrorCodes.ReturnSuggestedUnitMissing, "Suggest the unit the ticket should go to.");
        }

        if (!Signs(application.SignedBy, policy.Signatory))
        {
            throw Refusal(context, ErrorCodes.ReturnSignatoryMissing, $"The application must be signed by the unit's {policy.Signatory}.");
        }

        if (policy.RefusedAfterExtensionRequest && _extensions.Any(e => e.UnitId == assignment.UnitId))
        {
            throw Refusal(context, ErrorCodes.ReturnExtensionRequested, "The unit has applied for an extension; the ticket can no longer be returned.");
        }

        if (policy.SecondReturnForbidden && assignment.ReturnRejected)
        {
            throw Refusal(context, ErrorCodes.ReturnSecondReturn,
                "A reviewer already rejected this unit's return; handle the ticket first and appeal afterwards.");
        }

        var escalated = policy.EscalatedReasons.Contains(application.Reason);
        var request = new ReturnRequest(assignment.UnitId, application, context.Now, late, escalated);
        _returns.Add(request);
        if (policy.ReviewLimit is { } reviewLimit)
        {
            StartClock(context, DeadlineKind.ReturnReview, null, context.Now, reviewLimit, null);
        }

        if (late)
        {
            LateReturnCounted = true;
        }

        var requested = Record(context, TicketAction.ReturnRequested, application.Explanation, application.Attachments,
            new { request.Id, application.Reason, application.Basis, application.SuggestedUnit, application.SignedBy, late, escalated },
            late ? context.Policy.Cite("return.late-overdue") : escalated ? context.Policy.Cite("return.escalated-review") : null);
        if (late)
        {
            // Counted as an overdue of the unit (QU-RT-2): the same supervision and interview follow as for a late clock.
            Record(context, TicketAction.OverdueCounted, "退回申请超时，计入超期件", null, new { UnitId = assignment.UnitId, Cause = "lateReturn" },
                context.Policy.Cite("return.late-overdue"), keySuffix: "overdue", concernsUnit: assignment.UnitId);
        }

        return requested;
    }

    /// <summary>
    /// 退办审核: approve. The unit's clocks stop; a returned lead leaves the ticket waiting for redispatch. An escalated
    /// return is decided by the escalation reviewer only (HSB-RT-4).
    /// </summary>
    public TicketEvent ApproveReturn(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.ReturnApproved, out var replayed))
        {
            return replayed;
        }

        var request = RequirePendingReturn(context);
        var assignment = _assignments.First(a => a.IsActive && a.UnitId == request.UnitId);
        request.Decide(true, context.Actor.UserId, context.Now, note);
        StopClock(DeadlineKind.ReturnReview, context.Now);
        if (assignment.Role == AssignmentRole.Lead)
        {
            foreach (var active in _assignments.Where(a => a.IsActive))
            {
                StopAllClocks(context.Now, active.UnitId);
                active.End(context.Now);
            }

            State = TicketState.Returned;
        }
        else
        {
            StopAllClocks(context.Now, assignment.UnitId);
            assignment.End(context.Now);
        }

        // An escalated return takes effect only on the escalation reviewer's approval (HSB-RT-4): the event says so.
        var approved = Record(context, TicketAction.ReturnApproved, note, null, new { request.Id, request.UnitId, request.Escalated },
            request.Escalated ? context.Policy.Cite("return.escalated-review") : null);
        if (assignment.Role != AssignmentRole.Lead)
        {
            // Only the co-unit left: the lead unit goes on handling, and the lifecycle must not wait for a redispatch.
            Record(context, TicketAction.HandlingContinues, null, null, new { ReleasedUnitId = request.UnitId }, keySuffix: "handling");
        }

        return approved;
    }

    /// <summary>
    /// 不予退回: the ticket goes back to the original unit to continue (HSB-RT-5 「发回原承办单位继续办理」); its
    /// deadline is unchanged (CC-10). Grounds are the reviewer's, e.g. HSB-RT-5 items (1), (3), (4), (5).
    /// </summary>
    public TicketEvent RejectReturn(ActionContext context, string reason, IReadOnlyList<string>? grounds = null)
    {
        if (TryReplay(context, TicketAction.ReturnRejected, out var replayed))
        {
            return replayed;
        }

        var request = RequirePendingReturn(context);
        RequireText(context, reason, "the reason the return is refused");
        request.Decide(false, context.Actor.UserId, context.Now, reason);
        _assignments.First(a => a.IsActive && a.UnitId == request.UnitId).MarkReturnRejected();
        StopClock(DeadlineKind.ReturnReview, context.Now);
        return Record(context, TicketAction.ReturnRejected, reason, null, new { request.Id, request.UnitId, grounds },
            RuleItems(context.Policy.Cite("return.refused-on-merits"), grounds));
    }

    private ReturnRequest RequirePendingReturn(ActionContext context)
    {
        var request = PendingReturn
            ?? throw new TicketRuleViolation(ErrorCodes.InvalidState, $"Ticket {Number} has no return waiting for review.");
        if (request.Escalated)
        {
            if (context.Actor.Role != HotlineRole.EscalationReviewer)
            {
                throw new TicketRuleViolation(ErrorCodes.RoleNotAllowed,
                    "This return needs escalated review (提级退办审核) by the escalation reviewer.", context.Policy.Cite("return.escalated-review"));
            }
        }
        else
        {
            RequireRole(context, HotlineRole.Reviewer);
        }

        return request;
    }

    /// <summary>
    /// The items of the cited rules the reviewer's grounds name (<c>HSB-RT-5(1)</c>, or just <c>(1)</c>), so the decision
    /// records the item that applies; the rules themselves when the grounds name no item.
    /// </summary>
    private static IReadOnlyList<string> RuleItems(IReadOnlyList<string> cited, IReadOnlyList<string>? grounds)
    {
        var items = (grounds ?? [])
            .Select(g => g.Trim())
            .SelectMany(g => g.StartsWith('(') ? cited.Select(rule => rule + g) : [g])
            .Where(g => cited.Any(rule => g.StartsWith(rule + "(", StringComparison.Ordinal) && g.EndsWith(')')))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return items.Count > 0 ? items : cited;
    }

    /// <summary>A head leader's signature covers what a deputy leader may sign.</summary>
    internal static bool Signs(LeaderLevel? signedBy, LeaderLevel? required) =>
        required is null || signedBy is { } level && level >= required;
}
