using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Screening;

/// <summary>
/// 甄别申请 (QU-SCR-1) or 申诉 (HK-SCR-1): the unit's case that a dissatisfied rating should not count, with evidence
/// (佐证资料), the appeal ground where the profile lists grounds, and the leader who checked it.
/// </summary>
public sealed record ScreeningApplication(
    string Explanation,
    IReadOnlyList<AttachmentRef> Evidence,
    string? Ground = null,
    LeaderLevel? SignedBy = null);
