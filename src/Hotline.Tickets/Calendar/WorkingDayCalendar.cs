using System.Collections.Frozen;

namespace Hotline.Tickets.Calendar;

/// <summary>
/// The working-day calendar (工作日历) every deadline is counted on: Monday–Friday, minus public
/// holidays (法定节假日), plus adjusted working days (调休上班日), in Asia/Shanghai. Immutable;
/// <see cref="With"/> returns a new calendar with a tenant's local days or an added year.
/// </summary>
/// <remarks>
/// End of day: a deadline "by the end of day D" (D 24:00) is represented as D+1 00:00, the first
/// instant of the next calendar day (CC-7). It is on time when an action's timestamp is at or
/// before that instant.
/// </remarks>
public sealed class WorkingDayCalendar
{
    private static readonly Lazy<WorkingDayCalendar> ChinaCalendar = new(ChinaCalendarData.Load);

    private readonly FrozenDictionary<DateOnly, CalendarDay> _days;
    private readonly FrozenSet<int> _years;

    public WorkingDayCalendar(IEnumerable<CalendarDay> days)
        : this(Index(days, new Dictionary<DateOnly, CalendarDay>()))
    {
    }

    private WorkingDayCalendar(Dictionary<DateOnly, CalendarDay> days)
    {
        _days = days.ToFrozenDictionary();
        _years = days.Values.Where(d => d.Kind.IsNational()).Select(d => d.Date.Year).ToFrozenSet();
    }

    /// <summary>The national calendar shipped with the product: the State Council notices for 2020–2026.</summary>
    public static WorkingDayCalendar China => ChinaCalendar.Value;

    /// <summary>Asia/Shanghai (UTC+08:00, no daylight saving since 1991).</summary>
    public TimeZoneInfo TimeZone => ShanghaiTime.Zone;

    /// <summary>Years with national data, in order. Dates outside them raise <see cref="CalendarYearMissingException"/>.</summary>
    public IReadOnlyList<int> Years => _years.Order().ToArray();

    /// <summary>Every listed day, in date order.</summary>
    public IReadOnlyList<CalendarDay> Days => _days.Values.OrderBy(d => d.Date).ToArray();

    /// <summary>
    /// A new calendar with <paramref name="additions"/> laid over this one: a day given again
    /// replaces the listed one, and national days for a new year make that year known.
    /// </summary>
    public WorkingDayCalendar With(IEnumerable<CalendarDay> additions) =>
        new(Index(additions, new Dictionary<DateOnly, CalendarDay>(_days)));

    /// <summary>The listed day for <paramref name="date"/>, or null for an ordinary weekday or weekend.</summary>
    public CalendarDay? Find(DateOnly date) => _days.GetValueOrDefault(date);

    /// <exception cref="CalendarYearMissingException">The date's year has no data.</exception>
    public bool IsWorkingDay(DateOnly date)
    {
        if (!_years.Contains(date.Year))
            throw new CalendarYearMissingException(date.Year);
        return _days.TryGetValue(date, out var day)
            ? day.IsWorkingDay
            : date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    /// <summary>
    /// N working days from <paramref name="start"/> (CC-1). On a working day: the same wall-clock
    /// time on the N-th following working day. On a non-working day: the clock starts at 00:00 of
    /// the next working day and the deadline is the end of the N-th working day counted from it.
    /// With <paramref name="countStartDay"/> (「含1个接收日」) a working start day is day one, and
    /// the deadline is the end of the N-th working day counting it. The result is in Asia/Shanghai.
    /// </summary>
    public DateTimeOffset AddWorkingDays(DateTimeOffset start, int days, bool countStartDay = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var local = ToLocal(start);
        if (days == 0)
            return local;

        var date = DateOnly.FromDateTime(local.DateTime);
        if (IsWorkingDay(date) && !countStartDay)
            return At(Advance(date, days), TimeOnly.FromDateTime(local.DateTime));

        var dayOne = IsWorkingDay(date) ? date : Advance(date, 1);
        return EndOfDay(Advance(dayOne, days - 1));
    }

    /// <summary>N natural days (CC-3, 「N日」): the same wall-clock time N calendar days later.</summary>
    public DateTimeOffset AddNaturalDays(DateTimeOffset start, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var local = ToLocal(start);
        return At(DateOnly.FromDateTime(local.DateTime).AddDays(days), TimeOnly.FromDateTime(local.DateTime));
    }

    /// <summary>
    /// A limit in hours. <see cref="HourCounting.Natural"/> adds elapsed time (CC-2);
    /// <see cref="HourCounting.Working"/> runs only through working days (CC-5) and answers the
    /// first instant the hours are used up, so a limit ending exactly at midnight after a working
    /// day is that midnight, not the next working morning.
    /// </summary>
    public DateTimeOffset AddHours(DateTimeOffset start, TimeSpan hours, HourCounting counting)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, TimeSpan.Zero);
        var cursor = ToLocal(start);
        if (counting == HourCounting.Natural || hours == TimeSpan.Zero)
            return ToLocal(cursor + hours);
        if (counting != HourCounting.Working)
            throw new ArgumentOutOfRangeException(nameof(counting), counting, "Unknown hour counting.");

        var remaining = hours;
        while (true)
        {
            var date = DateOnly.FromDateTime(cursor.DateTime);
            var midnight = EndOfDay(date);
            if (IsWorkingDay(date))
            {
                var available = midnight - cursor;
                if (remaining <= available)
                    return cursor + remaining;
                remaining -= available;
            }
            cursor = midnight;
        }
    }

    /// <summary>
    /// Working-day time (CC-5) left from <paramref name="now"/> until <paramref name="due"/>;
    /// negative, by the working time elapsed since, once the deadline has passed.
    /// </summary>
    public TimeSpan RemainingWorkingTime(DateTimeOffset now, DateTimeOffset due) =>
        due >= now ? WorkingTimeBetween(now, due) : -WorkingTimeBetween(due, now);

    /// <summary>The date itself when it is a working day, otherwise the next working day (CC-4, 顺延).</summary>
    public DateOnly RollForwardToWorkingDay(DateOnly date) => IsWorkingDay(date) ? date : Advance(date, 1);

    /// <summary>D 24:00, represented as D+1 00:00 in Asia/Shanghai (CC-7).</summary>
    public DateTimeOffset EndOfDay(DateOnly date) => At(date.AddDays(1), TimeOnly.MinValue);

    /// <summary>The instant in Asia/Shanghai, with its +08:00 offset.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    private DateTimeOffset At(DateOnly date, TimeOnly time)
    {
        var wallClock = date.ToDateTime(time);
        return new DateTimeOffset(wallClock, TimeZone.GetUtcOffset(wallClock));
    }

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="date"/> (the date itself for 0).</summary>
    private DateOnly Advance(DateOnly date, int count)
    {
        while (count > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
                count--;
        }
        return date;
    }

    private TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        var cursor = ToLocal(from);
        while (cursor < to)
        {
            var date = DateOnly.FromDateTime(cursor.DateTime);
            var midnight = EndOfDay(date);
            var until = midnight < to ? midnight : to;
            if (IsWorkingDay(date))
                total += until - cursor;
            cursor = midnight;
        }
        return total;
    }

    private static Dictionary<DateOnly, CalendarDay> Index(IEnumerable<CalendarDay> days, Dictionary<DateOnly, CalendarDay> into)
    {
        ArgumentNullException.ThrowIfNull(days);
        foreach (var day in days)
            into[day.Date] = day;
        return into;
    }
}
