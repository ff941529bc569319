using System.Text.Json;
using Hotline.Tickets.Calendar;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Every official holiday and adjusted working day 2020–2026, one case each.</summary>
public sealed class NationalCalendarTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    [Theory]
    [MemberData(nameof(NationalCalendarData.HolidayCases), MemberType = typeof(NationalCalendarData))]
    public void Public_holiday_is_not_a_working_day(DateOnly date, string festival)
    {
        Assert.False(China.IsWorkingDay(date));
        var day = China.Find(date);
        Assert.NotNull(day);
        Assert.Equal(CalendarDayKind.PublicHoliday, day.Kind);
        Assert.Equal(festival, day.Name);
    }

    [Theory]
    [MemberData(nameof(NationalCalendarData.AdjustedWorkingDayCases), MemberType = typeof(NationalCalendarData))]
    public void Adjusted_working_day_is_a_weekend_day_that_is_worked(DateOnly date, string festival)
    {
        Assert.True(date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday, $"{date} is a weekday");
        Assert.True(China.IsWorkingDay(date));
        Assert.Equal(new CalendarDay(date, CalendarDayKind.AdjustedWorkingDay, festival), China.Find(date));
    }

    [Fact]
    public void Every_other_day_2020_to_2026_follows_the_Monday_to_Friday_week()
    {
        var listed = NationalCalendarData.Holidays.Select(d => d.Date)
            .Concat(NationalCalendarData.AdjustedWorkingDays.Select(d => d.Date))
            .ToHashSet();
        var checkedDays = 0;
        for (var date = new DateOnly(2020, 1, 1); date.Year <= 2026; date = date.AddDays(1))
        {
            if (listed.Contains(date))
                continue;
            Assert.Equal(date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday), China.IsWorkingDay(date));
            checkedDays++;
        }
        Assert.Equal(2557 - listed.Count, checkedDays);
    }

    [Fact]
    public void Ships_seven_years_with_every_major_festival()
    {
        Assert.Equal([2020, 2021, 2022, 2023, 2024, 2025, 2026], China.Years);
        foreach (var year in China.Years)
        {
            var names = NationalCalendarData.Holidays.Where(d => d.Date.Year == year).Select(d => d.Name).ToHashSet();
            Assert.Superset(new HashSet<string> { "元旦", "春节", "清明", "劳动节", "端午", "国庆节" }, names);
        }
    }

    [Fact]
    public void Embedded_data_is_the_repositorys_calendar_file()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(NationalCalendarData.RepositoryCalendarPath()));
        using var embedded = NationalCalendarData.Embedded();
        Assert.Equal(NationalCalendarData.Read(file, "holidays"), NationalCalendarData.Read(embedded, "holidays"));
        Assert.Equal(NationalCalendarData.Read(file, "adjustedWorkdays"), NationalCalendarData.Read(embedded, "adjustedWorkdays"));
    }
}
