using System.Text.Json.Nodes;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Lifecycle;

/// <summary>
/// 并单 and the workflows: a merge is no step of a lifecycle, so no workflow expects it. Merged closes the duplicate
/// (every workflow of it ends, the journal saying into which ticket); Unmerged starts the duplicate's lifecycle again at
/// registration, the only state a merge is undone from. The main ticket's accepted reply also reaches the callers of
/// the duplicates merged into it.
/// </summary>
public sealed partial class TicketWorkflows
{
    /// <summary>The template of the SMS that gives a merged duplicate's caller the main ticket's reply.</summary>
    public const string MergedReplyNotice = "merged-reply";

    /// <summary>True when <paramref name="taken"/> is a merge or unmerge, which the host takes without a workflow step.</summary>
    private async Task<bool> TakeMergeAsync(Ticket ticket, TicketEvent taken, TicketActor actor, CancellationToken cancellationToken)
    {
        if (taken.Action == TicketAction.Merged)
        {
            return true; // its closing ended the duplicate's workflows while it was delivered
        }

        if (taken.Action != TicketAction.Unmerged)
        {
            return false;
        }

        var registered = ticket.Events.First(e => e.Action == TicketAction.Registered);
        var stimulus = new JsonObject { ["action"] = nameof(TicketAction.Registered), ["sequence"] = registered.Sequence };
        var triggers = await TriggersAsync(ticket.TenantId, a => TicketTriggers.StartsOn(a, TicketAction.Registered), cancellationToken);
        await StartEachAsync(ticket, triggers, ActorLabel(actor), stimulus,
            new Dictionary<string, object?> { ["action"] = nameof(TicketAction.Registered), ["restartedBy"] = nameof(TicketAction.Unmerged) }, cancellationToken);
        return triggers.Count > 0;
    }

    /// <summary>On the main ticket's accepted reply, one SMS to the caller of each duplicate merged into it.</summary>
    private async Task TellMergedCallersAsync(Ticket ticket, TicketEvent recorded, CancellationToken cancellationToken)
    {
        if (recorded.Action != TicketAction.ReplyAccepted || ticket.MergedDuplicates() is not { Count: > 0 } numbers)
        {
            return;
        }

        await EnlistAsync(cancellationToken);
        var reply = ticket.Events.LastOrDefault(e => e.Action == TicketAction.Replied)?.Reason ?? "";
        var (centre, _) = await TenantAsync(ticket.TenantId, cancellationToken);
        var duplicates = await unitOfWork.Domain.Tickets.AsNoTracking()
            .Where(t => t.TenantId == ticket.TenantId && numbers.Contains(t.Number))
            .Select(t => new { t.Number, t.Caller })
            .ToListAsync(cancellationToken);
        foreach (var duplicate in duplicates.Where(d => !string.IsNullOrWhiteSpace(d.Caller.Phone) && !d.Caller.DeclinedReply).OrderBy(d => d.Number, StringComparer.Ordinal))
        {
            var values = new Dictionary<string, string?>
            {
                ["ticketNumber"] = ticket.Number,
                ["duplicateNumber"] = duplicate.Number,
                ["reply"] = reply,
                ["centreName"] = centre,
            };
            await outbox.EnqueueAsync(unitOfWork.Domain, new NoticeRequest(ticket.TenantId, duplicate.Number, MergedReplyNotice,
                NoticeRecipient.Sms(duplicate.Caller.Phone!, duplicate.Caller.Name), values,
                $"{MergedReplyNotice}:{duplicate.Number}:{recorded.IdempotencyKey}"), cancellationToken);
        }

        QueueFlush();
    }
}
