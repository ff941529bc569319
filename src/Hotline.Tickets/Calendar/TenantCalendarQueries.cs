using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Calendar;

/// <summary>Builds a tenant's calendar from the stored <see cref="TenantCalendarDay"/> rows.</summary>
public static class TenantCalendarQueries
{
    /// <summary>The national calendar with <paramref name="tenantId"/>'s own days laid over it.</summary>
    public static async Task<WorkingDayCalendar> CalendarForTenantAsync(
        this IQueryable<TenantCalendarDay> days, string tenantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        var own = await days.Where(d => d.TenantId == tenantId).ToListAsync(cancellationToken);
        return own.Count == 0 ? WorkingDayCalendar.China : WorkingDayCalendar.China.With(own.Select(d => d.ToCalendarDay()));
    }
}
