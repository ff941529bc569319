using Hotline.Tickets.Access;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>归档: closes the file (HL-ARC-1 一卷一宗). Every clock stops; nothing changes a ticket after this.</summary>
    public TicketEvent Archive(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.Archived, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        if (!PanelFoundUnreasonable)
        {
            // After an unreasonable panel ruling the dissatisfied ticket is archived unless the unit appeals (HK-SCR-2).
            RequireState(context, TicketState.Completed, TicketState.Closed, TicketState.Terminated, TicketState.Rejected, TicketState.Redirected);
        }
        if (PendingReturn is not null || PendingExtension is not null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, "Decide the pending application first.");
        }

        StopAllClocks(context.Now);
        State = TicketState.Archived;
        return Record(context, TicketAction.Archived, note, null, new { Satisfaction, ExcludedFromSatisfaction });
    }
}
