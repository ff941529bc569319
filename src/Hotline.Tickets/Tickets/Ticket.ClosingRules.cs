namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>The actions that close a ticket (or move it out of the normal path) under a rule of the regulation.</summary>
    private static readonly TicketAction[] ClosingActions =
        [TicketAction.EmergencyRedirected, TicketAction.ScreeningLapsed, TicketAction.Terminated, TicketAction.Rejected, TicketAction.Archived];

    /// <summary>
    /// The rules under which a closed ticket was closed, so an action refused because of that state names the rule that
    /// is the real reason (dispatching a ticket redirected under HSB-EMG-1, acting on one archived by a lapse under
    /// QU-SCR-2/4). Empty while the ticket is open: then the state itself is the whole reason.
    /// </summary>
    internal IReadOnlyList<string> RulesThatClosedIt()
    {
        if (State is not (TicketState.Redirected or TicketState.Archived or TicketState.Terminated or TicketState.Rejected))
        {
            return [];
        }

        return _events.LastOrDefault(e => ClosingActions.Contains(e.Action) && e.RuleIds is not null)?.RuleIds?.Split(',') ?? [];
    }

    /// <summary>Whether the ticket was archived because the clock of <paramref name="kind"/> lapsed (QU-SCR-2, QU-SCR-4).</summary>
    internal bool LapsedOn(DeadlineKind kind) =>
        State == TicketState.Archived && _clocks.Any(c => c.Kind == kind && c.Overdue)
        && _events.Any(e => e.Action == TicketAction.ScreeningLapsed);
}
