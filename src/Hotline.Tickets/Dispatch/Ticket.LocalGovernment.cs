using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>The special item was reported to the local government when it was registered (QU-URG-1).</summary>
    public bool LocalGovernmentReported => _events.Any(e => e.Action == TicketAction.LocalGovernmentReported);

    /// <summary>
    /// QU-URG-1: a special or special-urgent item is reported to the local government (属地政府) first. The centre records
    /// at registration to whom and how it reported; the record cites the rule and tells the supervisors, and the
    /// dispatch that follows needs no separate timestamp. Items of other urgencies record nothing.
    /// </summary>
    private void RecordLocalGovernmentReport(ActionContext context, string? report)
    {
        if (string.IsNullOrWhiteSpace(report)
            || !context.Policy.UrgentResponses.Any(u => u.Urgency == Urgency && u.ReportToLocalGovernmentFirst))
        {
            return;
        }

        RequireLength(report, TextLimits.Long, "The report to the local government");
        Record(context, TicketAction.LocalGovernmentReported, report, null, new { ReportedAt = context.Now },
            context.Policy.Cite(ErrorCodes.LocalGovernmentFirst), keySuffix: "local-government");
    }
}
