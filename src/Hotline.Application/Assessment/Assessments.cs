using Hotline.Application.Administration;
using Hotline.Application.Knowledge;
using Hotline.Application.Reports;
using Hotline.Tickets.Access;
using Hotline.Tickets.Assessment;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Assessment;

/// <summary>
/// Computes the <see cref="MonthlyAssessment"/> from the tickets, the tenant's effective policy and its working-day
/// calendar. A ticket counts for the unit that first replied (办结) to it, in the month of that reply (A-28, the
/// profile's <c>monthBy: completion</c>; <c>receipt</c> counts it in the month the unit received it). Readers: those
/// allowed <see cref="HotlineAction.ReadAssessment"/>; a unit leader sees only their own unit's line.
/// </summary>
public sealed class Assessments(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>
    /// Enters, or replaces, the assessor's entry for one of the user's tenant's units and a month: a score that replaces
    /// the computed one, or 不合格 before ranking (HL-ASM-3/4). Null when recorded, else why not.
    /// </summary>
    /// <exception cref="AccessDeniedException">The user may not <see cref="HotlineAction.RateUnits"/>.</exception>
    public async Task<AssessorEntryRefusal?> EnterAsync(CurrentUser user, Guid unitId, int year, int month, decimal? score, bool unqualified,
        string? reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Checked here, not only by the API's policy: the workbench calls this directly.
        await using var scope = AdminCalls.Open(scopes, user, HotlineAction.RateUnits);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        if (!await db.Units.AnyAsync(u => u.Id == unitId && u.TenantId == user.TenantId, cancellationToken))
            return new AssessorEntryRefusal(AssessorEntryRefusal.UnitNotFound, $"There is no unit {unitId} in this tenant.");
        var entry = await EntryAsync(db, user, unitId, year, month, cancellationToken);
        try
        {
            var recorded = entry ?? new UnitMonthRating(user.TenantId, unitId, year, month);
            recorded.Record(score, unqualified, reason ?? "", user.UserId, now);
            if (entry is null)
                db.Add(recorded);
        }
        catch (ArgumentException e)
        {
            return new AssessorEntryRefusal(AssessorEntryRefusal.EntryInvalid,
                e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal));
        }

        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Removes the assessor's entry, so the computed score and the ranking apply again; false when there is none.</summary>
    /// <exception cref="AccessDeniedException">The user may not <see cref="HotlineAction.RateUnits"/>.</exception>
    public async Task<bool> RemoveEntryAsync(CurrentUser user, Guid unitId, int year, int month, CancellationToken cancellationToken)
    {
        // Checked here, not only by the API's policy: the workbench calls this directly.
        await using var scope = AdminCalls.Open(scopes, user, HotlineAction.RateUnits);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        if (await EntryAsync(db, user, unitId, year, month, cancellationToken) is not { } entry)
            return false;
        db.Remove(entry);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    private static Task<UnitMonthRating?> EntryAsync(HotlineDbContext db, CurrentUser user, Guid unitId, int year, int month, CancellationToken cancellationToken) =>
        db.Set<UnitMonthRating>().OwnedBy(user).SingleOrDefaultAsync(r => r.UnitId == unitId && r.Year == year && r.Month == month, cancellationToken);

    public async Task<MonthlyAssessment> AssessAsync(CurrentUser user, int year, int month, CancellationToken cancellationToken)
    {
        var period = ReportMonth.For(user, year, month);
        var (start, end) = (period.Start, period.End);
        await using var scope = scopes.OpenFor(user);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == user.TenantId, cancellationToken)
            ?? throw new AccessDeniedException($"Tenant '{user.TenantId}' is not configured.");
        var days = await db.Set<TenantCalendarDay>().AsNoTracking().Where(d => d.TenantId == tenant.Id).ToListAsync(cancellationToken);
        var rules = tenant.Rules(days);
        var policy = rules.Policy;
        var byReceipt = string.Equals(policy.Assessment.MonthBy, "receipt", StringComparison.OrdinalIgnoreCase);

        // A merged duplicate's matter is assessed on its main ticket.
        var candidates = db.Tickets.AsNoTracking().Where(t => t.TenantId == tenant.Id && t.State != TicketState.Merged);
        candidates = byReceipt
            ? candidates.Where(t => t.Assignments.Any(a => a.Role == AssignmentRole.Lead && a.ReceivedAt >= start && a.ReceivedAt < end))
            : candidates.Where(t => t.Events.Any(e => e.Action == TicketAction.Replied && e.At >= start && e.At < end));
        var tickets = await candidates
            .Select(t => new
            {
                t.Category,
                t.Urgency,
                t.HandlingClass,
                t.Resolution,
                t.Satisfaction,
                t.ExcludedFromSatisfaction,
                Leads = t.Assignments.Where(a => a.Role == AssignmentRole.Lead).Select(a => new { a.UnitId, a.ReceivedAt }).ToList(),
                Events = t.Events
                    .Where(e => e.Action == TicketAction.Replied || e.Action == TicketAction.FirstContactRecorded || e.Action == TicketAction.ExtensionApproved)
                    .Select(e => new { e.Sequence, e.Action, e.At, e.UnitId })
                    .ToList(),
            })
            .AsSplitQuery()
            .ToListAsync(cancellationToken);

        var counted = new List<(Guid Unit, bool FirstContact, bool OnTime, ResolutionType? Resolution, SatisfactionRating? Rating)>();
        foreach (var t in tickets)
        {
            var reply = t.Events.Where(e => e.Action == TicketAction.Replied).OrderBy(e => e.Sequence).FirstOrDefault();
            var lead = (reply?.UnitId is { } replier ? t.Leads.LastOrDefault(l => l.UnitId == replier) : null) ?? t.Leads.LastOrDefault();
            if (lead is null)
                continue;
            var countedAt = byReceipt ? lead.ReceivedAt : reply?.At;
            if (countedAt is not { } at || at < start || at >= end)
                continue;

            var contactBy = policy.FirstContact.Limit?.From(lead.ReceivedAt, rules.Calendar);
            var contacted = t.Events.Where(e => e.Action == TicketAction.FirstContactRecorded).Select(e => (DateTimeOffset?)e.At).Min() ?? reply?.At;
            var firstContact = contactBy is null || (contacted is { } c && c <= contactBy);

            var limit = policy.Handling.AssessmentLimits.FirstOrDefault(r => r.Matches(t.Category, t.Urgency, t.HandlingClass))
                ?? policy.Handling.RuleFor(t.Category, t.Urgency, t.HandlingClass);
            var extended = t.Events.Any(e => e.Action == TicketAction.ExtensionApproved) && policy.Extensions.MaxTotalFromReceipt is not null;
            var dueBy = extended ? policy.Extensions.MaxTotalFromReceipt!.Value.From(lead.ReceivedAt, rules.Calendar)
                : limit?.Limit?.From(lead.ReceivedAt, rules.Calendar);
            var onTime = reply is not null && (limit is { Unlimited: true } || dueBy is null || reply.At <= dueBy);

            counted.Add((lead.UnitId, firstContact, onTime, t.Resolution, t.ExcludedFromSatisfaction ? null : t.Satisfaction));
        }

        if (ReportMonth.OwnUnitOnly(user))
            counted = counted.Where(c => c.Unit.ToString() == user.UnitCode).ToList();

        var entries = await db.Set<UnitMonthRating>().AsNoTracking()
            .Where(r => r.TenantId == tenant.Id && r.Year == year && r.Month == month).ToListAsync(cancellationToken);
        if (ReportMonth.OwnUnitOnly(user))
            entries = entries.Where(e => e.UnitId.ToString() == user.UnitCode).ToList();
        var unitIds = counted.Select(c => c.Unit).Concat(entries.Select(e => e.UnitId)).Distinct().ToList();
        var names = await db.Units.AsNoTracking().Where(u => u.TenantId == tenant.Id && unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        var bands = policy.Assessment.VolumeBandLowerBounds;
        var units = counted.GroupBy(c => c.Unit).Select(g =>
        {
            var volume = g.Count();
            var band = bands.Count == 0 ? (int?)null : bands.Count(lower => volume >= lower);
            var unit = new UnitAssessment(
                g.Key,
                names.GetValueOrDefault(g.Key, g.Key.ToString()),
                volume,
                band,
                g.Count(c => c.FirstContact),
                g.Count(c => c.OnTime),
                g.Where(c => c.Resolution is not null).CountBy(c => c.Resolution!.Value).ToDictionary(),
                g.Where(c => c.Rating is not null).CountBy(c => c.Rating!.Value).ToDictionary());
            return unit with { Score = unit.ScoreWith(policy.Assessment) };
        }).ToList();
        units = AssessorEntries.Apply(units, entries, names).OrderBy(u => u.UnitName, StringComparer.Ordinal).ToList();

        // Knowledge-base work (QU-ASM-1): the unit's published articles past their review date at the month's end (or now).
        var lastDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(end < time.GetUtcNow() ? end : time.GetUtcNow(), ShanghaiTime.Zone).DateTime);
        var reviewDue = await KnowledgeBase.ReviewDueByUnitAsync(db, tenant.Id, lastDay, cancellationToken);
        units = units.Select(u => u with { KnowledgeReviewDue = reviewDue.GetValueOrDefault(u.UnitId) }).ToList();
        var dueOnly = reviewDue.Keys.Where(id => units.All(u => u.UnitId != id) && (!ReportMonth.OwnUnitOnly(user) || id.ToString() == user.UnitCode)).ToList();
        if (dueOnly.Count > 0)
        {
            // A unit with overdue articles but no tickets this month still shows, with that indicator alone.
            var more = await db.Units.AsNoTracking().Where(u => u.TenantId == tenant.Id && dueOnly.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
            units.AddRange(dueOnly.Select(id => new UnitAssessment(id, more.GetValueOrDefault(id, id.ToString()), 0, null, 0, 0,
                new Dictionary<ResolutionType, int>(), new Dictionary<SatisfactionRating, int>(), KnowledgeReviewDue: reviewDue[id])));
            units = units.OrderBy(u => u.UnitName, StringComparer.Ordinal).ToList();
        }

        var scored = units.Any(u => u.Score is not null || u.Unqualified);
        var result = scored ? AssessmentGrades.Assign(units, policy.Assessment.GradeSharesPercent).OrderBy(u => u.Rank ?? int.MaxValue).ToList() : units;
        return new MonthlyAssessment(year, month, policy.Code, policy.Assessment.Indicators, scored, result) { ProfileName = policy.Name };
    }
}

/// <summary>Why an assessor's entry was not recorded: <see cref="UnitNotFound"/> or <see cref="EntryInvalid"/>.</summary>
public sealed record AssessorEntryRefusal(string Code, string Detail)
{
    public const string UnitNotFound = "unit.not-found";
    public const string EntryInvalid = "assessment.entry-invalid";
}
