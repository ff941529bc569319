using Hotline.Workflows.Activities;

namespace Hotline.Tickets.Activities;

/// <summary>
/// A ticket as a workflow step knows it: the tenant of its instance and the instance's correlation id, the ticket
/// number. Numbers are a tenant's own, so a step never looks a ticket up by its number alone.
/// </summary>
public sealed record TicketRef(string TenantId, string Number)
{
    /// <summary>The ticket of the step's instance; null when the instance has no tenant or no correlation id.</summary>
    public static TicketRef? Of(ActivityExecutionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.TenantId is { Length: > 0 } tenantId && context.CorrelationId is { Length: > 0 } number ? new(tenantId, number) : null;
    }

    public override string ToString() => $"{TenantId}/{Number}";
}
