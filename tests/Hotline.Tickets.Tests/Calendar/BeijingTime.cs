using System.Globalization;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>Test shorthand for a wall-clock time in Asia/Shanghai.</summary>
internal static class BeijingTime
{
    /// <summary>"2025-09-26 15:00" as 2025-09-26T15:00+08:00.</summary>
    public static DateTimeOffset Bj(string text) => DateTimeOffset.Parse(text + "+08:00", CultureInfo.InvariantCulture);
}
