using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Dispatch;

/// <summary>How several units share a ticket (§5.1).</summary>
public enum JointMode
{
    /// <summary>主办 + 协办: co-units give opinions, the lead replies once.</summary>
    LeadAndCoUnits,

    /// <summary>会签 (QU-JNT-1): each unit handles and answers its own part, with its own clocks.</summary>
    Countersign,
}

/// <summary>
/// 派单 / 交办: the unit that handles the ticket, the co-units of a joint handling (主办/协办), the handling class the
/// dispatcher sets, and a per-ticket deadline where the profile states none or a longer statutory
/// limit applies (HSB-DL-3). QU special items record when the local government was told first (QU-URG-1). With <see cref="JointMode.Countersign"/> the other units are countersign parts.
/// </summary>
public sealed record DispatchOrder(
    Guid LeadUnitId,
    IReadOnlyList<Guid>? CoUnitIds = null,
    HandlingClass HandlingClass = HandlingClass.Ordinary,
    DateTimeOffset? DueAt = null,
    string? Note = null,
    JointMode Mode = JointMode.LeadAndCoUnits,
    DateTimeOffset? LocalGovernmentReportedAt = null);
