namespace Hotline.Tickets.Calendar;

/// <summary>How a limit in hours (小时) runs.</summary>
public enum HourCounting
{
    /// <summary>Natural hours (CC-2): nights, weekends and holidays all count.</summary>
    Natural,

    /// <summary>
    /// Working-day hours (CC-5, 「非工作日顺延」): the clock runs through the whole of every
    /// working day, 00:00–24:00, and stands still on non-working days. No regulation in the
    /// seeds defines office hours, so a working day counts in full.
    /// </summary>
    Working,
}
