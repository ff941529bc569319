using Hotline.Application.Audit;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Queues;

/// <summary>
/// The workbench's queues over <see cref="TicketQueue"/> and <see cref="TicketSearch"/>. A circuit lives for hours, so
/// every call gets its own scope (its own <see cref="HotlineDbContext"/>) and a search for the circuit's user.
/// </summary>
public sealed class QueueReader(IServiceScopeFactory scopes, TimeProvider time) : IQueueReader
{
    public IReadOnlyList<QueueInfo> QueuesFor(CurrentUser user) =>
        Visible(user).Select(q => new QueueInfo(q.Name, q.Title)).ToList();

    public async Task<IReadOnlyList<QueueCount>> CountsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
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

    public async Task<QueueRows?> ListAsync(CurrentUser user, string queue, QueueQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (Visible(user).FirstOrDefault(q => string.Equals(q.Name, queue, StringComparison.OrdinalIgnoreCase)) is not { } found)
            return null;

        await using var scope = scopes.CreateAsyncScope();
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
        var rows = page.Items.Select(i => new QueueRow(
            i.Number,
            Enum.Parse<Hotline.Tickets.Tickets.TicketState>(i.State),
            Enum.Parse<Hotline.Tickets.Tickets.TicketCategory>(i.Category),
            i.Urgency,
            i.CallerPhone,
            i.ContentPreview,
            i.LeadUnit,
            i.RegisteredAt,
            i.NextDueAt,
            DeadlineLights.Worst(clocks.GetValueOrDefault(i.Number) ?? [], now))).ToList();
        return new QueueRows(rows, page.TotalCount, page.TotalCapped);
    }

    public async Task<IReadOnlyList<UnitOption>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Units.AsNoTracking()
            .Where(u => u.TenantId == user.TenantId)
            .OrderBy(u => u.Name)
            .Select(u => new UnitOption(u.Id, u.Name))
            .ToListAsync(cancellationToken);
    }

    private static IEnumerable<TicketQueue> Visible(CurrentUser user) =>
        user.IsAuthenticated ? TicketQueue.All.Where(q => user.IsInAnyRole(q.Roles)) : [];

    private static TicketSearch Search(AsyncServiceScope scope, CurrentUser user) =>
        ActivatorUtilities.CreateInstance<TicketSearch>(scope.ServiceProvider, user);
}
