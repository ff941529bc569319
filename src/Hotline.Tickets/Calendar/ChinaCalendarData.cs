using System.Text.Json;

namespace Hotline.Tickets.Calendar;

/// <summary>
/// Reads the embedded national calendar (cn-calendar.json), generated from the State Council
/// notices by tools/calendar/import_cn_calendar.py.
/// </summary>
internal static class ChinaCalendarData
{
    internal const string ResourceName = "Hotline.Tickets.Calendar.cn-calendar.json";

    public static WorkingDayCalendar Load()
    {
        using var stream = typeof(ChinaCalendarData).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing from the build.");
        var file = JsonSerializer.Deserialize<CalendarFile>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{ResourceName} is empty.");
        if (file.Timezone != ShanghaiTime.ZoneId)
            throw new InvalidOperationException($"{ResourceName} is in {file.Timezone}, not {ShanghaiTime.ZoneId}.");

        var days = file.Years.Values.SelectMany(year =>
            year.Holidays.Select(h => new CalendarDay(DateOnly.Parse(h.Key, System.Globalization.CultureInfo.InvariantCulture), CalendarDayKind.PublicHoliday, h.Value))
                .Concat(year.AdjustedWorkdays.Select(a => new CalendarDay(DateOnly.Parse(a.Key, System.Globalization.CultureInfo.InvariantCulture), CalendarDayKind.AdjustedWorkingDay, a.Value))));
        return new WorkingDayCalendar(days);
    }

    private sealed record CalendarFile(string Timezone, Dictionary<string, CalendarYear> Years);

    private sealed record CalendarYear(Dictionary<string, string> Holidays, Dictionary<string, string> AdjustedWorkdays);
}
