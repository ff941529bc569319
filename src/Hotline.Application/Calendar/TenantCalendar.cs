using Hotline.Application.Administration;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Calendar;

/// <summary>
/// The tenant's own calendar days (工作日历), for <c>/api/calendar/days</c> and the workbench's 工作日历 page: local holidays,
/// local working days, national days of a year the product does not ship yet. Deadlines computed afterwards use them.
/// </summary>
public sealed class TenantCalendar(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <summary>Input the domain refused that has no code of its own below.</summary>
    public const string Invalid = "calendar.invalid";
    public const string YearOutOfRange = "calendar.year-out-of-range";
    public const string KindUnknown = "calendar.kind-unknown";
    public const string NameInvalid = "calendar.name-invalid";
    public const string NotFound = "calendar.day-not-found";

    /// <summary>The tenant's own days, by date.</summary>
    public async Task<IReadOnlyList<CalendarDayView>> ListAsync(CurrentUser admin, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageCalendar);
        return (await Days(scope).AsNoTracking().OwnedBy(admin).OrderBy(d => d.Date).ToListAsync(cancellationToken)).Select(CalendarDayView.From).ToList();
    }

    /// <summary>
    /// Every day of <paramref name="year"/> that departs from the Monday–Friday week as the tenant's deadlines count it:
    /// the national notice's days with the tenant's own laid over them (<see cref="CalendarYearDay.Own"/>).
    /// </summary>
    public async Task<IReadOnlyList<CalendarYearDay>> YearAsync(CurrentUser admin, int year, CancellationToken cancellationToken)
    {
        if (year is < 2000 or > 2100)
            throw new AdminRefusal(AdminRefusalKind.Invalid, YearOutOfRange, "A year between 2000 and 2100.");
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageCalendar);
        var own = await Days(scope).AsNoTracking().OwnedBy(admin).Where(d => d.Date >= new DateOnly(year, 1, 1) && d.Date <= new DateOnly(year, 12, 31))
            .ToDictionaryAsync(d => d.Date, cancellationToken);
        var national = WorkingDayCalendar.China.Days.Where(d => d.Date.Year == year && !own.ContainsKey(d.Date))
            .Select(d => new CalendarYearDay(d.Date, d.Kind, d.Name, d.IsWorkingDay, Own: false));
        return national.Concat(own.Values.Select(d => new CalendarYearDay(d.Date, d.Kind, d.Name, d.Kind.IsWorkingDay(), Own: true)))
            .OrderBy(d => d.Date).ToList();
    }

    /// <summary>Adds the day, or changes its kind and name.</summary>
    public async Task<CalendarDayView> PutAsync(CurrentUser admin, DateOnly date, string? kindName, string? name, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageCalendar);
        // Names only: a number would slip through Enum.TryParse as any value.
        if (!Enum.TryParse<CalendarDayKind>(kindName, ignoreCase: true, out var kind) || !Enum.IsDefined(kind) || int.TryParse(kindName, out _))
            throw new AdminRefusal(AdminRefusalKind.Invalid, KindUnknown, $"Kind is one of {string.Join(", ", Enum.GetNames<CalendarDayKind>())}.");
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var day = await db.Set<TenantCalendarDay>().OwnedBy(admin).SingleOrDefaultAsync(d => d.Date == date, cancellationToken);
        var now = clock.GetUtcNow();
        if (day is null)
            db.Add(day = AdminCalls.Checked(Refused, () => new TenantCalendarDay(admin.TenantId, date, kind, name ?? "", admin.UserId, now)));
        else
            AdminCalls.Checked(Refused, () =>
            {
                day.Change(kind, name ?? "", admin.UserId, now);
                return day;
            });
        await SaveWithNewRulesAsync(db, admin, cancellationToken);
        return CalendarDayView.From(day);
    }

    public async Task RemoveAsync(CurrentUser admin, DateOnly date, CancellationToken cancellationToken)
    {
        await using var scope = AdminCalls.Open(scopes, admin, HotlineAction.ManageCalendar);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var day = await db.Set<TenantCalendarDay>().OwnedBy(admin).SingleOrDefaultAsync(d => d.Date == date, cancellationToken)
            ?? throw new AdminRefusal(AdminRefusalKind.NotFound, NotFound, $"The tenant has no calendar day on {date:yyyy-MM-dd}.");
        db.Remove(day);
        await SaveWithNewRulesAsync(db, admin, cancellationToken);
    }

    /// <summary>Saves a day's change with a new rules stamp on its tenant, so every node's cached rules give way at once.</summary>
    private static async Task SaveWithNewRulesAsync(HotlineDbContext db, CurrentUser admin, CancellationToken cancellationToken)
    {
        (await db.Tenants.SingleAsync(t => t.Id == admin.TenantId, cancellationToken)).CalendarChanged();
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The code of the input the domain refused: the day's name.</summary>
    private static string Refused(ArgumentException e) => e.ParamName == "name" ? NameInvalid : Invalid;

    private static DbSet<TenantCalendarDay> Days(AsyncServiceScope scope) =>
        scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<TenantCalendarDay>();
}

public sealed record CalendarDayView(DateOnly Date, string Kind, string Name, bool IsWorkingDay)
{
    public static CalendarDayView From(TenantCalendarDay day)
    {
        ArgumentNullException.ThrowIfNull(day);
        return new(day.Date, day.Kind.ToString(), day.Name, day.Kind.IsWorkingDay());
    }
}

/// <summary>A day of a year's calendar: from the national notice, or the tenant's own (<see cref="Own"/>: removable).</summary>
public sealed record CalendarYearDay(DateOnly Date, CalendarDayKind Kind, string Name, bool IsWorkingDay, bool Own);
