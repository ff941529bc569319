using Hotline.Tickets.Tickets;

namespace Hotline.Server.Tickets;

// Bodies of the actions whose domain input is a few values rather than a domain record.

public sealed record NoteBody(string? Note = null);

public sealed record ReasonBody(string Reason, IReadOnlyList<string>? Grounds = null);

public sealed record RejectBody(string Ground, string Explanation);

public sealed record EmergencyBody(string Line, bool FireHazard = false);

public sealed record CoUnitBody(Guid UnitId);

public sealed record OpinionBody(string Opinion, IReadOnlyList<AttachmentRef>? Attachments = null);

public sealed record UrgentResponseBody(DeadlineKind Kind, string Text);

public sealed record RedoBody(string Reason, bool RevisitReviewOrder = false);

public sealed record EvidenceRequestBody(string What);

public sealed record EvidenceBody(string Note, IReadOnlyList<AttachmentRef> Evidence);

public sealed record ScreeningDecisionBody(bool Upheld, string Reason);

public sealed record InterviewBody(Guid UnitId, string Level, string Reason);

public sealed record RevealedField(string Field, string Value);

/// <summary>改派 before signing: a dispatch order (the new lead unit and co-units) and why the centre corrects itself.</summary>
public sealed record ReassignBody(
    Guid LeadUnitId,
    string Reason,
    IReadOnlyList<Guid>? CoUnitIds = null,
    HandlingClass HandlingClass = HandlingClass.Ordinary,
    DateTimeOffset? DueAt = null,
    Hotline.Tickets.Dispatch.JointMode Mode = Hotline.Tickets.Dispatch.JointMode.LeadAndCoUnits,
    DateTimeOffset? LocalGovernmentReportedAt = null)
{
    public Hotline.Tickets.Dispatch.DispatchOrder ToOrder() => new(LeadUnitId, CoUnitIds, HandlingClass, DueAt, null, Mode, LocalGovernmentReportedAt);
}
