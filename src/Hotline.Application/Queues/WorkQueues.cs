using Hotline.Application.Audit;
using Hotline.Application.Tickets;
using Hotline.Application.Units;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Queues;

/// <summary>
/// The work queues (待办队列) a user's roles land on, over <see cref="TicketQueue"/> and <see cref="TicketSearch"/>,
/// the same search as <c>GET /api/tickets?queue=</c>. The workbench calls it with the circuit's user: a circuit lives
/// for hours, so every call gets its own scope (its own <see cref="HotlineDbContext"/>) and a search for that user.
/// </summary>
public sealed class WorkQueues(IServiceScopeFactory scopes, TimeProvider time, UnitTree units)
{
    /// <summary>The queues <paramref name="user"/>'s roles land on, in the order the navigation shows them.</summary>
    public IReadOnlyList<QueueInfo> QueuesFor(CurrentUser user) =>
        Visible(user).Select(q => new QueueInfo(q.Name, q.Title)).ToList();

    /// <summary>How many tickets wait in each of the user's queues.</summary>
    public async Task<IReadOnlyList<QueueCount>> CountsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var search = Search(scope, user);
        var counts = new List<QueueCount>();
        foreach (var queue in Visible(user))
        {
            // One row is fetched with each count; TicketSearch has no count-only call.
            var page = await search.SearchAsync(new TicketFilter(PageSize: 1), queue, cancellationToken);
            counts.Add(new QueueCount(queue.Name, queue.Title, page.TotalCount, page.TotalCapped));
        }

        return counts;
    }

    /// <summary>
    /// The queue <paramref name="user"/> lands on after sign-in: the first of their roles' work queues
    /// (<see cref="LandingQueues"/>) that has tickets waiting, else their first role's main queue; null for roles with no queue.
    /// </summary>
    public async Task<string?> LandingAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        var order = LandingQueues.For(user);
        if (order.Work.Count == 0)
            return null;
        await using var scope = scopes.OpenFor(user);
        var search = Search(scope, user);
        foreach (var queue in order.Work)
        {
            if ((await search.SearchAsync(new TicketFilter(PageSize: 1), queue, cancellationToken)).TotalCount > 0)
                return queue.Name;
        }

        return order.Main?.Name;
    }

    /// <summary>One page of a queue; null when the queue is unknown or not one of the user's.</summary>
    public async Task<QueueRows?> ListAsync(CurrentUser user, string queue, QueueQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Visible(user).FirstOrDefault(q => string.Equals(q.Name, queue, StringComparison.OrdinalIgnoreCase)) is not { } found)
            return null;

        await using var scope = scopes.OpenFor(user);
        var filter = new TicketFilter(
            State: query.State,
            Unit: query.Unit,
            Category: query.Category,
            From: query.From is { } from ? AuditSearch.BeijingMidnight(from) : null,
            To: query.To is { } to ? AuditSearch.BeijingMidnight(to.AddDays(1)) : null,
            Text: query.Text,
            // The page's own controls; a hand-edited address is corrected rather than refused.
            Page: Math.Clamp(query.Page, 1, TicketFilter.MaxPage),
            PageSize: Math.Clamp(query.PageSize, 1, TicketSearch.MaxPageSize),
            Sort: (query.Sort, query.Descending) switch
            {
                (QueueSort.NextDue, false) => TicketSort.NextDueAscending,
                (QueueSort.NextDue, true) => TicketSort.NextDueDescending,
                (QueueSort.Number, false) => TicketSort.NumberAscending,
                (QueueSort.Number, true) => TicketSort.NumberDescending,
                (_, false) => TicketSort.RegisteredAscending,
                _ => TicketSort.RegisteredDescending,
            });
        var page = await Search(scope, user).SearchAsync(filter, found, cancellationToken);

        // The light needs each running clock's start as well, for tenants whose policy sets no warning point.
        var numbers = page.Items.Select(i => i.Number).ToList();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var clocks = (await db.Tickets.AsNoTracking()
                .Where(t => t.TenantId == user.TenantId && numbers.Contains(t.Number))
                .Select(t => new { t.Number, Running = t.Clocks.Where(c => c.StoppedAt == null).Select(c => new ClockTimes(c.StartedAt, c.DueAt, c.WarningAt, c.Overdue)).ToList() })
                .ToListAsync(cancellationToken))
            .ToDictionary(t => t.Number, t => t.Running);
        var now = time.GetUtcNow();
        var rows = page.Items.Select(i => new QueueRow(i, DeadlineLights.Worst(clocks.GetValueOrDefault(i.Number) ?? [], now))).ToList();
        return new QueueRows(rows, page.TotalCount, page.TotalCapped);
    }

    /// <summary>The tenant's handling units, for the unit filter.</summary>
    public Task<IReadOnlyList<UnitOption>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken) =>
        units.OptionsAsync(user, activeOnly: false, cancellationToken);

    private static IEnumerable<TicketQueue> Visible(CurrentUser user) =>
        user.IsAuthenticated ? TicketQueue.All.Where(q => user.IsInAnyRole(q.Roles)) : [];

    private static TicketSearch Search(AsyncServiceScope scope, CurrentUser user) =>
        ActivatorUtilities.CreateInstance<TicketSearch>(scope.ServiceProvider, user);
}
