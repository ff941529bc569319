using Hotline.Tickets.Tickets;

namespace Hotline.Application.Lifecycle;

/// <summary>
/// The units a unit-role notice goes to: a clock's own unit; otherwise the unit concerned, and when the ticket was just
/// supervised (the notice is sent for that event), the late co-units the supervision names as well (HL-SUP-6, A-27), so a late co-unit hears of it too.
/// </summary>
internal static class SupervisedUnits
{
    private sealed record SupervisionData(IReadOnlyList<Guid>? LateCoUnits);

    /// <summary>The units for a notice about <paramref name="clock"/>, or about the event being delivered, if any.</summary>
    public static List<string> ToTell(Ticket ticket, DeadlineClock? clock, TicketEvent? delivering)
    {
        if (clock?.UnitId is { } clockUnit)
        {
            return [clockUnit.ToString()];
        }

        var units = new List<Guid>();
        if (NoticeValues.UnitConcerned(ticket) is { } concerned)
        {
            units.Add(concerned);
        }

        if (delivering is { Action: TicketAction.Supervised } supervised && supervised.Data<SupervisionData>()?.LateCoUnits is { } late)
        {
            units.AddRange(late);
        }

        return [.. units.Distinct().Select(u => u.ToString())];
    }
}
