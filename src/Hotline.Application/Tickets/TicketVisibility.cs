using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Tickets;

/// <summary>
/// Who sees a ticket (工单可见范围): centre staff and auditors every ticket of their tenant (<see cref="TicketSearch.SeesWholeTenant"/>),
/// unit staff the tickets their unit is or was assigned to. The ticket view asks it of the loaded ticket; a file's upload
/// or download asks it of the ticket's row and assignments alone, without loading the ticket or building its view.
/// </summary>
internal static class TicketVisibility
{
    public static bool Sees(CurrentUser user, Ticket ticket) =>
        ticket.TenantId == user.TenantId
        && (TicketSearch.SeesWholeTenant(user) || (Guid.TryParse(user.UnitCode, out var unit) && ticket.Assignments.Any(a => a.UnitId == unit)));

    /// <summary>The number of ticket <paramref name="number"/> when <paramref name="user"/> sees it, else null; one query.</summary>
    public static Task<string?> NumberAsync(HotlineDbContext db, CurrentUser user, string number, CancellationToken cancellationToken)
    {
        var tickets = db.Set<Ticket>().AsNoTracking().Where(t => t.TenantId == user.TenantId && t.Number == number);
        if (!TicketSearch.SeesWholeTenant(user))
        {
            // A unit user's unit code is its unit id; one without a unit sees nothing.
            tickets = Guid.TryParse(user.UnitCode, out var unit)
                ? tickets.Where(TicketQueue.Owning(db.Set<UnitAssignment>().Where(a => a.UnitId == unit)))
                : tickets.Where(_ => false);
        }

        return tickets.Select(t => t.Number).FirstOrDefaultAsync(cancellationToken);
    }
}
