using Hotline.Tickets.Access;
using Hotline.Tickets.Notices;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Sends a notice (发送通知) from a template to the people in a role on the ticket, through <see cref="ITicketNotices"/>.
/// The deduplication key is the activity run, so a step retried after a crash does not notify twice.
/// </summary>
public sealed class Notify : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new("Hotline.Notify")
    {
        Category = HotlineActivities.Category,
        DisplayName = "Notify",
        Description = "Queues a notice from a template to the people holding a role on the ticket.",
        Inputs =
        [
            new InputDescriptor("Template")
            {
                Description = "The notice template.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(NoticeTemplates.Default.Kinds.Order(StringComparer.Ordinal).Select(k => (k, k))),
            },
            new InputDescriptor("Recipient")
            {
                Description = "The role whose holders receive the notice.",
                UIHint = "dropdown",
                UISpecifications = InputDescriptor.DropdownSpecification(Enum.GetNames<HotlineRole>().Select(n => (n, n))),
            },
        ],
    };

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var template = context.GetInput<string>("Template");
        if (template is null || !NoticeTemplates.Default.Kinds.Contains(template))
            return ActivityResult.Faulted($"'{template}' is not a notice template.", "Hotline.UnknownTemplate");
        var role = context.GetInput<string>("Recipient");
        if (!Enum.TryParse<HotlineRole>(role, ignoreCase: false, out var recipient) || !string.Equals(recipient.ToString(), role, StringComparison.Ordinal))
            return ActivityResult.Faulted($"'{role}' is not a hotline role.", "Hotline.UnknownRole");
        if (TicketRef.Of(context) is not { } ticket)
            return ActivityResult.Faulted("Notify needs the instance's tenant and its correlation id, the ticket number.", "Hotline.NoTicket");
        if (context.Services.GetService<ITicketNotices>() is not { } notices)
            return ActivityResult.Faulted("Notify needs ITicketNotices from the host's services to queue the notice.", "Hotline.NoNotices");

        // In a supervision instance the notice is about its clock: the host fills the clock's name and due time.
        var values = StartDeadline.ClockIdOf(context) is { } clockId ? new Dictionary<string, string?> { ["clockId"] = clockId.ToString() } : null;
        await notices.EnqueueAsync(ticket, template, recipient, $"workflow:{context.WorkflowInstanceId}:{context.Id}", context.CancellationToken, values);
        return ActivityResult.Complete();
    }
}
