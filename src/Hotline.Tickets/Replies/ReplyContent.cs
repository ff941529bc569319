using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Replies;

/// <summary>A suggestion's outcome (建议是否采纳, §5.6).</summary>
public enum AdoptionDecision
{
    Adopted,
    NotAdopted,
    Undecided,
}

/// <summary>
/// 办结答复: what the unit did and told the caller, with the content its category requires (§5.6, HSB-RPL-3..5,
/// HL-RPL-2..5, HK-RPL-1). <see cref="FailedCallAttempts"/> proves an unreachable caller (HSB-RPL-4);
/// <see cref="UnfinishedReason"/> says why a ticket extended twice is still open (HSB-EXT-3).
/// </summary>
public sealed record ReplyContent(
    string Measures,
    string? CallerNotice = null,
    ResolutionType? Resolution = null,
    bool? FullyAnswered = null,
    DateOnly? CaseOpenedOn = null,
    string? NoCaseBasis = null,
    AdoptionDecision? Adoption = null,
    string? AdoptionReason = null,
    string? IncidentControl = null,
    IReadOnlyList<DateTimeOffset>? FailedCallAttempts = null,
    string? InterimResult = null,
    string? FollowUpPlan = null,
    IReadOnlyList<AttachmentRef>? Attachments = null,
    string? UnfinishedReason = null);
