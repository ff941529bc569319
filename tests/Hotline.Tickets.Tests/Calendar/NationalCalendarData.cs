using System.Globalization;
using System.Text.Json;
using Hotline.Tickets.Calendar;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>
/// The embedded calendar resource read independently of the product's parser, so the table-driven
/// tests compare the calendar against the data rather than against itself.
/// </summary>
internal static class NationalCalendarData
{
    public static IReadOnlyList<(DateOnly Date, string Name)> Holidays { get; } = Read(Embedded(), "holidays");
    public static IReadOnlyList<(DateOnly Date, string Name)> AdjustedWorkingDays { get; } = Read(Embedded(), "adjustedWorkdays");

    public static TheoryData<DateOnly, string> HolidayCases() => ToTheory(Holidays);
    public static TheoryData<DateOnly, string> AdjustedWorkingDayCases() => ToTheory(AdjustedWorkingDays);

    public static JsonDocument Embedded()
    {
        using var stream = typeof(WorkingDayCalendar).Assembly.GetManifestResourceStream("Hotline.Tickets.Calendar.cn-calendar.json")
            ?? throw new InvalidOperationException("The calendar resource is not embedded.");
        return JsonDocument.Parse(stream);
    }

    public static IReadOnlyList<(DateOnly Date, string Name)> Read(JsonDocument document, string section) =>
        document.RootElement.GetProperty("years").EnumerateObject()
            .SelectMany(year => year.Value.GetProperty(section).EnumerateObject())
            .Select(day => (DateOnly.ParseExact(day.Name, "yyyy-MM-dd", CultureInfo.InvariantCulture), day.Value.GetString()!))
            .OrderBy(day => day.Item1)
            .ToArray();

    /// <summary>src/Hotline.Tickets/Calendar/cn-calendar.json, the file the build embeds (tools/calendar writes it).</summary>
    public static string RepositoryCalendarPath() => Repository.File("src", "Hotline.Tickets", "Calendar", "cn-calendar.json");

    private static TheoryData<DateOnly, string> ToTheory(IEnumerable<(DateOnly Date, string Name)> days)
    {
        var data = new TheoryData<DateOnly, string>();
        foreach (var (date, name) in days)
            data.Add(date, name);
        return data;
    }
}
