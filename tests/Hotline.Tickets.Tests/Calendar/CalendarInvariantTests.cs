using Hotline.Tickets.Calendar;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Properties that hold from every day of 2020–2026, so every holiday and 调休 day is crossed.</summary>
public sealed class CalendarInvariantTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;
    private static readonly TimeOnly TenPast = new(10, 10);

    private static IEnumerable<DateOnly> EveryDay()
    {
        for (var date = new DateOnly(2020, 1, 1); date < new DateOnly(2026, 12, 1); date = date.AddDays(1))
            yield return date;
    }

    private static DateTimeOffset At(DateOnly date, TimeOnly time) => new(date.ToDateTime(time), TimeSpan.FromHours(8));

    [Fact]
    public void One_working_day_from_a_working_day_is_the_next_working_day_at_the_same_time()
    {
        foreach (var date in EveryDay().Where(China.IsWorkingDay))
        {
            var due = China.AddWorkingDays(At(date, TenPast), 1);
            var dueDate = DateOnly.FromDateTime(due.DateTime);

            Assert.Equal(TenPast, TimeOnly.FromDateTime(due.DateTime));
            Assert.True(China.IsWorkingDay(dueDate), $"{date} → {dueDate}");
            for (var between = date.AddDays(1); between < dueDate; between = between.AddDays(1))
                Assert.False(China.IsWorkingDay(between), $"{date} → {dueDate} skips working day {between}");
        }
    }

    [Fact]
    public void One_working_day_from_a_non_working_day_ends_at_midnight_after_the_first_working_day()
    {
        foreach (var date in EveryDay().Where(d => !China.IsWorkingDay(d)))
        {
            var due = China.AddWorkingDays(At(date, TenPast), 1);
            var lastDay = DateOnly.FromDateTime(due.DateTime).AddDays(-1);

            Assert.Equal(TimeOnly.MinValue, TimeOnly.FromDateTime(due.DateTime));
            Assert.Equal(China.RollForwardToWorkingDay(date), lastDay);
        }
    }

    [Fact]
    public void Working_hours_added_are_the_working_time_remaining()
    {
        var hours = new[] { 2, 24, 30 }.Select(h => TimeSpan.FromHours(h)).ToArray();
        foreach (var (date, i) in EveryDay().Select((d, i) => (d, i)))
        {
            var start = At(date, TenPast);
            var limit = hours[i % hours.Length];
            var due = China.AddHours(start, limit, HourCounting.Working);

            Assert.Equal(limit, China.RemainingWorkingTime(start, due));
            Assert.Equal(-limit, China.RemainingWorkingTime(due, start));
        }
    }
}
