using System.Text.Json.Nodes;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Descriptors;

namespace Hotline.Tickets.Activities;

/// <summary>
/// Waits for the ticket action(s) a step expects (等待工单操作) and follows the port named after the one taken.
/// <para>
/// This is how ticket actions drive the workflow. The ticket API is the only writer of tickets: it applies the domain
/// action to the <see cref="Ticket"/> aggregate (which enforces its own rules), then resumes the bookmark whose hash is
/// <see cref="TicketActionBookmark.Hash"/> for that action and the ticket number as correlation id, in the same unit of
/// work. This activity creates one bookmark per expected action, so an action the current step does not expect finds no
/// bookmark and is refused ("the current workflow step does not expect X"). The workflow therefore decides which actions
/// are allowed when, and the aggregate decides whether an allowed action is valid; neither duplicates the other.
/// </para>
/// <para>
/// The steps of the process (dispatch, signing, return review, extension decision, reply review, revisit, archive…) are
/// each an instance of this activity with their own actions, so a process owner reshapes the process in Studio without
/// code. The ports are the chosen actions (Studio's <c>dynamic-outcomes</c> editor renders one port per list entry).
/// </para>
/// </summary>
public sealed class AwaitTicketAction : IActivity
{
    public static ActivityDescriptor Descriptor { get; } = new(TicketActionBookmark.Name)
    {
        Category = HotlineActivities.Category,
        DisplayName = "Await ticket action",
        Description = "Waits until one of the listed actions is taken on the ticket and follows the port of that action.",
        Kind = ActivityKind.Trigger,
        Inputs =
        [
            new InputDescriptor("Actions", TypeAliases.Object)
            {
                DisplayName = "Actions",
                Description = "The ticket actions this step accepts, e.g. [\"Signed\",\"Redispatched\"]; each becomes an outcome port. "
                    + "Known actions: " + string.Join(", ", Enum.GetNames<TicketAction>()) + ".",
                UIHint = "dynamic-outcomes",
                DefaultSyntax = "Object",
            },
        ],
    };

    public ValueTask<ActivityResult> ExecuteAsync(ActivityExecutionContext context)
    {
        var names = context.GetInput<string[]>("Actions") ?? [];
        if (names.Length == 0)
            return Result(ActivityResult.Faulted("Await ticket action needs at least one action, or the ticket could never move on.", "Hotline.NoActions"));

        var actions = new List<TicketAction>();
        foreach (var name in names)
        {
            if (!TicketActionBookmark.TryParse(name, out var action))
                return Result(ActivityResult.Faulted($"'{name}' is not a ticket action.", "Hotline.UnknownAction"));
            if (!actions.Contains(action))
                actions.Add(action);
        }

        return Result(ActivityResult.Suspend([.. actions.Select(a => new BookmarkRequest(TicketActionBookmark.Payload(a)) { CorrelationId = context.CorrelationId })]));
    }

    public ValueTask<ActivityResult> ResumeAsync(ActivityExecutionContext context)
    {
        // The resumed bookmark names the action; a trigger start has no bookmark and relies on the stimulus.
        var action = TicketActionBookmark.ActionOf(context.Bookmark?.PayloadJson is { } json ? JsonNode.Parse(json) : null)
            ?? TicketActionBookmark.ActionOf(context.ResumeInput);
        return Result(action is { } taken
            ? ActivityResult.Complete(taken.ToString())
            : ActivityResult.Faulted("Resumed without a ticket action; expected {\"action\":\"<TicketAction>\"}.", "Hotline.NoAction"));
    }

    private static ValueTask<ActivityResult> Result(ActivityResult result) => ValueTask.FromResult(result);
}
