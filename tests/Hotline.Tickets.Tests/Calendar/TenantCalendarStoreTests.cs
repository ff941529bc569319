using Hotline.Tickets.Calendar;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Tenant calendar days round-trip through EF and apply to their own tenant only.</summary>
public sealed class TenantCalendarStoreTests
{
    private static readonly DateTimeOffset AddedAt = new(2025, 5, 20, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public async Task Stored_local_holiday_applies_to_its_tenant_only()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.NewContext();
        db.Set<TenantCalendarDay>().AddRange(
            new TenantCalendarDay("hsb", new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, "古尔邦节", "admin-hsb", AddedAt),
            new TenantCalendarDay("hsb", new DateOnly(2027, 1, 1), CalendarDayKind.PublicHoliday, "元旦", "admin-hsb", AddedAt));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var read = database.NewContext("hsb");
        await using var readHl = database.NewContext("hl");
        var hsb = await read.Set<TenantCalendarDay>().CalendarForTenantAsync("hsb", TestContext.Current.CancellationToken);
        var hl = await readHl.Set<TenantCalendarDay>().CalendarForTenantAsync("hl", TestContext.Current.CancellationToken);

        Assert.False(hsb.IsWorkingDay(new DateOnly(2025, 6, 6)));
        Assert.Equal("古尔邦节", hsb.Find(new DateOnly(2025, 6, 6))?.Name);
        Assert.True(hsb.IsWorkingDay(new DateOnly(2027, 1, 4)));
        Assert.True(hl.IsWorkingDay(new DateOnly(2025, 6, 6)));
        Assert.Throws<CalendarYearMissingException>(() => hl.IsWorkingDay(new DateOnly(2027, 1, 4)));
    }

    [Fact]
    public async Task One_day_per_tenant_and_date()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.NewContext();
        db.Set<TenantCalendarDay>().Add(new TenantCalendarDay("hsb", new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, "古尔邦节", "admin", AddedAt));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var second = database.NewContext();
        second.Set<TenantCalendarDay>().Add(new TenantCalendarDay("hsb", new DateOnly(2025, 6, 6), CalendarDayKind.LocalWorkingDay, "重复", "admin", AddedAt));
        await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync(TestContext.Current.CancellationToken));
    }
}
