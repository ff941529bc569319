using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Tickets;

/// <summary>Filters of the ticket list; every one optional. Paging is 1-based, at most 200 rows a page.</summary>
public sealed record TicketFilter(
    TicketState? State = null,
    Guid? Unit = null,
    TicketCategory? Category = null,
    TicketUrgency? Urgency = null,
    bool? Overdue = null,
    double? DueWithinHours = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    string? Text = null,
    int Page = 1,
    int PageSize = 20,
    TicketSort Sort = TicketSort.RegisteredDescending);

/// <summary>The order of a ticket list: registration time (newest first by default), next due time, or number.</summary>
public enum TicketSort
{
    RegisteredDescending,
    RegisteredAscending,
    NextDueAscending,
    NextDueDescending,
    NumberAscending,
    NumberDescending,
}

/// <summary>
/// Lists and searches tickets of the signed-in user's tenant only. Unit staff see only tickets their unit is or was
/// assigned to. Rows carry the masked phone only; the next due time and a traffic light come from running clocks.
/// </summary>
public sealed class TicketSearch(HotlineDbContext db, CurrentUser user, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<TicketPage> SearchAsync(TicketFilter filter, TicketQueue? queue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var now = time.GetUtcNow();
        var page = Math.Max(1, filter.Page);
        var pageSize = Math.Clamp(filter.PageSize, 1, MaxPageSize);
        var query = Visible();

        if (queue is not null)
        {
            query = query.Where(queue.Filter(now));
        }

        if (filter.State is { } state) query = query.Where(t => t.State == state);
        if (filter.Category is { } category) query = query.Where(t => t.Category == category);
        if (filter.Urgency is { } urgency) query = query.Where(t => t.Urgency == urgency);
        if (filter.Unit is { } unit) query = query.Where(t => t.Assignments.Any(a => a.UnitId == unit));
        if (filter.From is { } from) query = query.Where(t => t.RegisteredAt >= from);
        if (filter.To is { } to) query = query.Where(t => t.RegisteredAt < to);
        if (filter.Overdue is { } overdue)
        {
            query = overdue
                ? query.Where(TicketQueue.IsOverdue(now))
                : query.Where(t => !t.Clocks.Any(c => c.StoppedAt == null && (c.Overdue || c.DueAt < now)));
        }

        if (filter.DueWithinHours is { } hours)
        {
            var until = now.AddHours(hours);
            query = query.Where(t => t.Clocks.Any(c => c.StoppedAt == null && c.DueAt >= now && c.DueAt <= until));
        }

        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(t => t.Number.Contains(text) || t.Content.Contains(text) || (t.Location != null && t.Location.Contains(text)));
        }

        var total = await query.CountAsync(cancellationToken);
        var rows = await Sorted(query, filter.Sort)
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(t => new
            {
                t.Number,
                t.State,
                t.Category,
                t.Urgency,
                t.Caller.Phone,
                t.Content,
                LeadUnit = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault(),
                t.RegisteredAt,
                Running = t.Clocks.Where(c => c.StoppedAt == null).Select(c => new { c.DueAt, c.WarningAt, c.Overdue }).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var unitIds = rows.Where(r => r.LeadUnit != null).Select(r => r.LeadUnit!.Value).Distinct().ToList();
        var names = await db.Units.Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var items = rows.Select(r =>
        {
            var next = r.Running.OrderBy(c => c.DueAt).FirstOrDefault();
            var light = r.Running.Any(c => c.Overdue || c.DueAt < now) ? "overdue"
                : r.Running.Any(c => c.WarningAt != null && c.WarningAt <= now) ? "warning"
                : "normal";
            return new TicketSummary(
                r.Number,
                r.State.ToString(),
                r.Category.ToString(),
                r.Urgency.ToString(),
                PersonalData.Mask(PersonalDataField.Phone, r.Phone),
                r.Content.Length > 60 ? r.Content[..60] + "…" : r.Content,
                r.LeadUnit is { } id ? names.GetValueOrDefault(id) : null,
                r.RegisteredAt,
                next?.DueAt,
                light);
        }).ToList();
        return new TicketPage(items, total, page, pageSize);
    }

    private static IOrderedQueryable<Ticket> Sorted(IQueryable<Ticket> query, TicketSort sort) => sort switch
    {
        TicketSort.RegisteredAscending => query.OrderBy(t => t.RegisteredAt),
        // Tickets without a running clock come last either way: nothing is due.
        TicketSort.NextDueAscending => query.OrderBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt) == null)
            .ThenBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt)),
        TicketSort.NextDueDescending => query.OrderBy(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt) == null)
            .ThenByDescending(t => t.Clocks.Where(c => c.StoppedAt == null).Min(c => (DateTimeOffset?)c.DueAt)),
        TicketSort.NumberAscending => query.OrderBy(t => t.Number),
        TicketSort.NumberDescending => query.OrderByDescending(t => t.Number),
        _ => query.OrderByDescending(t => t.RegisteredAt),
    };

    /// <summary>Centre staff and auditors see every ticket of their tenant; unit staff only their unit's.</summary>
    internal static bool SeesWholeTenant(CurrentUser user) => user.IsInAnyRole([HotlineRole.Dispatcher, HotlineRole.Reviewer,
        HotlineRole.EscalationReviewer, HotlineRole.Supervisor, HotlineRole.DisciplineLiaison, HotlineRole.Auditor]);

    /// <summary>The tenant's tickets, narrowed to the user's unit for unit staff.</summary>
    private IQueryable<Ticket> Visible()
    {
        var query = db.Tickets.Where(t => t.TenantId == user.TenantId);
        if (SeesWholeTenant(user))
        {
            return query;
        }

        // A unit user's unit code is its unit id; one without a unit sees nothing.
        return Guid.TryParse(user.UnitCode, out var unit)
            ? query.Where(t => t.Assignments.Any(a => a.UnitId == unit))
            : query.Where(_ => false);
    }
}
