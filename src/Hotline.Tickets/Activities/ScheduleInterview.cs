using Hotline.Tickets.Access;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Calls for an interview (约谈) of the unit whose clock went overdue (or whose late return counted as overdue, QU-RT-2), at the level the tenant's profile gives for the
/// unit's overdue count this year (QU-INT-1: the first to the county bureau, the second to the discipline commission;
/// It notifies the supervisors with the level and follows <c>Interview</c>; with no level in the profile it
/// follows <c>None</c>. The supervisor records the interview itself as a ticket action.
/// </summary>
public sealed class ScheduleInterview : IActivity
{
    public const string Interview = "Interview";
    public const string None = "None";

    public static ActivityDescriptor Descriptor { get; } = new("Hotline.ScheduleInterview")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Schedule interview",
        Description = "Asks the supervisors to interview the overdue unit at the level the profile gives for its overdue count.",
        Outputs = [new OutputDescriptor("Level", TypeAliases.String)],
        Ports = [new PortDescriptor(Interview), new PortDescriptor(None)],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        if (TicketRef.Of(context) is not { } ticket)
            return ActivityResult.Faulted("Schedule interview needs the instance's tenant and its correlation id, the ticket number.", "Hotline.NoTicket");
        if (context.Services.GetService<ITicketClocks>() is not { } clocks || context.Services.GetService<ITicketNotices>() is not { } notices)
            return ActivityResult.Faulted("Schedule interview needs ITicketClocks and ITicketNotices from the host's services.", "Hotline.NoClocks");
        // Started for one clock: that clock's overdue; started by a counted overdue (a late return, QU-RT-2): that one.
        var clockId = StartDeadline.ClockIdOf(context);
        var level = clockId is { } id
            ? await clocks.InterviewLevelAsync(ticket, id, context.CancellationToken)
            : await clocks.CountedOverdueInterviewLevelAsync(ticket, context.CancellationToken);
        if (level is null)
            return ActivityResult.Complete(None);

        context.JournalMessage = level;
        context.SetOutput("Level", level);
        await notices.EnqueueAsync(ticket, "interview-scheduled", HotlineRole.Supervisor,
            $"workflow:{context.WorkflowInstanceId}:{context.Id}", context.CancellationToken,
            new Dictionary<string, string?> { ["interviewer"] = level, ["clockId"] = clockId?.ToString() });
        return ActivityResult.Complete(Interview);
    }
}
