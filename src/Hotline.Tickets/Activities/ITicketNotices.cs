using Hotline.Tickets.Access;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Where <see cref="Notify"/> hands a notice (通知) to. The host implements it in the step's unit of work: it fills the
/// template's values from the ticket, finds the people holding <c>recipient</c> for the ticket's unit or centre, and
/// writes through <see cref="Notices.NoticeOutbox"/> into the same transaction, so the notice commits with the workflow
/// step. Tests use a fake.
/// </summary>
public interface ITicketNotices
{
    /// <summary>
    /// Queues the notice to every holder of <paramref name="recipient"/>; a repeat of <paramref name="deduplicationKey"/>
    /// is ignored. <paramref name="values"/> add to or override the values the host reads from the ticket.
    /// </summary>
    Task EnqueueAsync(TicketRef ticketRef, string templateKind, HotlineRole recipient, string deduplicationKey, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? values = null);
}
