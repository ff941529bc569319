using Hotline.Tickets.Calendar;
using static Hotline.Tickets.Tests.Calendar.BeijingTime;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Deadlines to the minute, as the counting conventions CC-1…CC-11 define them.</summary>
public sealed class WorkingDayCalendarTests
{
    private static readonly WorkingDayCalendar China = WorkingDayCalendar.China;

    [Theory]
    // CC-1's own example: Friday before National Day, the Sunday is an adjusted working day (调休).
    [InlineData("2025-09-26 15:00", 1, "2025-09-28 15:00")]
    // An ordinary weekend.
    [InlineData("2025-11-21 16:30", 1, "2025-11-24 16:30")]
    [InlineData("2025-11-19 09:15", 5, "2025-11-26 09:15")]
    // Spring Festival 2026: Sat 02-14 is worked, 02-15…02-23 are holidays (A-21's example).
    [InlineData("2026-02-13 16:00", 2, "2026-02-24 16:00")]
    [InlineData("2026-02-13 16:00", 1, "2026-02-14 16:00")]
    // National Day 2025: 10-01…10-08 off, Sat 10-11 worked.
    [InlineData("2025-09-30 09:00", 1, "2025-10-09 09:00")]
    [InlineData("2025-09-30 09:00", 3, "2025-10-11 09:00")]
    // Spring Festival 2025: Sun 01-26 and Sat 02-08 worked.
    [InlineData("2025-01-24 11:00", 1, "2025-01-26 11:00")]
    [InlineData("2025-01-26 11:00", 2, "2025-02-05 11:00")]
    // Across New Year 2026: 01-01…01-03 off, Sun 01-04 worked.
    [InlineData("2025-12-31 18:45", 1, "2026-01-04 18:45")]
    public void Working_days_from_a_working_day_keep_the_wall_clock_time(string start, int days, string due)
    {
        Assert.Equal(Bj(due), China.AddWorkingDays(Bj(start), days));
    }

    [Theory]
    // A Saturday: the clock starts Monday 00:00 and runs to the end (24:00) of the N-th working day.
    [InlineData("2025-11-22 10:00", 1, "2025-11-25 00:00")]
    [InlineData("2025-11-22 10:00", 5, "2025-11-29 00:00")]
    // A holiday inside National Day.
    [InlineData("2025-10-03 14:00", 2, "2025-10-11 00:00")]
    // Spring Festival Eve 2026 is a holiday; the first working day is 02-24.
    [InlineData("2026-02-16 20:00", 1, "2026-02-25 00:00")]
    // A Sunday before an adjusted working Saturday: Mon…Fri then Sat 2025-10-11.
    [InlineData("2025-10-05 08:00", 3, "2025-10-12 00:00")]
    public void Working_days_from_a_non_working_day_end_at_midnight_after_the_last_day(string start, int days, string due)
    {
        Assert.Equal(Bj(due), China.AddWorkingDays(Bj(start), days));
    }

    [Theory]
    // 「含1个接收日」: the day of receipt is day one and the deadline is the end of the N-th day.
    [InlineData("2026-02-13 16:00", 2, "2026-02-15 00:00")]
    [InlineData("2025-11-21 16:00", 1, "2025-11-22 00:00")]
    [InlineData("2025-11-20 10:00", 6, "2025-11-28 00:00")]
    // A non-working receipt day cannot be day one: the first working day is.
    [InlineData("2025-11-22 10:00", 1, "2025-11-25 00:00")]
    [InlineData("2025-10-01 10:00", 2, "2025-10-11 00:00")]
    public void Receipt_day_counts_as_day_one_when_asked(string start, int days, string due)
    {
        Assert.Equal(Bj(due), China.AddWorkingDays(Bj(start), days, countStartDay: true));
    }

    [Fact]
    public void Deadline_is_given_in_Shanghai_time_whatever_the_start_offset()
    {
        var due = China.AddWorkingDays(new DateTimeOffset(2025, 9, 26, 7, 0, 0, TimeSpan.Zero), 1);

        Assert.Equal(Bj("2025-09-28 15:00"), due);
        Assert.Equal(TimeSpan.FromHours(8), due.Offset);
    }

    [Fact]
    public void A_start_late_on_Friday_UTC_is_already_Saturday_in_Shanghai()
    {
        // 2025-11-21 17:00 UTC = Sat 2025-11-22 01:00 in Beijing: a non-working start.
        Assert.Equal(Bj("2025-11-25 00:00"), China.AddWorkingDays(new DateTimeOffset(2025, 11, 21, 17, 0, 0, TimeSpan.Zero), 1));
    }

    [Fact]
    public void An_extension_from_an_end_of_day_deadline_runs_to_the_end_of_the_next_working_day()
    {
        // CC-9: the current deadline is the end of Friday (Sat 00:00); one more working day ends Monday.
        Assert.Equal(Bj("2025-11-25 00:00"), China.AddWorkingDays(Bj("2025-11-22 00:00"), 1));
        // End of Monday is Tuesday 00:00, a working day: one more ends Tuesday.
        Assert.Equal(Bj("2025-11-26 00:00"), China.AddWorkingDays(Bj("2025-11-25 00:00"), 1));
    }

    [Fact]
    public void Zero_days_is_the_start_and_negative_days_are_refused()
    {
        Assert.Equal(Bj("2025-11-22 10:00"), China.AddWorkingDays(Bj("2025-11-22 10:00"), 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => China.AddWorkingDays(Bj("2025-11-21 10:00"), -1));
    }

    [Theory]
    // CC-2: natural hours count nights, weekends and holidays.
    [InlineData("2025-11-21 20:00", 12, "2025-11-22 08:00")]
    [InlineData("2025-09-30 16:00", 24, "2025-10-01 16:00")]
    public void Natural_hours_run_through_nights_and_holidays(string start, int hours, string due)
    {
        Assert.Equal(Bj(due), China.AddHours(Bj(start), TimeSpan.FromHours(hours), HourCounting.Natural));
    }

    [Theory]
    // CC-5's example: Friday 16:00 + 24 working-day hours is Monday 16:00.
    [InlineData("2025-11-21 16:00", 24, "2025-11-24 16:00")]
    // Over National Day: 4 h on 09-30, then 20 h on 10-09.
    [InlineData("2025-09-30 20:00", 24, "2025-10-09 20:00")]
    // Ending exactly at midnight after a working day: that midnight, not the next working morning.
    [InlineData("2025-11-21 16:00", 8, "2025-11-22 00:00")]
    // Starting on a weekend: the clock starts Monday 00:00.
    [InlineData("2025-11-22 10:00", 2, "2025-11-24 02:00")]
    // Through an adjusted working Sunday (2025-09-28).
    [InlineData("2025-09-26 12:00", 36, "2025-09-29 00:00")]
    public void Working_hours_stand_still_on_non_working_days(string start, int hours, string due)
    {
        Assert.Equal(Bj(due), China.AddHours(Bj(start), TimeSpan.FromHours(hours), HourCounting.Working));
    }

    [Fact]
    public void Working_hours_keep_minutes()
    {
        Assert.Equal(Bj("2025-11-24 01:30"), China.AddHours(Bj("2025-11-21 23:00"), TimeSpan.FromMinutes(150), HourCounting.Working));
    }

    [Theory]
    [InlineData("2025-11-21 16:00", "2025-11-24 16:00", 24)]
    [InlineData("2025-11-24 10:00", "2025-11-24 16:00", 6)]
    // Overdue: negative by the working time since the deadline, weekend excluded.
    [InlineData("2025-11-24 18:00", "2025-11-24 16:00", -2)]
    [InlineData("2025-11-24 10:00", "2025-11-21 16:00", -18)]
    [InlineData("2025-10-09 08:00", "2025-09-30 09:00", -23)]
    public void Remaining_working_time_counts_only_working_days(string now, string due, int hours)
    {
        Assert.Equal(TimeSpan.FromHours(hours), China.RemainingWorkingTime(Bj(now), Bj(due)));
    }

    [Fact]
    public void A_date_rolled_forward_ends_at_midnight_of_the_working_day()
    {
        // CC-4's example: QU screening cut-off 「次月 1 日（非工作日顺延）」 for September 2025.
        var cutOff = China.RollForwardToWorkingDay(new DateOnly(2025, 10, 1));

        Assert.Equal(new DateOnly(2025, 10, 9), cutOff);
        Assert.Equal(Bj("2025-10-10 00:00"), China.EndOfDay(cutOff));
        Assert.Equal(new DateOnly(2025, 11, 3), China.RollForwardToWorkingDay(new DateOnly(2025, 11, 1)));
        Assert.Equal(new DateOnly(2025, 12, 1), China.RollForwardToWorkingDay(new DateOnly(2025, 12, 1)));
    }

    [Fact]
    public void Natural_days_keep_the_wall_clock_time()
    {
        // CC-3: HSB 「2日内」 from Friday 15:00 is Sunday 15:00, holiday or not.
        Assert.Equal(Bj("2025-10-02 15:00"), China.AddNaturalDays(Bj("2025-09-30 15:00"), 2));
    }

    [Theory]
    [InlineData(2019, 12, 31)]
    [InlineData(2027, 1, 4)]
    public void A_year_without_data_is_an_error_naming_the_year(int year, int month, int day)
    {
        var error = Assert.Throws<CalendarYearMissingException>(() => China.IsWorkingDay(new DateOnly(year, month, day)));

        Assert.Equal(year, error.Year);
        Assert.Contains(year.ToString(System.Globalization.CultureInfo.InvariantCulture), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_deadline_running_into_a_missing_year_is_an_error_not_a_weekend_guess()
    {
        var error = Assert.Throws<CalendarYearMissingException>(() => China.AddWorkingDays(Bj("2026-12-30 10:00"), 5));
        Assert.Equal(2027, error.Year);

        Assert.Throws<CalendarYearMissingException>(() => China.AddHours(Bj("2026-12-31 10:00"), TimeSpan.FromHours(48), HourCounting.Working));
    }
}
