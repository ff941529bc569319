using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>
    /// 办结答复 by the lead unit. The content its category requires is checked (§5.6); in joint handling, every
    /// co-unit whose opinion is still due must have given it (HSB-JNT-1, HL-JNT-2). Stops the unit's clocks.
    /// </summary>
    public TicketEvent Reply(ActionContext context, ReplyContent content)
    {
        if (TryReplay(context, TicketAction.Replied, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(content);
        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Handling);
        var lead = RequireAssignment(context, AssignmentRole.Lead);
        CheckReplyContent(context, content);
        CheckInterimReply(context, content, lead.UnitId);
        var missing = _assignments.Where(a => a.IsActive && a.Opinion is null && a.Role is AssignmentRole.CoUnit or AssignmentRole.Countersign
                && (Clock(DeadlineKind.CoUnitOpinion, a.UnitId) ?? Clock(DeadlineKind.Handle, a.UnitId)) is { } clock && !clock.IsPastDue(context.Now))
            .ToList();
        if (missing.Count > 0)
        {
            throw Refusal(context, ErrorCodes.ReplyCoUnitOpinionsMissing,
                $"{missing.Count} co-unit opinion(s) or countersign part(s) are still due; the ticket is answered once they are in.");
        }

        foreach (var kind in new[] { DeadlineKind.Handle, DeadlineKind.Redo, DeadlineKind.FirstContact, DeadlineKind.Sign })
        {
            StopClock(kind, context.Now, lead.UnitId);
        }

        StopClock(DeadlineKind.CoUnitOpinion, context.Now);
        Resolution = content.Resolution;
        State = TicketState.Replied;
        return Record(context, TicketAction.Replied, content.Measures, content.Attachments, content with { Attachments = null });
    }

    private void CheckReplyContent(ActionContext context, ReplyContent content)
    {
        RequireLength(content.Measures, TextLimits.Long, "The reply");
        var replies = context.Policy.Replies;
        var callerExempt = Caller.ConcealedIdentity || Caller.DeclinedReply; // HSB-RPL-1
        if (content.FailedCallAttempts is { Count: > 0 } attempts && replies.UnreachableCaller is { } rule && !ProvesUnreachable(context, rule, attempts))
        {
            throw Refusal(context, ErrorCodes.ReplyUnreachableNotProven,
                $"An unreachable caller needs {rule.Attempts} failed calls in different time slots within {rule.WithinDays} days.");
        }

        // HSB-RPL-3 / HSB-EXT-3: an unfinished ticket states its interim result together with the follow-up plan.
        if (!string.IsNullOrWhiteSpace(content.InterimResult) && string.IsNullOrWhiteSpace(content.FollowUpPlan))
        {
            throw Refusal(context, ErrorCodes.ReplyContentMissing, "An interim result needs the follow-up plan.");
        }

        var unreachable = content.FailedCallAttempts is { Count: > 0 };
        foreach (var requirement in replies.RequirementsFor(Category))
        {
            var missing = requirement switch
            {
                ReplyRequirement.ResolutionType => content.Resolution is null,
                ReplyRequirement.Measures => string.IsNullOrWhiteSpace(content.Measures),
                ReplyRequirement.AnswerCompleteness => content.FullyAnswered is null,
                ReplyRequirement.CaseOpenedOrBasis => content.CaseOpenedOn is null && string.IsNullOrWhiteSpace(content.NoCaseBasis),
                ReplyRequirement.AdoptionDecision => content.Adoption is null
                    || content.Adoption != AdoptionDecision.Adopted && string.IsNullOrWhiteSpace(content.AdoptionReason),
                ReplyRequirement.IncidentControl => string.IsNullOrWhiteSpace(content.IncidentControl),
                ReplyRequirement.CallerNotice => !callerExempt && !unreachable && string.IsNullOrWhiteSpace(content.CallerNotice),
                _ => false,
            };
            if (missing)
            {
                var code = requirement == ReplyRequirement.ResolutionType ? ErrorCodes.ReplyResolutionTypeMissing : ErrorCodes.ReplyContentMissing;
                throw Refusal(context, code, $"A {Category} reply under {context.Policy.Code} must state: {requirement}.");
            }
        }
    }

    /// <summary>HSB-RPL-4 read as A-26: N failed calls in N distinct slots, first and last within N calendar days.</summary>
    private static bool ProvesUnreachable(ActionContext context, UnreachableCallerRule rule, IReadOnlyList<DateTimeOffset> attempts)
    {
        var local = attempts.Select(context.Calendar.ToLocal).Order().ToList();
        var slots = local.Select(a => rule.Slots.FirstOrDefault(s => s.Contains(TimeOnly.FromDateTime(a.DateTime)))?.Name).Distinct().Count(s => s is not null);
        var span = DateOnly.FromDateTime(local[^1].DateTime).DayNumber - DateOnly.FromDateTime(local[0].DateTime).DayNumber + 1;
        return local.Count >= rule.Attempts && slots >= rule.Attempts && span <= rule.WithinDays;
    }

    /// <summary>审核通过: the centre accepts the reply; the ticket waits for the revisit.</summary>
    public TicketEvent AcceptReply(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.ReplyAccepted, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Replied);
        State = TicketState.Completed;
        return Record(context, TicketAction.ReplyAccepted, note, null, null);
    }

    /// <summary>
    /// 退回重新答复: the centre sends the reply back (HSB-REV-1, HK-REV-1). Where the profile has a redo limit
    /// (HL-RDO-1) a redo clock starts; otherwise the original handling deadline still applies (CC-10).
    /// </summary>
    public TicketEvent SendBackReply(ActionContext context, string reason, IReadOnlyList<string>? grounds = null)
    {
        if (TryReplay(context, TicketAction.ReplySentBack, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Replied);
        RequireText(context, reason, "the reason the reply is sent back");
        RestartHandling(context);
        return Record(context, TicketAction.ReplySentBack, reason, null, new { grounds, RedoCount }, context.Policy.Cite("review.send-back"));
    }

    private void RestartHandling(ActionContext context, TimeLimit? limitOverride = null)
    {
        var lead = Lead!;
        RedoCount++;
        State = TicketState.Handling;
        if ((limitOverride ?? context.Policy.Revisits.RedoLimit) is { } redo)
        {
            StartClock(context, DeadlineKind.Redo, lead.UnitId, context.Now, redo, context.Policy.FirstCite("redo.limit"));
        }
        else if (_clocks.LastOrDefault(c => c.Kind == DeadlineKind.Handle && c.UnitId == lead.UnitId) is { } handled)
        {
            StartClock(DeadlineKind.Handle, lead.UnitId, context.Now, handled.DueAt, handled.RuleId);
        }
    }
}
