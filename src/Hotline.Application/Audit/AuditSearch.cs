using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Audit;

/// <summary>
/// Searches every ticket of the auditor's tenant (审计员 only, <see cref="HotlineAction.ReadAudit"/>). A search by
/// caller phone is a read of personal data: each ticket it returns is recorded as a <see cref="PersonalDataAccess"/>
/// of the phone, with the auditor's purpose, and committed before the rows are returned.
/// </summary>
public sealed class AuditSearch(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>At most this many rows go into one export.</summary>
    public const int MaxExportRows = 10_000;

    public Task<AuditRows> SearchAsync(CurrentUser user, AuditQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var pageSize = Math.Clamp(query.PageSize, 1, AuditQuery.MaxPageSize);
        return RunAsync(user, query, (Math.Max(1, query.Page) - 1) * pageSize, pageSize, cancellationToken);
    }

    /// <summary>Every match, newest first, up to <see cref="MaxExportRows"/>.</summary>
    public async Task<IReadOnlyList<AuditRow>> ExportAsync(CurrentUser user, AuditQuery query, CancellationToken cancellationToken) =>
        (await RunAsync(user, query, 0, MaxExportRows, cancellationToken)).Items;

    private async Task<AuditRows> RunAsync(CurrentUser user, AuditQuery query, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsAllowed(HotlineAction.ReadAudit))
            throw new AccessDeniedException($"The audit search is for auditors; {user} is not one.");
        if (query.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(query));

        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var now = time.GetUtcNow();
        var tickets = Filter(db.Tickets.AsNoTracking().Where(t => t.TenantId == user.TenantId), query);

        var total = await tickets.CountAsync(cancellationToken);
        var rows = await tickets
            .OrderByDescending(t => t.RegisteredAt)
            .Skip(skip)
            .Take(take)
            .Select(t => new
            {
                t.Number,
                t.State,
                t.Channel,
                t.Category,
                t.Urgency,
                t.Caller.Phone,
                t.Content,
                t.Location,
                LeadUnit = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault(),
                t.RegisteredAt,
                t.Resolution,
                t.Satisfaction,
                EverOverdue = t.Clocks.Any(c => c.Overdue),
                Running = t.Clocks.Where(c => c.StoppedAt == null).Select(c => new ClockTimes(c.StartedAt, c.DueAt, c.WarningAt, c.Overdue)).ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var unitIds = rows.Where(r => r.LeadUnit is not null).Select(r => r.LeadUnit!.Value).Distinct().ToList();
        var units = await db.Units.Where(u => u.TenantId == user.TenantId && unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

        if (query.PhoneDigits is not null && rows.Count > 0)
        {
            var purpose = $"按来电号码检索：{query.Purpose!.Trim()}";
            db.Set<PersonalDataAccess>().AddRange(rows.Select(r => new PersonalDataAccess(
                user, new PersonalDataSubject(user.TenantId, r.Number, r.LeadUnit?.ToString()), PersonalDataField.Phone, purpose, now)));
            await db.SaveChangesAsync(cancellationToken);
        }

        var items = rows.Select(r => new AuditRow(
            r.Number, r.State, r.Channel, r.Category, r.Urgency,
            PersonalData.Mask(PersonalDataField.Phone, r.Phone),
            r.Content, r.Location,
            r.LeadUnit is { } id ? units.GetValueOrDefault(id) : null,
            r.RegisteredAt,
            r.Running.Count == 0 ? null : r.Running.Min(c => c.DueAt),
            DeadlineLights.Worst(r.Running, now),
            r.EverOverdue || r.Running.Any(c => now > c.DueAt),
            r.Resolution,
            r.Satisfaction)).ToList();
        return new AuditRows(items, total);
    }

    private static IQueryable<Ticket> Filter(IQueryable<Ticket> tickets, AuditQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Number))
        {
            var number = query.Number.Trim();
            tickets = tickets.Where(t => t.Number.Contains(number));
        }

        if (query.PhoneDigits is { } phone)
            tickets = tickets.Where(t => t.Caller.PhoneDigits == phone);
        if (query.Unit is { } unit)
            tickets = tickets.Where(t => t.Assignments.Any(a => a.UnitId == unit));
        if (query.State is { } state)
            tickets = tickets.Where(t => t.State == state);
        if (query.From is { } from)
        {
            var start = BeijingMidnight(from);
            tickets = tickets.Where(t => t.RegisteredAt >= start);
        }

        if (query.To is { } to)
        {
            var end = BeijingMidnight(to.AddDays(1));
            tickets = tickets.Where(t => t.RegisteredAt < end);
        }

        return tickets;
    }

    /// <summary>The start of a Beijing calendar day.</summary>
    public static DateTimeOffset BeijingMidnight(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, ShanghaiTime.Zone.GetUtcOffset(local));
    }
}
