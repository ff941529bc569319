using Hotline.Tickets.Policies;
using Hotline.Tickets.Returns;

namespace Hotline.Tickets.Extensions;

/// <summary>
/// 延期申请: working days asked for, the reason, the promised completion, whether the caller was told
/// (HSB-EXT-2), who signed (HL-EXT-1/2), a centre reviewer's override of a 「原则上」 refusal, and the
/// files that support it (uploaded for the ticket first).
/// </summary>
public sealed record ExtensionApplication(
    int WorkingDays,
    string Reason,
    bool CallerNotified = false,
    LeaderLevel? SignedBy = null,
    string? OverrideReason = null,
    IReadOnlyList<Tickets.AttachmentRef>? Attachments = null);

/// <summary>An extension application and its decision (延期审批). Every application counts toward the maximum .</summary>
public sealed class ExtensionRequest
{
    private ExtensionRequest()
    {
    }

    internal ExtensionRequest(Guid unitId, ExtensionApplication application, DateTimeOffset requestedAt)
    {
        Id = Guid.NewGuid();
        UnitId = unitId;
        WorkingDays = application.WorkingDays;
        Reason = application.Reason;
        CallerNotified = application.CallerNotified;
        SignedBy = application.SignedBy;
        OverrideReason = application.OverrideReason;
        RequestedAt = requestedAt;
    }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public int WorkingDays { get; private set; }
    public string Reason { get; private set; } = "";
    public bool CallerNotified { get; private set; }
    public LeaderLevel? SignedBy { get; private set; }
    public string? OverrideReason { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public RequestStatus Status { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecisionReason { get; private set; }
    public DateTimeOffset? PreviousDueAt { get; private set; }
    public DateTimeOffset? NewDueAt { get; private set; }

    internal void Approve(DateTimeOffset at, DateTimeOffset previousDue, DateTimeOffset newDue, string? reason)
    {
        Status = RequestStatus.Approved;
        DecidedAt = at;
        PreviousDueAt = previousDue;
        NewDueAt = newDue;
        DecisionReason = reason;
    }

    internal void Deny(DateTimeOffset at, string reason)
    {
        Status = RequestStatus.Rejected;
        DecidedAt = at;
        DecisionReason = reason;
    }
}
