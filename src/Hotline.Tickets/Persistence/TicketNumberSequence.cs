namespace Hotline.Tickets.Persistence;

/// <summary>
/// The last ticket number handed out per tenant and local day (工单编号). The row is the concurrency guard: two
/// registrations that read the same value collide on save instead of sharing a number.
/// </summary>
public sealed class TicketNumberSequence
{
    private TicketNumberSequence()
    {
    }

    internal TicketNumberSequence(string tenantId, DateOnly day)
    {
        TenantId = tenantId;
        Day = day;
    }

    public string TenantId { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public int Last { get; private set; }

    internal int Next() => ++Last;
}
