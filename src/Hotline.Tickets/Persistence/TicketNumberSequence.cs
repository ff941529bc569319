namespace Hotline.Tickets.Persistence;

/// <summary>
/// The last ticket number handed out per tenant and local day (工单编号). Only the database changes it, in the upsert
/// of <see cref="TicketStore.NextNumberAsync"/>, whose row lock makes concurrent registrations take turns.
/// </summary>
public sealed class TicketNumberSequence
{
    private TicketNumberSequence()
    {
    }

    public string TenantId { get; private set; } = "";
    public DateOnly Day { get; private set; }
    public int Last { get; private set; }
}
