using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Activities;

/// <summary>
/// The deadline side of a ticket (时限) as the hotline activities see it. The host implements it over the ticket store
/// in the unit of work of the workflow step (a clock's <see cref="DeadlineClock.DueAt"/> already counts working days,
/// the tenant calendar and extensions); tests use a fake. It is the seam between the pure workflow and the ticket store.
/// </summary>
public interface ITicketClocks
{
    /// <summary>
    /// The clock with <paramref name="clockId"/>, or when that is null the latest running clock of <paramref name="kind"/>;
    /// null when there is none.
    /// </summary>
    Task<ClockReading?> ReadAsync(TicketRef ticketRef, Guid? clockId, DeadlineKind kind, CancellationToken cancellationToken);

    /// <summary>
    /// Tells the ticket that its clock reached the deadline (<see cref="Ticket.DeadlineReached"/>) and returns what the
    /// ticket recorded: <see cref="TicketAction.DeadlineReached"/> (overdue), <see cref="TicketAction.DeemedSigned"/> or
    /// <see cref="TicketAction.ScreeningLapsed"/>; null when the clock had stopped or moved meanwhile.
    /// </summary>
    Task<TicketAction?> ReachAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken);

    /// <summary>
    /// The interview (约谈) the overdue on <paramref name="clockId"/> calls for: the level the tenant's profile gives for
    /// the unit's count of overdue tickets this year, or null when the profile calls for none at this count.
    /// </summary>
    Task<string?> InterviewLevelAsync(TicketRef ticketRef, Guid clockId, CancellationToken cancellationToken);

    /// <summary>
    /// The interview the ticket's latest overdue without a clock calls for (<see cref="TicketAction.OverdueCounted"/>, a
    /// late return under QU-RT-2): the same levels as <see cref="InterviewLevelAsync"/>; null when none applies.
    /// </summary>
    Task<string?> CountedOverdueInterviewLevelAsync(TicketRef ticketRef, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

/// <summary>One clock as a deadline step reads it.</summary>
public sealed record ClockReading(Guid Id, DeadlineKind Kind, DateTimeOffset DueAt, DateTimeOffset? WarningAt, bool IsRunning);
