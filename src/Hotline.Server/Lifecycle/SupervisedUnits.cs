using Hotline.Tickets.Tickets;

namespace Hotline.Server.Lifecycle;

/// <summary>
/// The units a unit-role notice goes to: a clock's own unit; otherwise the unit concerned, and when the ticket was just
/// supervised, the late co-units the supervision names as well (HL-SUP-6, A-27), so a late co-unit hears of it too.
/// </summary>
internal static class SupervisedUnits
{
    private sealed record SupervisionData(IReadOnlyList<Guid>? LateCoUnits);

    public static List<string> ToTell(Ticket ticket, DeadlineClock? clock)
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

        if (ticket.Events.Count > 0 && ticket.Events[^1] is { Action: TicketAction.Supervised } supervised
            && supervised.Data<SupervisionData>()?.LateCoUnits is { } late)
        {
            units.AddRange(late);
        }

        return [.. units.Distinct().Select(u => u.ToString())];
    }
}
