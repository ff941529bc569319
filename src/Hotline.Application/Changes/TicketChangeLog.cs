using System.Data.Common;
using Hotline.Tickets.Activities;
using Hotline.Tickets.Tickets;
using Hotline.Workflows.Persistence;

namespace Hotline.Application.Changes;

/// <summary>
/// Notes the tickets a unit of work touches (<see cref="Lifecycle.TicketWorkflows"/> tells it) and, once the unit has
/// committed, publishes what changed on each to the <see cref="TicketChangeFeed"/>. A unit that rolls back publishes
/// nothing; a replayed action, which records nothing new, publishes nothing either.
/// </summary>
public sealed class TicketChangeLog(TicketChangeFeed feed, WorkflowUnitOfWork unit)
{
    /// <summary>The deadline warning's notice template (workflows/supervision.json).</summary>
    public const string DeadlineWarningTemplate = "deadline-warning";

    private Batch? batch;

    // An action decides before its unit of work begins (the write lock is held only to write): what it observed then
    // waits here until the unit opens, and goes with that unit's batch.
    private readonly Dictionary<TicketRef, Seen> beforeUnit = [];

    /// <summary>Remembers <paramref name="ticket"/> as it is now, before the unit changes it; a new ticket has no past.</summary>
    public void Observe(Ticket ticket, bool registered)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        var seen = new Seen(ticket, registered ? null : ticket.State, registered ? 0 : ticket.Events.Count);
        var key = new TicketRef(ticket.TenantId, ticket.Number);
        if (CurrentBatch() is { } open)
        {
            open.Tickets.TryAdd(key, seen);
        }
        else
        {
            beforeUnit.TryAdd(key, seen);
        }
    }

    /// <summary>Joins what was observed before the unit of work began to the unit now open.</summary>
    public void Attach() => CurrentBatch();

    /// <summary>Forgets what was observed before the unit began: the action is decided again on tickets loaded afresh.</summary>
    public void Forget() => beforeUnit.Clear();

    /// <summary>A workflow sent a notice about an observed ticket; the deadline warning is what a workbench tells its user.</summary>
    public void Noticed(TicketRef ticket, string templateKind)
    {
        if (templateKind == DeadlineWarningTemplate && CurrentBatch()?.Tickets.GetValueOrDefault(ticket) is { } seen)
        {
            seen.Warned = true;
        }
    }

    /// <summary>The batch of the unit of work now open; each unit gets its own, published when that unit commits.</summary>
    private Batch? CurrentBatch()
    {
        if (!unit.IsActive)
        {
            return null;
        }

        var transaction = unit.Transaction;
        if (batch?.Transaction != transaction)
        {
            var opened = batch = new Batch(transaction);
            foreach (var (key, seen) in beforeUnit)
            {
                opened.Tickets.TryAdd(key, seen);
            }

            beforeUnit.Clear();
            unit.AfterCommit(_ =>
            {
                Publish(opened);
                return Task.CompletedTask;
            });
        }

        return batch;
    }

    private void Publish(Batch committed)
    {
        var changes = committed.Tickets.Values.Select(Change).OfType<TicketChange>().ToList();
        if (changes.Count > 0)
        {
            feed.Publish(changes);
        }
    }

    private static TicketChange? Change(Seen seen)
    {
        var ticket = seen.Ticket;
        var recorded = ticket.Events.Skip(seen.Events).ToList();
        if (recorded.Count == 0 && !seen.Warned && seen.State == ticket.State)
        {
            return null;
        }

        return new TicketChange(
            ticket.TenantId,
            ticket.Number,
            seen.State,
            ticket.State,
            [.. recorded.Select(e => e.Action).Distinct()],
            [.. recorded.Where(e => e.Role != TicketEvent.SystemRole).Select(e => e.ActorId).Distinct(StringComparer.Ordinal)],
            [.. ticket.Assignments.Select(a => a.UnitId).Distinct()],
            seen.Warned);
    }

    private sealed class Batch(DbTransaction transaction)
    {
        public DbTransaction Transaction { get; } = transaction;

        public Dictionary<TicketRef, Seen> Tickets { get; } = [];
    }

    private sealed class Seen(Ticket ticket, TicketState? state, int events)
    {
        public Ticket Ticket { get; } = ticket;
        public TicketState? State { get; } = state;
        public int Events { get; } = events;
        public bool Warned { get; set; }
    }
}
