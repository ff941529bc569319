using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Routes a return request (退办) to its reviewer: <c>Escalated</c> when the tenant's profile sends the reason to the
/// escalated review (提级退办审核, HSB-RT-3: the higher reviewer decides), <c>Centre</c> when the centre's reviewer
/// decides, <c>None</c> when no return is pending any more. The ticket decided which it is when the unit applied.
/// </summary>
public sealed class EscalateReturnReview : IActivity
{
    public const string Escalated = "Escalated";
    public const string Centre = "Centre";
    public const string None = "None";

    public static ActivityDescriptor Descriptor { get; } = new("Hotline.EscalateReturnReview")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Route return review",
        Description = "Follows Escalated when the pending return goes to the escalated review, Centre when the centre reviews it.",
        Ports = [new PortDescriptor(Escalated), new PortDescriptor(Centre), new PortDescriptor(None)],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (TicketRef.Of(context) is not { } ticket)
            return ActivityResult.Faulted("Route return review needs the instance's tenant and its correlation id, the ticket number.", "Hotline.NoTicket");
        if (context.Services.GetService<ITicketReturns>() is not { } returns)
            return ActivityResult.Faulted("Route return review needs ITicketReturns from the host's services.", "Hotline.NoReturns");

        return ActivityResult.Complete(await returns.PendingReturnEscalatedAsync(ticket, context.CancellationToken) switch
        {
            true => Escalated,
            false => Centre,
            null => None,
        });
    }
}
