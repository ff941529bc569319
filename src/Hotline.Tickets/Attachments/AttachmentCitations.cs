using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Attachments;

/// <summary>The files a ticket action cites, checked against what was uploaded (the ticket runner asks before saving).</summary>
public sealed class AttachmentCitations(HotlineDbContext db)
{
    public const string UnknownKey = "attachment.not-uploaded";

    /// <summary>
    /// Every file an action cites must have been uploaded for this ticket of this tenant: a key from elsewhere (another
    /// ticket, another tenant, or made up) is refused before anything is saved.
    /// </summary>
    public async Task RequireUploadedAsync(Ticket ticket, IEnumerable<TicketEvent> recorded, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var keys = recorded.SelectMany(e => e.Attachments).Select(a => a.StorageKey).Distinct().ToList();
        if (keys.Count == 0)
            return;
        var known = await db.Set<Attachment>().AsNoTracking()
            .Where(a => a.TenantId == ticket.TenantId && a.TicketNumber == ticket.Number && keys.Contains(a.StorageKey))
            .Select(a => a.StorageKey).ToListAsync(cancellationToken);
        if (keys.Except(known).FirstOrDefault() is { } unknown)
            throw new TicketRuleViolation(UnknownKey,
                $"No file with storage key '{unknown}' was uploaded for ticket {ticket.Number}; upload it with POST /api/tickets/{ticket.Number}/attachments first.");
    }
}
