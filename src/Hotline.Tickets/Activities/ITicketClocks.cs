using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Where <see cref="StartDeadline"/> reads a ticket's deadline clock (时限) from. The host implements it over the ticket
/// store in the request's scope (the clock's <see cref="DeadlineClock.DueAt"/> already counts working days and
/// extensions); tests use a fake. It is the seam between the pure workflow and the ticket store.
/// </summary>
public interface ITicketClocks
{
    /// <summary>When the running clock of <paramref name="kind"/> on the ticket falls due; null when none is running.</summary>
    Task<DateTimeOffset?> FindDueAtAsync(string ticketNumber, DeadlineKind kind, CancellationToken cancellationToken);
}
