using Hotline.Tickets.Access;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Where <see cref="Notify"/> hands a notice (通知) to. The host implements it in the request's scope: it fills the
/// template's values from the ticket, finds the addresses of the people holding <c>recipient</c> for the ticket's
/// unit or centre, and writes through <see cref="Notices.NoticeOutbox"/> into the same DbContext, so the notice commits
/// with the workflow step. Tests use a fake.
/// </summary>
public interface ITicketNotices
{
    /// <summary>Queues the notice; a repeat of <paramref name="deduplicationKey"/> is ignored.</summary>
    Task EnqueueAsync(string ticketNumber, string templateKind, HotlineRole recipient, string deduplicationKey, CancellationToken cancellationToken);
}
