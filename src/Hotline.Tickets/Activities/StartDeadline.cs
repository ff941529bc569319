using System.Text.Json.Nodes;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Waits for a ticket's deadline clock (时限到期) and follows <c>Reached</c> when it falls due, or <c>Stopped</c> when the
/// clock is no longer running (the step it timed was done). The due time is the ticket's own clock, read through
/// <see cref="ITicketClocks"/>, so working days, the tenant calendar and extensions are counted in one place (the domain);
/// a literal <c>DueAt</c> input overrides it for processes that time something the ticket does not. When the timer
/// fires the clock is read again: an approved extension moved it, so the step waits on for the new due time.
/// </summary>
public sealed class StartDeadline : IActivity
{
    public const string Reached = "Reached";
    public const string Stopped = "Stopped";

    public static ActivityDescriptor Descriptor { get; } = new("Hotline.StartDeadline")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Deadline",
        Description = "Waits until the ticket's deadline clock falls due (Reached) or is stopped (Stopped).",
        Kind = ActivityKind.Trigger,
        Inputs =
        [
            new InputDescriptor("Clock")
            {
                Description = "Which of the ticket's deadline clocks to wait for.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(Enum.GetNames<DeadlineKind>().Select(n => (n, n))),
                DefaultValue = nameof(DeadlineKind.Handle),
            },
            new InputDescriptor("DueAt", TypeAliases.DateTimeOffset)
            {
                Description = "Optional fixed due time; when empty the ticket's clock decides.",
            },
        ],
        Ports = [new PortDescriptor(Reached), new PortDescriptor(Stopped)],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context) => await WaitAsync(context);

    public async ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context) => await WaitAsync(context);

    private static async Task<ActivityResult> WaitAsync(ActivityExecutionContext context)
    {
        if (!Enum.TryParse<DeadlineKind>(context.GetInput<string>("Clock"), ignoreCase: false, out var kind) || !Enum.IsDefined(kind))
            return ActivityResult.Faulted($"'{context.GetInput<string>("Clock")}' is not a deadline clock.", "Hotline.UnknownClock");

        var dueAt = context.GetInput<DateTimeOffset?>("DueAt");
        if (dueAt is null)
        {
            if (context.CorrelationId is not { Length: > 0 } ticketNumber)
                return ActivityResult.Faulted("Deadline needs the instance's correlation id to be the ticket number.", "Hotline.NoTicket");
            if (context.Services.GetService<ITicketClocks>() is not { } clocks)
                return ActivityResult.Faulted("Deadline needs ITicketClocks from the host's services to read the ticket's clock.", "Hotline.NoClocks");
            dueAt = await clocks.FindDueAtAsync(ticketNumber, kind, context.CancellationToken);
            if (dueAt is null)
                return ActivityResult.Complete(Stopped);
        }

        if (dueAt <= context.TimeProvider.GetUtcNow())
            return ActivityResult.Complete(Reached);
        var payload = new JsonObject { ["clock"] = kind.ToString(), ["resumeAt"] = dueAt };
        return ActivityResult.Suspend(new BookmarkRequest(payload) { DueAt = dueAt });
    }
}
