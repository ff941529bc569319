using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Dispatch;

/// <summary>
/// 派单 / 交办: the unit that handles the ticket, the co-units of a joint handling (主办/协办), the handling class the
/// dispatcher sets, and a per-ticket deadline where the profile states none or a longer statutory
/// limit applies (HSB-DL-3).
/// </summary>
public sealed record DispatchOrder(
    Guid LeadUnitId,
    IReadOnlyList<Guid>? CoUnitIds = null,
    HandlingClass HandlingClass = HandlingClass.Ordinary,
    DateTimeOffset? DueAt = null,
    string? Note = null);
