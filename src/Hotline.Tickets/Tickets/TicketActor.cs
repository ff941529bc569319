using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tickets;

/// <summary>
/// Who acts on a ticket (操作人): a user, the <see cref="HotlineRole"/> they act in, and the unit they act for when
/// they belong to one. <see cref="System"/> (no role) is the product itself: timers and workflow steps acting on the
/// ticket's own clocks.
/// </summary>
public sealed record TicketActor(string UserId, HotlineRole? Role, Guid? UnitId = null)
{
    public static TicketActor System { get; } = new("system", null);

    public bool IsSystem => Role is null;
}
