using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>转办 / 派单: the centre assigns the ticket; the unit's clocks start at its receipt (CC-8).</summary>
    public TicketEvent Dispatch(ActionContext context, DispatchOrder order) =>
        Assign(context, order, TicketAction.Dispatched, TicketState.Registered);

    /// <summary>重新派单 / 改派 after an approved return; the new unit's clocks start at its own receipt (CC-8).</summary>
    public TicketEvent Redispatch(ActionContext context, DispatchOrder order) =>
        Assign(context, order, TicketAction.Redispatched, TicketState.Returned);

    /// <summary>
    /// 改派 before the unit signed: the centre corrects its own dispatch. Once a unit signed, it owns the ticket
    /// (首办责任, HSB-GEN-1) and only an approved return frees it.
    /// </summary>
    public TicketEvent Reassign(ActionContext context, DispatchOrder order, string reason)
    {
        if (TryReplay(context, TicketAction.Reassigned, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, TicketState.Dispatched);
        RequireText(context, reason, "the reason for reassigning");
        if (Lead is { SignedAt: not null })
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, "The unit already signed; it must apply for a return instead.");
        }

        ArgumentNullException.ThrowIfNull(order);
        var previous = _assignments.Where(a => a.IsActive).ToList();
        return Assign(context, order with { Note = reason }, TicketAction.Reassigned, TicketState.Dispatched, previous);
    }

    private TicketEvent Assign(ActionContext context, DispatchOrder order, TicketAction action, TicketState from, IReadOnlyList<UnitAssignment>? replacing = null)
    {
        if (TryReplay(context, action, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(order);
        var policy = context.Policy;
        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, from);
        if (MatterTerminated)
        {
            throw Refusal(context, ErrorCodes.DispatchTerminatedMatter,
                $"The matter of ticket {RepeatOf} was terminated; it is no longer dispatched (不再列入重新派单范围).");
        }

        var coUnits = order.CoUnitIds ?? [];
        if (order.LeadUnitId == Guid.Empty || coUnits.Contains(order.LeadUnitId) || coUnits.Distinct().Count() != coUnits.Count)
        {
            throw Refusal(context, ErrorCodes.DispatchUnitInvalid, "Name one lead unit and distinct co-units other than the lead.");
        }

        RequireLength(order.Note, TextLimits.Long, "The note");
        if (order.Mode == JointMode.Countersign && (coUnits.Count == 0 || !policy.JointHandling.CountersignAvailable))
        {
            throw Refusal(context, ErrorCodes.CountersignNotAvailable,
                $"A countersign ticket (会签) needs several units and a profile that provides it; {policy.Code} does {(policy.JointHandling.CountersignAvailable ? "" : "not")}.");
        }

        if (order.DueAt is { } explicitDue && explicitDue <= context.Now)
        {
            throw Refusal(context, ErrorCodes.DispatchUnitInvalid, "A per-ticket deadline must lie in the future.");
        }

        if (policy.UrgentResponses.Any(u => u.Urgency == Urgency && u.ReportToLocalGovernmentFirst) && !LocalGovernmentReported
            && (order.LocalGovernmentReportedAt is not { } reported || reported > context.Now))
        {
            throw Refusal(context, ErrorCodes.LocalGovernmentFirst, "Report this special item to the local government (属地政府) first, then dispatch it.");
        }

        var limit = policy.Handling.RuleFor(Category, Urgency, order.HandlingClass);
        if (limit is null && order.DueAt is null)
        {
            throw Refusal(context, ErrorCodes.DeadlineRequired,
                $"{policy.Code} states no handling limit for {Category}; set the ticket's deadline at dispatch.");
        }

        // Everything checked: apply.
        var now = context.Now;
        foreach (var old in replacing ?? [])
        {
            StopAllClocks(now, old.UnitId);
            old.End(now);
        }

        StopClock(DeadlineKind.Dispatch, now);
        HandlingClass = order.HandlingClass;
        var lead = new UnitAssignment(order.LeadUnitId, AssignmentRole.Lead, now, designated: coUnits.Count > 0);
        _assignments.Add(lead);
        if (policy.Signing.Limit is { } signLimit)
        {
            StartClock(context, DeadlineKind.Sign, lead.UnitId, now, signLimit, policy.FirstCite("sign.deemed"));
        }

        if (policy.FirstContact.Limit is { } contactLimit)
        {
            StartClock(context, DeadlineKind.FirstContact, lead.UnitId, now, contactLimit, null);
        }

        DateTimeOffset? handleDue = order.DueAt ?? (limit!.Limit is { } l ? l.From(now, context.Calendar) : null);
        if (handleDue is { } due)
        {
            var handle = StartClock(DeadlineKind.Handle, lead.UnitId, now, due, (limit?.RuleIds is [var firstRule, ..] ? firstRule : null));
            handle.WarnAt(WarningFor(context, due));
        }

        foreach (var urgent in policy.UrgentResponses.Where(u => u.Urgency == Urgency))
        {
            if (urgent.InitialResponse is { } initial)
            {
                StartClock(context, DeadlineKind.InitialResponse, lead.UnitId, now, initial, null);
            }

            if (urgent.ProgressReport is { } progress)
            {
                StartClock(context, DeadlineKind.ProgressReport, lead.UnitId, now, progress, null);
            }
        }

        foreach (var coUnit in coUnits)
        {
            if (order.Mode == JointMode.Countersign)
            {
                AddCountersignPart(context, coUnit, handleDue);
            }
            else
            {
                AddCoUnitAssignment(coUnit, now, handleDue);
            }
        }

        State = TicketState.Dispatched;
        var dispatched = Record(context, action, order.Note, null,
            new { order.LeadUnitId, CoUnitIds = coUnits, order.Mode, order.HandlingClass, DueAt = handleDue, order.LocalGovernmentReportedAt }, limit?.RuleIds);
        if (CorruptionRelated && policy.Discipline.ReferOnDispatch && action == TicketAction.Dispatched)
        {
            Record(context, TicketAction.DisciplineReferred, "派送职能部门的同时报纪委监委", null,
                new { policy.Discipline.Commission }, policy.Cite("discipline.referral"), keySuffix: "discipline");
        }

        return dispatched;
    }

    /// <summary>临期预警: the configured natural hours before the deadline, never before the clock starts.</summary>
    internal static DateTimeOffset? WarningFor(ActionContext context, DateTimeOffset due) =>
        context.Policy.Handling.WarnBefore is { } before && due.AddHours(-before.Amount) is var at && at > context.Now ? at : null;

    /// <summary>签收: the handling unit acknowledges receipt; signing does not restart any clock (A-21).</summary>
    public TicketEvent Sign(ActionContext context)
    {
        if (TryReplay(context, TicketAction.Signed, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        var part = RequireAssignment(context, AssignmentRole.Lead, AssignmentRole.Countersign);
        if (part.Role == AssignmentRole.Lead)
        {
            RequireState(context, TicketState.Dispatched);
        }
        else
        {
            RequireState(context, TicketState.Dispatched, TicketState.Handling);
            if (part.SignedAt is not null)
            {
                throw new TicketRuleViolation(ErrorCodes.InvalidState, "This countersign part is already signed.");
            }
        }

        part.Sign(context.Now, deemed: false);
        StopClock(DeadlineKind.Sign, context.Now, part.UnitId);
        if (part.Role == AssignmentRole.Lead)
        {
            State = TicketState.Handling;
        }

        return Record(context, TicketAction.Signed, null, null, new { part.UnitId, part.Role });
    }

    private TicketEvent DeemSigned(ActionContext context, DeadlineClock clock)
    {
        var part = _assignments.First(a => a.IsActive && a.UnitId == clock.UnitId);
        part.Sign(clock.DueAt, deemed: true);
        clock.Stop(clock.DueAt);
        if (State == TicketState.Dispatched && part.Role == AssignmentRole.Lead)
        {
            State = TicketState.Handling;
        }

        return Record(context, TicketAction.DeemedSigned, "逾期视为默认接受", null, new { part.UnitId, SignedAt = clock.DueAt },
            context.Policy.Cite("sign.deemed"));
    }

    /// <summary>Adds a co-unit (协办) to a dispatched ticket; its opinion is due by the ticket's handling deadline (§5.1).</summary>
    public TicketEvent AddCoUnit(ActionContext context, Guid unitId)
    {
        if (TryReplay(context, TicketAction.CoUnitAdded, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        if (unitId == Guid.Empty || _assignments.Any(a => a.IsActive && a.UnitId == unitId))
        {
            throw Refusal(context, ErrorCodes.DispatchUnitInvalid, "The unit is already on this ticket.");
        }

        AddCoUnitAssignment(unitId, context.Now, Clock(DeadlineKind.Handle, Lead?.UnitId)?.DueAt);
        return Record(context, TicketAction.CoUnitAdded, null, null, new { unitId });
    }

    private void AddCoUnitAssignment(Guid unitId, DateTimeOffset now, DateTimeOffset? handleDue)
    {
        _assignments.Add(new UnitAssignment(unitId, AssignmentRole.CoUnit, now, designated: true));
        if (handleDue is { } due)
        {
            StartClock(DeadlineKind.CoUnitOpinion, unitId, now, due, null);
        }
    }

    private void AddCountersignPart(ActionContext context, Guid unitId, DateTimeOffset? handleDue)
    {
        var now = context.Now;
        _assignments.Add(new UnitAssignment(unitId, AssignmentRole.Countersign, now, designated: true));
        if (context.Policy.Signing.Limit is { } signLimit)
        {
            StartClock(context, DeadlineKind.Sign, unitId, now, signLimit, null);
        }

        if (handleDue is { } due)
        {
            StartClock(DeadlineKind.Handle, unitId, now, due, Clock(DeadlineKind.Handle, Lead?.UnitId)?.RuleId);
        }
    }

    /// <summary>
    /// 会签答复: a countersign unit answers its own part (QU-JNT-1). Its own clocks stop; its overdue, if any, is its own
    /// (A-27). The ticket's reply waits for every part still in time.
    /// </summary>
    public TicketEvent ReplyToCountersignPart(ActionContext context, ReplyContent content)
    {
        if (TryReplay(context, TicketAction.CountersignPartReplied, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(content);
        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        var part = RequireAssignment(context, AssignmentRole.Countersign);
        if (part.Opinion is not null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, "This countersign part was already answered.");
        }

        CheckReplyContent(context, content);
        part.GiveOpinion(content.Measures, context.Now);
        StopAllClocks(context.Now, part.UnitId);
        return Record(context, TicketAction.CountersignPartReplied, content.Measures, content.Attachments, content with { Attachments = null });
    }

    /// <summary>协办意见: a co-unit gives its opinion to the lead unit, which consolidates the reply (HSB-JNT-1, HL-JNT-2).</summary>
    public TicketEvent GiveCoUnitOpinion(ActionContext context, string opinion, IReadOnlyList<AttachmentRef>? attachments = null)
    {
        if (TryReplay(context, TicketAction.CoUnitOpinionGiven, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        RequireText(context, opinion, "the co-unit's opinion");
        var assignment = RequireAssignment(context, AssignmentRole.CoUnit);
        assignment.GiveOpinion(opinion, context.Now);
        StopClock(DeadlineKind.CoUnitOpinion, context.Now, assignment.UnitId);
        return Record(context, TicketAction.CoUnitOpinionGiven, opinion, attachments, new { assignment.UnitId });
    }

    /// <summary>先行联系: the unit's first call to the caller (HL-FC-1).</summary>
    public TicketEvent RecordFirstContact(ActionContext context, string note)
    {
        if (TryReplay(context, TicketAction.FirstContactRecorded, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        var lead = RequireAssignment(context, AssignmentRole.Lead);
        StopClock(DeadlineKind.FirstContact, context.Now, lead.UnitId);
        return Record(context, TicketAction.FirstContactRecorded, note, null, null);
    }

    /// <summary>初步响应意见 / 处理进度情况 for QU special items (QU-URG-2/3).</summary>
    public TicketEvent ReportUrgentResponse(ActionContext context, DeadlineKind kind, string text)
    {
        var action = kind == DeadlineKind.InitialResponse ? TicketAction.InitialResponseGiven : TicketAction.ProgressReported;
        if (TryReplay(context, action, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        RequireText(context, text, "the response");
        if (kind is not (DeadlineKind.InitialResponse or DeadlineKind.ProgressReport))
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Report an initial response or a progress report.");
        }

        var lead = RequireAssignment(context, AssignmentRole.Lead);
        StopClock(kind, context.Now, lead.UnitId);
        return Record(context, action, text, null, null);
    }
}
