namespace Hotline.Tickets.Calendar;

/// <summary>
/// A date falls in a year the calendar has no holiday notice for (CC-11). Deadlines are never
/// guessed from weekends alone: an administrator adds the year's official days first.
/// </summary>
public sealed class CalendarYearMissingException : InvalidOperationException
{
    public CalendarYearMissingException(int year)
        : base($"The working-day calendar has no data for {year}. Add the State Council holiday notice for {year} (public holidays and adjusted working days) as calendar days (CC-11).")
    {
        Year = year;
    }

    /// <summary>The year with no data.</summary>
    public int Year { get; }

    /// <summary>The rule a refusal cites.</summary>
    public const string RuleId = "CC-11";
}
