using System.Text.Json.Nodes;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>When a deadline step fires: at the clock's due time, at its early warning (临期预警), or as soon as it runs.</summary>
public enum DeadlineMoment
{
    Due,
    Warning,

    /// <summary>At once while the clock runs: a trigger that reacts to a clock being started.</summary>
    Started,
}

/// <summary>
/// Waits for a ticket's deadline clock (时限到期) and follows <c>Reached</c> when it falls due (or, with
/// <see cref="DeadlineMoment.Warning"/>, when its warning time comes), or <c>Stopped</c> when the clock is no longer
/// running or has no warning. The due time is the ticket's own clock, read through <see cref="ITicketClocks"/>, so
/// working days, the tenant calendar and extensions are counted in one place (the domain). The clock is the one named
/// by the workflow input <c>clockId</c> (the host starts one supervision instance per clock), else the latest running
/// clock of the chosen kind. When the timer fires the clock is read again: an approved extension moved it, so the step
/// waits on for the new time; a clock stopped meanwhile (the step was done) follows <c>Stopped</c> and does nothing else.
/// </summary>
public sealed class StartDeadline : IActivity
{
    public const string Reached = "Reached";
    public const string Stopped = "Stopped";

    /// <summary>
    /// How long after a deadline its timer rings: on time means at or before the due time (CC-7), so the ring must be
    /// later; a millisecond survives every store's timestamp precision.
    /// </summary>
    public static readonly TimeSpan JustAfter = TimeSpan.FromMilliseconds(1);

    /// <summary>The workflow input that names one clock of the ticket.</summary>
    public const string ClockIdInput = "clockId";

    public static ActivityDescriptor Descriptor { get; } = new("Hotline.StartDeadline")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Deadline",
        Description = "Waits until the ticket's deadline clock falls due or warns (Reached), or is stopped (Stopped).",
        Kind = ActivityKind.Trigger,
        Inputs =
        [
            new InputDescriptor("Clock")
            {
                Description = "Which kind of the ticket's deadline clocks to wait for, when the workflow input names no clockId. "
                    + "As a trigger: the kind of clock that starts an instance, or Any.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(
                    Enum.GetNames<DeadlineKind>().Append(TicketTriggers.AnyClock).Select(n => (n, n))),
                DefaultValue = nameof(DeadlineKind.Handle),
            },
            new InputDescriptor("Moment")
            {
                Description = "Due: at the deadline. Warning: at the clock's early-warning time (the profile's handling.warnBefore). "
                    + "Started: at once while the clock runs.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(Enum.GetNames<DeadlineMoment>().Select(n => (n, n))),
                DefaultValue = nameof(DeadlineMoment.Due),
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

    /// <summary>The clock id of the workflow input, if the host started the instance for one clock.</summary>
    internal static Guid? ClockIdOf(ActivityExecutionContext context) =>
        context.WorkflowInput[ClockIdInput] is JsonValue value && value.TryGetValue<string>(out var text) && Guid.TryParse(text, out var id) ? id : null;

    private static async Task<ActivityResult> WaitAsync(ActivityExecutionContext context)
    {
        var clockName = context.GetInput<string>("Clock") ?? nameof(DeadlineKind.Handle);
        var clockId = ClockIdOf(context);
        // A trigger lists the kinds it watches; the instance it started names its one clock in the input.
        var kind = DeadlineKind.Handle;
        if (clockId is null && (!Enum.TryParse(clockName, ignoreCase: false, out kind) || !Enum.IsDefined(kind)))
            return ActivityResult.Faulted($"'{clockName}' is not a deadline clock.", "Hotline.UnknownClock");
        if (!Enum.TryParse<DeadlineMoment>(context.GetInput<string>("Moment") ?? nameof(DeadlineMoment.Due), ignoreCase: false, out var moment) || !Enum.IsDefined(moment))
            return ActivityResult.Faulted($"'{context.GetInput<string>("Moment")}' is not a deadline moment.", "Hotline.UnknownMoment");

        var dueAt = context.GetInput<DateTimeOffset?>("DueAt");
        if (dueAt is null)
        {
            if (TicketRef.Of(context) is not { } ticket)
                return ActivityResult.Faulted("Deadline needs the instance's tenant and its correlation id, the ticket number.", "Hotline.NoTicket");
            if (context.Services.GetService<ITicketClocks>() is not { } clocks)
                return ActivityResult.Faulted("Deadline needs ITicketClocks from the host's services to read the ticket's clock.", "Hotline.NoClocks");
            var clock = await clocks.ReadAsync(ticket, clockId, kind, context.CancellationToken);
            dueAt = clock is { IsRunning: true }
                ? moment switch { DeadlineMoment.Due => clock.DueAt, DeadlineMoment.Warning => clock.WarningAt, _ => context.TimeProvider.GetUtcNow() }
                : null;
            if (dueAt is null)
                return ActivityResult.Complete(Stopped);
            clockId = clock!.Id;
        }

        if (dueAt <= context.TimeProvider.GetUtcNow())
        {
            // Timers fire just after the due time: an action at the due minute itself is on time (CC-7).
            return moment != DeadlineMoment.Due || dueAt < context.TimeProvider.GetUtcNow()
                ? ActivityResult.Complete(Reached)
                : Suspend(kind, clockId, dueAt.Value.Add(JustAfter));
        }

        return Suspend(kind, clockId, moment == DeadlineMoment.Due ? dueAt.Value.Add(JustAfter) : dueAt.Value);
    }

    private static ActivityResult Suspend(DeadlineKind kind, Guid? clockId, DateTimeOffset resumeAt)
    {
        var payload = new JsonObject { ["clock"] = kind.ToString(), ["clockId"] = clockId?.ToString(), ["resumeAt"] = resumeAt };
        return ActivityResult.Suspend(new BookmarkRequest(payload) { DueAt = resumeAt });
    }
}
