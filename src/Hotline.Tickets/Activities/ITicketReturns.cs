namespace Hotline.Tickets.Activities;

/// <summary>
/// What the return-review flow reads of a ticket's pending return (退办申请). The host implements it over the ticket
/// store in the step's unit of work; tests use a fake.
/// </summary>
public interface ITicketReturns
{
    /// <summary>Whether the ticket's pending return goes to the escalated review (提级退办审核); null when none is pending.</summary>
    Task<bool?> PendingReturnEscalatedAsync(TicketRef ticketRef, CancellationToken cancellationToken);
}
