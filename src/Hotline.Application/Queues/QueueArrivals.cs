using Hotline.Application.Changes;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using TicketAction = Hotline.Tickets.Tickets.TicketAction;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Queues;

/// <summary>A ticket that came into one of the user's queues (新工单进入队列).</summary>
public sealed record QueueArrival(string Number, string QueueName, string QueueTitle);

/// <summary>What a batch of changes means for one user: tickets that came into their queues, and their tickets whose deadline warned or ran out.</summary>
public sealed record QueueNews(IReadOnlyList<QueueArrival> Arrivals, IReadOnlyList<string> Warned, IReadOnlyList<string> Overdue)
{
    public static QueueNews None { get; } = new([], [], []);

    public bool IsEmpty => Arrivals.Count == 0 && Warned.Count == 0 && Overdue.Count == 0;
}

/// <summary>
/// Reads a batch of the change feed for one user of an open workbench: which changes concern them at all (their tenant;
/// their unit's tickets for unit staff), and which tickets came into their queues or warned. The feed carries no
/// personal data; membership is asked of the database, as the user sees it, for the changed numbers only.
/// </summary>
public sealed class QueueArrivals(IServiceScopeFactory scopes, WorkQueues queues)
{
    /// <summary>At most this many changed tickets are looked up per batch; a bigger burst refreshes without telling each.</summary>
    public const int MaxLookedUp = 50;

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

    public async Task<QueueNews> NewsAsync(CurrentUser user, IReadOnlyList<TicketChange> changes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(changes);
        // The user's own actions are no news to them.
        var candidates = changes
            .Where(c => Concerns(user, c) && !c.ActorIds.Contains(user.UserId, StringComparer.Ordinal))
            .GroupBy(c => c.Number, StringComparer.Ordinal)
            .Select(g => Merge([.. g]))
            .Take(MaxLookedUp)
            .ToList();
        if (candidates.Count == 0)
        {
            return QueueNews.None;
        }

        await using var scope = scopes.OpenFor(user);
        var search = ActivatorUtilities.CreateInstance<TicketSearch>(scope.ServiceProvider, user);
        var arrivals = new List<QueueArrival>();
        var held = new HashSet<string>(StringComparer.Ordinal);
        foreach (var info in queues.QueuesFor(user))
        {
            if (TicketQueue.Find(info.Name) is not { } queue)
            {
                continue;
            }

            var asked = candidates.Where(c => Enters(queue, c) || c.DeadlineWarned || c.WentOverdue).ToList();
            if (asked.Count == 0)
            {
                continue;
            }

            var members = (await search.NumbersInAsync(queue, [.. asked.Select(c => c.Number)], cancellationToken)).ToHashSet(StringComparer.Ordinal);
            held.UnionWith(members);
            arrivals.AddRange(asked.Where(c => members.Contains(c.Number) && Enters(queue, c)).Select(c => new QueueArrival(c.Number, queue.Name, queue.Title)));
        }

        return new QueueNews(
            [.. arrivals.DistinctBy(a => a.Number)],
            [.. candidates.Where(c => c.DeadlineWarned && held.Contains(c.Number)).Select(c => c.Number)],
            [.. candidates.Where(c => c.WentOverdue && held.Contains(c.Number)).Select(c => c.Number)]);
    }

    /// <summary>
    /// Whether the change brought the ticket into the queue: a queue of states when the state changed (or the ticket was
    /// registered), a queue of pending requests or supervision when that request or supervision was recorded. The clock
    /// queues (即将到期, 已逾期) are told as warnings instead.
    /// </summary>
    private static bool Enters(TicketQueue queue, TicketChange change) => queue.Name switch
    {
        "returns-to-review" => change.Actions.Contains(TicketAction.ReturnRequested),
        "extensions-to-approve" => change.Actions.Contains(TicketAction.ExtensionRequested),
        "supervision" => change.Actions.Contains(TicketAction.Supervised),
        "due-soon" or "overdue" => false,
        _ => change.Moved,
    };

    /// <summary>Several commits on one ticket within a batch read as one: from the first state to the last.</summary>
    private static TicketChange Merge(IReadOnlyList<TicketChange> changes) => changes.Count == 1 ? changes[0] : changes[^1] with
    {
        StateBefore = changes[0].StateBefore,
        Actions = [.. changes.SelectMany(c => c.Actions).Distinct()],
        ActorIds = [.. changes.SelectMany(c => c.ActorIds).Distinct(StringComparer.Ordinal)],
        DeadlineWarned = changes.Any(c => c.DeadlineWarned),
    };
}
