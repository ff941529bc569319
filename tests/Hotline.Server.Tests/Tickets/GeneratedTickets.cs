using Hotline.Application.Tickets;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// SQL that fills a tenant with more tickets than the search counts (<see cref="TicketSearch.CountLimit"/> + 1), one a
/// minute back from <c>nowTicks</c>, numbered <c>{PREFIX}-20250101-00001</c> upwards, each with a caller row; a different
/// <c>batch</c> per tenant keeps the ids apart. Only values of the test's own making are spliced in.
/// </summary>
internal static class GeneratedTickets
{
    public static string OverTheCountLimit(string tenant, string state, long nowTicks, string content = "咨询", int batch = 0) => $"""
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {TicketSearch.CountLimit + 1})
        INSERT INTO Tickets (Id, TenantId, Number, Channel, Queue, Category, Urgency, HandlingClass, Content, CorruptionRelated, State, RegisteredAt, MatterTerminated, RedoCount, ExcludedFromSatisfaction, LateReturnCounted, Revision)
        SELECT upper(printf('%08x-%04x-4000-8000-%012x', i, {batch}, i)), '{tenant}', printf('{tenant.ToUpperInvariant()}-20250101-%05d', i), 'Phone', 'Centre', 'Consultation', 'Normal', 'Ordinary', '{content}', 0, '{state}', {nowTicks} - i * 600000000, 0, 0, 0, 0, 1 FROM n;
        INSERT INTO TicketCallers (TicketId, Phone, ConcealedIdentity, DeclinedReply) SELECT Id, '13800000000', 0, 0 FROM Tickets WHERE TenantId = '{tenant}';
        """;
}
