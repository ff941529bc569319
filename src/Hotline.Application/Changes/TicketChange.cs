using Hotline.Tickets.Tickets;

namespace Hotline.Application.Changes;

/// <summary>
/// What one committed unit of work (a ticket action, a registration, a timer's step) did to one ticket, as far as an
/// open workbench needs it to refresh and to tell its user: no caller data, no text, only the number, states, the
/// actions recorded, who acted and the units concerned. Small enough to cross nodes in a PostgreSQL notification.
/// </summary>
/// <param name="TenantId">The ticket's tenant: a change is only ever delivered to that tenant's workbenches.</param>
/// <param name="Number">The ticket number (工单编号).</param>
/// <param name="StateBefore">The state before the unit of work; null for a ticket it registered.</param>
/// <param name="State">The state after the unit of work.</param>
/// <param name="Actions">The actions recorded, each once.</param>
/// <param name="ActorIds">The users who recorded <paramref name="Actions"/> (the system's own steps are left out).</param>
/// <param name="UnitIds">Every unit the ticket is or was assigned to: unit staff only hear of their unit's tickets.</param>
/// <param name="DeadlineWarned">A clock's early warning (临期预警) went out for the ticket in this unit of work.</param>
public sealed record TicketChange(
    string TenantId,
    string Number,
    TicketState? StateBefore,
    TicketState State,
    IReadOnlyList<TicketAction> Actions,
    IReadOnlyList<string> ActorIds,
    IReadOnlyList<Guid> UnitIds,
    bool DeadlineWarned = false)
{
    /// <summary>The ticket changed state (or was registered) in this unit of work.</summary>
    public bool Moved => StateBefore != State;

    /// <summary>A clock ran out (逾期) in this unit of work.</summary>
    public bool WentOverdue => Actions.Contains(TicketAction.DeadlineReached);
}
