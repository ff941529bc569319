using Hotline.Application.Lifecycle;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Tickets;

/// <summary>并单: the main ticket a duplicate is merged into (or taken out of), for the API and the workbench alike.</summary>
public static class MainTicket
{
    /// <summary>The main ticket, in the duplicate's tenant only: another tenant's number is not found.</summary>
    public static async Task<Ticket> FindAsync(TicketStore store, TicketWorkflows workflows, Ticket duplicate, string? number, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(workflows);
        ArgumentNullException.ThrowIfNull(duplicate);
        if (string.IsNullOrWhiteSpace(number))
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Give intoTicket, the number of the main ticket.");
        }

        number = number.Trim();
        if (number == duplicate.Number)
        {
            return duplicate;
        }

        var main = await store.FindForUpdateAsync(duplicate.TenantId, number, ct)
            ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"There is no ticket {number}.");
        // Tracked before it changes, so its DuplicateMerged/DuplicateUnmerged event reaches its own workflows too.
        workflows.Track(main);
        return main;
    }

    /// <summary>并单 of <paramref name="duplicate"/> into ticket <paramref name="into"/>.</summary>
    public static async Task<TicketEvent> MergeAsync(TicketStore store, TicketWorkflows workflows, Ticket duplicate, ActionContext context, string? into, string? reason, CancellationToken ct) =>
        duplicate.MergeInto(context, await FindAsync(store, workflows, duplicate, into, ct), reason ?? "");

    /// <summary>撤销并单: takes <paramref name="duplicate"/> out of the main ticket it is merged into.</summary>
    public static async Task<TicketEvent> UnmergeAsync(TicketStore store, TicketWorkflows workflows, Ticket duplicate, ActionContext context, string? reason, CancellationToken ct) =>
        duplicate.Unmerge(context, duplicate.MergedInto is { } into ? await FindAsync(store, workflows, duplicate, into, ct) : duplicate, reason ?? "");
}
