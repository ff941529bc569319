using Hotline.Tickets.Tickets;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Tells the ticket that a deadline passed (超期) and follows what the ticket made of it (rules.md CC-7, HL-SGN-2,
/// QU-SCR-2/4): <c>Overdue</c> (the clock is marked overdue and, where the profile says so, a supervision record is
/// written), <c>DeemedSigned</c>, <c>Lapsed</c> (a screening window or evidence limit ran out), or <c>Moved</c> when the
/// clock had stopped or was extended meanwhile, so a timer that fires after its ticket moved on does nothing.
/// </summary>
public sealed class DeadlineReached : IActivity
{
    public const string Overdue = "Overdue";
    public const string DeemedSigned = "DeemedSigned";
    public const string Lapsed = "Lapsed";
    public const string Moved = "Moved";

    public static ActivityDescriptor Descriptor { get; } = new("Hotline.DeadlineReached")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Deadline reached",
        Description = "Marks the ticket's clock overdue and follows what the ticket's rules made of it.",
        Inputs =
        [
            new InputDescriptor("Clock")
            {
                Description = "The kind of clock, when the workflow input names no clockId.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(Enum.GetNames<DeadlineKind>().Select(n => (n, n))),
                DefaultValue = nameof(DeadlineKind.Handle),
            },
        ],
        Ports = [new PortDescriptor(Overdue), new PortDescriptor(DeemedSigned), new PortDescriptor(Lapsed), new PortDescriptor(Moved)],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (TicketRef.Of(context) is not { } ticket)
            return ActivityResult.Faulted("Deadline reached needs the instance's tenant and its correlation id, the ticket number.", "Hotline.NoTicket");
        if (context.Services.GetService<ITicketClocks>() is not { } clocks)
            return ActivityResult.Faulted("Deadline reached needs ITicketClocks from the host's services.", "Hotline.NoClocks");
        var clockId = StartDeadline.ClockIdOf(context);
        if (clockId is null)
        {
            if (!Enum.TryParse<DeadlineKind>(context.GetInput<string>("Clock") ?? nameof(DeadlineKind.Handle), ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
                return ActivityResult.Faulted($"'{context.GetInput<string>("Clock")}' is not a deadline clock.", "Hotline.UnknownClock");
            clockId = (await clocks.ReadAsync(ticket, null, kind, context.CancellationToken))?.Id;
        }

        if (clockId is null)
            return ActivityResult.Complete(Moved);

        var recorded = await clocks.ReachAsync(ticket, clockId.Value, context.CancellationToken);
        context.JournalMessage = recorded?.ToString() ?? "clock stopped or moved";
        return ActivityResult.Complete(recorded switch
        {
            TicketAction.DeadlineReached => Overdue,
            TicketAction.DeemedSigned => DeemedSigned,
            TicketAction.ScreeningLapsed => Lapsed,
            _ => Moved,
        });
    }
}
