using Hotline.Tickets.Access;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    public ExtensionRequest? PendingExtension => _extensions.FirstOrDefault(e => e.Status == RequestStatus.Pending);

    /// <summary>
    /// 延期申请 by the handling unit: how early (HL-EXT-3, HK-EXT-1), before expiry (QU-EXT-1), how many (HSB-EXT-1,
    /// HK-EXT-2), how long each and in total (HSB-EXT-1, HL-EXT-1..3, QU-EXT-2, HK-EXT-2), which categories cannot
    /// extend (QU-EXT-3), caller notice (HSB-EXT-2) and signatory (HL, A-08). A centre reviewer may submit on the
    /// unit's behalf with an override reason where the profile's limits hold only 「原则上」.
    /// </summary>
    public TicketEvent RequestExtension(ActionContext context, ExtensionApplication application)
    {
        if (TryReplay(context, TicketAction.ExtensionRequested, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(application);
        var policy = context.Policy.Extensions;
        var overriding = policy.ReviewerMayOverride && !string.IsNullOrWhiteSpace(application.OverrideReason);
        if (overriding)
        {
            RequireRole(context, HotlineRole.Reviewer);
        }
        else
        {
            RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        }

        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        var lead = overriding ? Lead! : RequireAssignment(context, AssignmentRole.Lead);
        RequireText(context, application.Reason, "the reason for the extension");
        if (application.WorkingDays <= 0)
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Ask for at least one working day.");
        }

        if (PendingExtension is not null)
        {
            throw Refusal(context, ErrorCodes.ExtensionPending, "An extension application is already waiting for a decision.");
        }

        var handle = Clock(DeadlineKind.Handle, lead.UnitId)
            ?? throw Refusal(context, ErrorCodes.ExtensionNoHandlingDeadline, "This ticket has no handling deadline to extend.");
        var now = context.Now;
        var due = handle.DueAt;
        var calendar = context.Calendar;
        var asked = TimeLimit.WorkingDays(application.WorkingDays);
        var newDue = asked.From(due, calendar);

        if (!overriding && policy.NonExtendableCategories.Contains(Category))
        {
            throw Refusal(context, ErrorCodes.ExtensionNotExtendable, $"{Category} tickets are not extended under {context.Policy.Code}.");
        }

        if (policy.ApplyBeforeDue && now > due || policy.ClosesBeforeDue is { } closes && closes.From(now, calendar) > due)
        {
            var latest = policy.ClosesBeforeDue is { } c ? $"at least {c} before" : "before";
            throw Refusal(context, ErrorCodes.ExtensionTooLate, $"Apply {latest} the deadline {due:yyyy-MM-dd HH:mm}.");
        }

        if (policy.OpensBeforeDue is { } opens && opens.From(now, calendar) < due)
        {
            throw Refusal(context, ErrorCodes.ExtensionTooEarly, $"Apply within the last {opens} before the deadline {due:yyyy-MM-dd HH:mm}.");
        }

        if (!overriding && policy.MaxApplications is { } max && _extensions.Count(e => e.UnitId == lead.UnitId) >= max)
        {
            throw Refusal(context, ErrorCodes.ExtensionTooMany, $"At most {max} extension applications are allowed.");
        }

        var maxEach = HandlingClass != HandlingClass.Ordinary && policy.MaxEachComplex is { } complex ? complex : policy.MaxEach;
        if (policy.MaxEachIsOriginalLimit && context.Policy.Handling.RuleFor(Category, Urgency, HandlingClass)?.Limit is { } original)
        {
            maxEach = original;
        }

        if (!overriding && maxEach is { } each && !asked.FitsWithin(each))
        {
            throw Refusal(context, ErrorCodes.ExtensionTooLong, $"Each extension is at most {each}.");
        }

        var approvedDays = _extensions.Where(e => e.UnitId == lead.UnitId && e.Status == RequestStatus.Approved).Sum(e => e.WorkingDays);
        if (policy.MaxTotal is { } total && !TimeLimit.WorkingDays(approvedDays + application.WorkingDays).FitsWithin(total))
        {
            throw Refusal(context, ErrorCodes.ExtensionTotalExceeded, $"All extensions together are at most {total}; {approvedDays} wd were granted.");
        }

        if (policy.MaxTotalFromReceipt is { } cap && newDue > cap.From(lead.ReceivedAt, calendar))
        {
            throw Refusal(context, ErrorCodes.ExtensionTotalExceeded,
                $"The total handling time may not pass {cap} from receipt ({cap.From(lead.ReceivedAt, calendar):yyyy-MM-dd HH:mm}).");
        }

        if (policy.CallerNoticeRequired && !application.CallerNotified)
        {
            throw Refusal(context, ErrorCodes.ExtensionCallerNoticeMissing, "Tell the caller the reason and the promised completion time first.");
        }

        var signatory = HandlingClass != HandlingClass.Ordinary && policy.ComplexSignatory is { } complexSignatory ? complexSignatory : policy.Signatory;
        if (!Signs(application.SignedBy, signatory))
        {
            throw Refusal(context, ErrorCodes.ExtensionSignatoryMissing, $"The application must be signed by the unit's {signatory}.");
        }

        var request = new ExtensionRequest(lead.UnitId, application, now);
        _extensions.Add(request);
        // HSB-EXT-2: the record keeps that the caller was told the reason and the promised completion time.
        var callerNotice = application.CallerNotified ? new { Reason = application.Reason, PromisedBy = newDue } : null;
        return Record(context, TicketAction.ExtensionRequested, application.Reason, application.Attachments,
            new { request.Id, application.WorkingDays, CurrentDueAt = due, ProposedDueAt = newDue, application.OverrideReason, policy.Approver, CallerNotice = callerNotice },
            policy.CallerNoticeRequired ? context.Policy.Cite(ErrorCodes.ExtensionCallerNoticeMissing) : null);
    }

    /// <summary>
    /// 延期审批: approval moves the handling deadline by the working days granted from the current deadline (CC-9);
    /// an overdue that already happened stays on record.
    /// </summary>
    public TicketEvent ApproveExtension(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.ExtensionApproved, out var replayed))
        {
            return replayed;
        }

        var request = RequirePendingExtension(context);
        RequireForwardedWhereTheCityDecides(context);
        var handle = Clock(DeadlineKind.Handle, request.UnitId)
            ?? throw Refusal(context, ErrorCodes.ExtensionNoHandlingDeadline, "The handling deadline has already stopped.");
        var previous = handle.DueAt;
        var newDue = TimeLimit.WorkingDays(request.WorkingDays).From(previous, context.Calendar);
        request.Approve(context.Now, previous, newDue, note);
        handle.MoveDue(newDue, context.Now);
        handle.WarnAt(WarningFor(context, newDue));
        foreach (var coUnitClock in _clocks.Where(c => c.Kind == DeadlineKind.CoUnitOpinion && c.IsRunning))
        {
            coUnitClock.MoveDue(newDue, context.Now);
        }

        return Record(context, TicketAction.ExtensionApproved, note, null, new { request.Id, PreviousDueAt = previous, NewDueAt = newDue });
    }

    /// <summary>Denies the pending extension; the deadline stands.</summary>
    public TicketEvent DenyExtension(ActionContext context, string reason)
    {
        if (TryReplay(context, TicketAction.ExtensionDenied, out var replayed))
        {
            return replayed;
        }

        var request = RequirePendingExtension(context);
        RequireText(context, reason, "the reason the extension is denied");
        request.Deny(context.Now, reason);
        return Record(context, TicketAction.ExtensionDenied, reason, null, new { request.Id });
    }

    private ExtensionRequest RequirePendingExtension(ActionContext context)
    {
        RequireRole(context, HotlineRole.Reviewer);
        return PendingExtension
            ?? throw new TicketRuleViolation(ErrorCodes.InvalidState, $"Ticket {Number} has no extension waiting for a decision.");
    }
}
