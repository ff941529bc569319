using Hotline.Tickets.Calendar;
using static Hotline.Tickets.Tests.Calendar.BeijingTime;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Local holidays and added years, merged over the national calendar without a deploy.</summary>
public sealed class TenantCalendarTests
{
    [Fact]
    public void A_local_holiday_moves_deadlines_for_that_tenant_only()
    {
        // Ningxia's Eid al-Adha (古尔邦节) 2025 fell on Friday 06-06.
        var ningxia = WorkingDayCalendar.China.With([new CalendarDay(new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, "古尔邦节")]);

        Assert.Equal(Bj("2025-06-09 10:00"), ningxia.AddWorkingDays(Bj("2025-06-05 10:00"), 1));
        Assert.Equal(Bj("2025-06-06 10:00"), WorkingDayCalendar.China.AddWorkingDays(Bj("2025-06-05 10:00"), 1));
    }

    [Fact]
    public void A_local_working_day_and_an_override_of_a_national_day_take_effect()
    {
        var county = WorkingDayCalendar.China.With([
            new CalendarDay(new DateOnly(2025, 11, 22), CalendarDayKind.LocalWorkingDay, "防汛值守"),
        ]);

        Assert.True(county.IsWorkingDay(new DateOnly(2025, 11, 22)));
        Assert.Equal(Bj("2025-11-22 16:00"), county.AddWorkingDays(Bj("2025-11-21 16:00"), 1));
    }

    [Fact]
    public void An_added_year_of_national_days_makes_the_year_known()
    {
        var with2027 = WorkingDayCalendar.China.With([
            new CalendarDay(new DateOnly(2027, 1, 1), CalendarDayKind.PublicHoliday, "元旦"),
        ]);

        Assert.False(with2027.IsWorkingDay(new DateOnly(2027, 1, 1)));
        Assert.True(with2027.IsWorkingDay(new DateOnly(2027, 1, 4)));
        Assert.Equal(Bj("2027-01-04 10:00"), with2027.AddWorkingDays(Bj("2026-12-31 10:00"), 1));
        Assert.Contains(2027, with2027.Years);
    }

    [Fact]
    public void A_local_holiday_alone_does_not_make_a_missing_year_known()
    {
        var calendar = WorkingDayCalendar.China.With([new CalendarDay(new DateOnly(2028, 3, 1), CalendarDayKind.LocalHoliday, "开斋节")]);

        Assert.Equal(2028, Assert.Throws<CalendarYearMissingException>(() => calendar.IsWorkingDay(new DateOnly(2028, 3, 2))).Year);
    }

    [Fact]
    public void With_leaves_the_national_calendar_unchanged()
    {
        _ = WorkingDayCalendar.China.With([new CalendarDay(new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, "古尔邦节")]);

        Assert.True(WorkingDayCalendar.China.IsWorkingDay(new DateOnly(2025, 6, 6)));
        Assert.Null(WorkingDayCalendar.China.Find(new DateOnly(2025, 6, 6)));
    }

    [Fact]
    public void A_calendar_day_needs_a_name_and_a_known_kind()
    {
        Assert.Throws<ArgumentException>(() => new CalendarDay(new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, " "));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CalendarDay(new DateOnly(2025, 6, 6), (CalendarDayKind)42, "x"));
    }

    [Fact]
    public void A_tenant_calendar_day_becomes_a_calendar_day()
    {
        var row = new TenantCalendarDay("hsb", new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, " 古尔邦节 ", "admin", Bj("2025-05-20 09:00"));

        Assert.Equal(new CalendarDay(new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, "古尔邦节"), row.ToCalendarDay());
        Assert.Throws<ArgumentException>(() => new TenantCalendarDay("hsb", new DateOnly(2025, 6, 6), CalendarDayKind.LocalHoliday, new string('节', 65), "admin", Bj("2025-05-20 09:00")));
    }
}
