using Hotline.Application.Names;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Reports;

/// <summary>
/// Builds the <see cref="MonthlyReport"/> for readers of assessments (<see cref="HotlineAction.ReadAssessment"/>): centre
/// staff and auditors see the whole tenant, a unit leader only the tickets their unit is or was assigned.
/// </summary>
public sealed class MonthlyReports(IServiceScopeFactory scopes, TimeProvider time)
{
    public async Task<MonthlyReport> BuildAsync(CurrentUser user, int year, int month, CancellationToken cancellationToken)
    {
        var period = ReportMonth.For(user, year, month);
        var (start, end) = (period.Start, period.End);
        var now = time.GetUtcNow();
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // A merged duplicate is the main ticket's matter: counted once, on the main ticket.
        var tickets = db.Tickets.AsNoTracking().Where(t => t.TenantId == user.TenantId && t.State != TicketState.Merged);
        if (ReportMonth.OwnUnitOnly(user))
        {
            var unit = Guid.TryParse(user.UnitCode, out var id) ? id : Guid.Empty;
            tickets = tickets.Where(t => t.Assignments.Any(a => a.UnitId == unit));
        }

        var registered = await tickets
            .Where(t => t.RegisteredAt >= start && t.RegisteredAt < end)
            .Select(t => new
            {
                t.Channel,
                t.Category,
                t.Location,
                LeadUnit = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => (Guid?)a.UnitId).FirstOrDefault(),
                t.Satisfaction,
                t.ExcludedFromSatisfaction,
                Overdue = t.Clocks.Any(c => c.Overdue || (c.StoppedAt == null && c.DueAt < now)),
            })
            .ToListAsync(cancellationToken);
        var previousStart = period.PreviousStart;
        var previous = await tickets
            .Where(t => t.RegisteredAt >= previousStart && t.RegisteredAt < start)
            .Select(t => new { t.Category, t.Location })
            .ToListAsync(cancellationToken);
        var handled = await tickets
            .SelectMany(t => t.Clocks)
            .Where(c => c.Kind == DeadlineKind.Handle && c.StoppedAt >= start && c.StoppedAt < end)
            .Select(c => c.Overdue)
            .ToListAsync(cancellationToken);
        var actions = (await tickets
                .SelectMany(t => t.Events)
                .Where(e => e.At >= start && e.At < end)
                .Select(e => e.Action)
                .ToListAsync(cancellationToken))
            .CountBy(a => a)
            .ToDictionary();
        var unitIds = registered.Where(r => r.LeadUnit is not null).Select(r => r.LeadUnit!.Value).Distinct().ToList();
        var units = await db.Units.AsNoTracking().Where(u => u.TenantId == user.TenantId && unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);

        var rated = registered.Where(r => r.Satisfaction is not null && !r.ExcludedFromSatisfaction).ToList();
        return new MonthlyReport(
            year,
            month,
            registered.Count,
            Tallies(registered.Select(r => Labels.Channel(r.Channel))),
            Tallies(registered.Select(r => Labels.Category(r.Category))),
            Tallies(registered.Select(r => r.LeadUnit is { } u ? units.GetValueOrDefault(u, "未知单位") : "未派单")),
            handled.Count,
            handled.Count(overdue => !overdue),
            registered.Count(r => r.Overdue),
            rated.Count(r => r.Satisfaction == SatisfactionRating.Satisfied),
            rated.Count(r => r.Satisfaction == SatisfactionRating.Neutral),
            rated.Count(r => r.Satisfaction == SatisfactionRating.Dissatisfied),
            actions.GetValueOrDefault(TicketAction.ReturnRequested),
            actions.GetValueOrDefault(TicketAction.ReturnApproved),
            actions.GetValueOrDefault(TicketAction.ExtensionRequested),
            actions.GetValueOrDefault(TicketAction.ExtensionApproved),
            actions.GetValueOrDefault(TicketAction.Supervised),
            actions.GetValueOrDefault(TicketAction.Interviewed),
            HotTopic.Rising(
                registered.SelectMany(r => Topics(r.Category, r.Location)),
                previous.SelectMany(r => Topics(r.Category, r.Location))),
            actions.GetValueOrDefault(TicketAction.AnsweredDirectly));
    }

    private static IEnumerable<(string Kind, string Name)> Topics(TicketCategory category, string? location)
    {
        yield return ("诉求类别", Labels.Category(category));
        if (!string.IsNullOrWhiteSpace(location))
            yield return ("事发地点", location.Trim());
    }

    private static List<Tally> Tallies(IEnumerable<string> names) =>
        names.CountBy(n => n).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => new Tally(p.Key, p.Value)).ToList();
}
