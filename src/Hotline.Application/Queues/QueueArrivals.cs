using Hotline.Application.Changes;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using TicketAction = Hotline.Tickets.Tickets.TicketAction;

namespace Hotline.Application.Queues;

/// <summary>A ticket that came into one of the user's queues (新工单进入队列).</summary>
public sealed record QueueArrival(string Number, string QueueName, string QueueTitle);

/// <summary>
/// What a batch of changes means for one user: tickets that came into their queues, their tickets whose deadline warned
/// or ran out, and every ticket of theirs someone else changed (<see cref="Changed"/>: an open ticket page reloads).
/// </summary>
public sealed record QueueNews(IReadOnlyList<QueueArrival> Arrivals, IReadOnlyList<string> Warned, IReadOnlyList<string> Overdue)
{
    public static QueueNews None { get; } = new([], [], []);

    public IReadOnlySet<string> Changed { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool IsEmpty => Arrivals.Count == 0 && Warned.Count == 0 && Overdue.Count == 0;
}

/// <summary>
/// Reads a batch of the change feed for one user of an open workbench: which changes concern them at all (their tenant;
/// their unit's tickets for unit staff, <see cref="Concerns"/>), and which tickets came into their queues or warned.
/// Worked out from the changes alone — the state a ticket reached, the requests recorded, the warnings — with no query:
/// every open workbench reads every batch, so a query per queue per workbench per batch would grow with both. The rows
/// the workbench then shows still come from the database, as the user may see them.
/// </summary>
public sealed class QueueArrivals(WorkQueues queues)
{
    /// <summary>True when the change may alter what <paramref name="user"/> sees: their tenant, and for unit staff their unit's ticket.</summary>
    public static bool Concerns(CurrentUser user, TicketChange change)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(change);
        if (!user.BelongsTo(change.TenantId))
        {
            return false;
        }

        return TicketSearch.SeesWholeTenant(user) || (Guid.TryParse(user.UnitCode, out var unit) && change.UnitIds.Contains(unit));
    }

    public QueueNews News(CurrentUser user, IReadOnlyList<TicketChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // The user's own actions are no news to them.
        var candidates = changes
            .Where(c => Concerns(user, c) && !c.ActorIds.Contains(user.UserId, StringComparer.Ordinal))
            .GroupBy(c => c.Number, StringComparer.Ordinal)
            .Select(g => Merge([.. g]))
            .ToList();
        if (candidates.Count == 0)
        {
            return QueueNews.None;
        }

        var mine = queues.QueuesFor(user).Select(q => TicketQueue.Find(q.Name)).OfType<TicketQueue>().ToList();
        var arrivals = candidates
            .Select(c => mine.FirstOrDefault(q => Enters(q, c)) is { } queue ? new QueueArrival(c.Number, queue.Name, queue.Title) : null)
            .OfType<QueueArrival>();
        var clocks = mine.Select(q => q.Name).ToHashSet(StringComparer.Ordinal);
        return new QueueNews(
            [.. arrivals],
            clocks.Contains("due-soon") ? [.. candidates.Where(c => c.DeadlineWarned).Select(c => c.Number)] : [],
            clocks.Contains("overdue") ? [.. candidates.Where(c => c.WentOverdue).Select(c => c.Number)] : [])
        {
            Changed = candidates.Select(c => c.Number).ToHashSet(StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Whether the change brought the ticket into the queue: a queue of one state when the ticket moved into that state
    /// (or was registered into it), a queue of pending requests or supervision when that request or supervision was
    /// recorded and, for a request, not decided within the same burst. The clock queues (即将到期, 已逾期) are told as
    /// warnings instead.
    /// </summary>
    private static bool Enters(TicketQueue queue, TicketChange change) => queue.State is { } state
        ? change.Moved && change.State == state
        : queue.Name switch
        {
            "returns-to-review" => Pending(change, TicketAction.ReturnRequested, TicketAction.ReturnApproved, TicketAction.ReturnRejected),
            "extensions-to-approve" => Pending(change, TicketAction.ExtensionRequested, TicketAction.ExtensionApproved, TicketAction.ExtensionDenied),
            "supervision" => change.Actions.Contains(TicketAction.Supervised),
            _ => false,
        };

    private static bool Pending(TicketChange change, TicketAction requested, params TicketAction[] decided) =>
        change.Actions.Contains(requested) && !decided.Any(change.Actions.Contains);

    /// <summary>Several commits on one ticket within a batch read as one: from the first state to the last.</summary>
    private static TicketChange Merge(IReadOnlyList<TicketChange> changes) => changes.Count == 1 ? changes[0] : changes[^1] with
    {
        StateBefore = changes[0].StateBefore,
        Actions = [.. changes.SelectMany(c => c.Actions).Distinct()],
        ActorIds = [.. changes.SelectMany(c => c.ActorIds).Distinct(StringComparer.Ordinal)],
        UnitIds = [.. changes.SelectMany(c => c.UnitIds).Distinct()],
        DeadlineWarned = changes.Any(c => c.DeadlineWarned),
    };
}
