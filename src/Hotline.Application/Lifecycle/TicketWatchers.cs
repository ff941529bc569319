using System.Globalization;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Lifecycle;

/// <summary>When the workflows that watch a ticket end: the ticket closed (archived, terminated, redirected, rejected, answered at intake).</summary>
internal static class TicketWatchers
{
    public static bool Closes(TicketAction action) =>
        action is TicketAction.Archived or TicketAction.ScreeningLapsed or TicketAction.Terminated
            or TicketAction.EmergencyRedirected or TicketAction.Rejected or TicketAction.Merged
            or TicketAction.AnsweredDirectly;

    /// <summary>The journal's reason, e.g. "Ticket QU-20250926-0001 closed: Archived (ScreeningLapsed, QU-SCR-2)".</summary>
    public static string Reason(Ticket ticket, TicketEvent closing) => closing.Action == TicketAction.Merged
        ? $"Ticket {ticket.Number} closed: merged into {ticket.MergedInto} ({closing.Reason})."
        : string.Create(CultureInfo.InvariantCulture,
            $"Ticket {ticket.Number} closed: {ticket.State} ({closing.Action}{(closing.RuleIds is { } rules ? ", " + rules.Replace(",", ", ", StringComparison.Ordinal) : "")}).");
}
