using Hotline.Tickets.Access;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>
    /// The centre refuses a termination application (HL-TRM-1: only its approval terminates): the unit keeps handling the
    /// ticket under its running deadlines, and may apply again with better grounds.
    /// </summary>
    public TicketEvent RefuseTermination(ActionContext context, string reason)
    {
        if (TryReplay(context, TicketAction.TerminationRefused, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        if (TerminationRequestedAt is null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, $"Ticket {Number} has no termination application.",
                context.Policy.Cite("termination.approval"));
        }

        RequireText(context, reason, "the reason the termination is refused");
        var requested = TerminationRequestedAt;
        TerminationRequestedAt = null;
        return Record(context, TicketAction.TerminationRefused, reason, null, new { RequestedAt = requested }, context.Policy.Cite("termination.approval"));
    }
}
