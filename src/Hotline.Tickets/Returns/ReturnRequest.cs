using Hotline.Tickets.Policies;

namespace Hotline.Tickets.Returns;

/// <summary>Where a return application stands.</summary>
public enum RequestStatus
{
    Pending,
    Approved,
    Rejected,
}

/// <summary>
/// 退办申请: a unit's application to send a ticket back — reason and basis, suggested unit, the leader who
/// signed it, and (HSB-RT-4) whether it goes to escalated review (提级退办审核).
/// </summary>
public sealed record ReturnApplication(
    ReturnReason Reason,
    string Explanation,
    string? Basis = null,
    string? SuggestedUnit = null,
    LeaderLevel? SignedBy = null,
    bool ComplexCase = false,
    IReadOnlyList<Tickets.AttachmentRef>? Attachments = null);

/// <summary>A return application on a ticket and its review (退办审核).</summary>
public sealed class ReturnRequest
{
    private ReturnRequest()
    {
    }

    internal ReturnRequest(Guid unitId, ReturnApplication application, DateTimeOffset requestedAt, bool late, bool escalated)
    {
        Id = Guid.NewGuid();
        UnitId = unitId;
        Reason = application.Reason;
        Explanation = application.Explanation;
        Basis = application.Basis;
        SuggestedUnit = application.SuggestedUnit;
        SignedBy = application.SignedBy;
        RequestedAt = requestedAt;
        Late = late;
        Escalated = escalated;
    }

    public Guid Id { get; private set; }
    public Guid UnitId { get; private set; }
    public ReturnReason Reason { get; private set; }
    public string Explanation { get; private set; } = "";
    public string? Basis { get; private set; }
    public string? SuggestedUnit { get; private set; }
    public LeaderLevel? SignedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }

    /// <summary>Made after the window where the profile accepts late returns (QU-RT-2).</summary>
    public bool Late { get; private set; }

    /// <summary>Reviewed by the BurdenReductionMechanism (HSB-RT-4).</summary>
    public bool Escalated { get; private set; }
    public RequestStatus Status { get; private set; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }
    public string? DecisionReason { get; private set; }

    internal void Decide(bool approved, string decidedBy, DateTimeOffset at, string? reason)
    {
        Status = approved ? RequestStatus.Approved : RequestStatus.Rejected;
        DecidedBy = decidedBy;
        DecidedAt = at;
        DecisionReason = reason;
    }
}
