namespace Hotline.Tickets.Calendar;

/// <summary>The hotline's time zone, Asia/Shanghai (北京时间).</summary>
public static class ShanghaiTime
{
    public const string ZoneId = "Asia/Shanghai";

    /// <summary>
    /// The system's Asia/Shanghai zone, or a fixed UTC+08:00 zone where the host has no time
    /// zone database (slim containers). China has kept UTC+08:00 without daylight saving since
    /// 1991, so the two agree for every date the calendar covers.
    /// </summary>
    public static TimeZoneInfo Zone { get; } = Find();

    private static TimeZoneInfo Find()
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(ZoneId);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone(ZoneId, TimeSpan.FromHours(8), "China Standard Time", "China Standard Time");
        }
    }
}
