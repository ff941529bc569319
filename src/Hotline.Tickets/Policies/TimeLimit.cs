using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Tickets.Calendar;

namespace Hotline.Tickets.Policies;

/// <summary>How a <see cref="TimeLimit"/> counts time (rules.md §2).</summary>
public enum TimeLimitUnit
{
    /// <summary>小时: natural hours; nights and holidays count (CC-2). Written <c>12h</c>.</summary>
    NaturalHours,

    /// <summary>Hours counted on working days only, 「非工作日顺延」 (CC-5). Written <c>24wh</c>.</summary>
    WorkingHours,

    /// <summary>日: natural days, same wall-clock time N days later (CC-3). Written <c>2d</c>.</summary>
    NaturalDays,

    /// <summary>工作日: working days (CC-1). Written <c>5wd</c>.</summary>
    WorkingDays,
}

/// <summary>
/// A time limit (时限) as the regulations write it: an amount and a counting unit, e.g. <c>12h</c>,
/// <c>2d</c>, <c>5wd</c>, <c>24wh</c>. Profiles store limits in this form so that a reader can check them
/// against the seed text.
/// </summary>
[JsonConverter(typeof(TimeLimitJsonConverter))]
public readonly record struct TimeLimit(int Amount, TimeLimitUnit Unit)
{
    public static TimeLimit Hours(int amount) => new(amount, TimeLimitUnit.NaturalHours);
    public static TimeLimit WorkingHours(int amount) => new(amount, TimeLimitUnit.WorkingHours);
    public static TimeLimit Days(int amount) => new(amount, TimeLimitUnit.NaturalDays);
    public static TimeLimit WorkingDays(int amount) => new(amount, TimeLimitUnit.WorkingDays);

    /// <summary>The instant this limit ends when it starts at <paramref name="start"/>.</summary>
    public DateTimeOffset From(DateTimeOffset start, WorkingDayCalendar calendar) => Unit switch
    {
        TimeLimitUnit.NaturalHours => start.AddHours(Amount),
        TimeLimitUnit.WorkingHours => calendar.AddHours(start, TimeSpan.FromHours(Amount), HourCounting.Working),
        TimeLimitUnit.NaturalDays => start.AddDays(Amount),
        TimeLimitUnit.WorkingDays => calendar.AddWorkingDays(start, Amount),
        _ => throw new InvalidOperationException($"Unknown time-limit unit {Unit}."),
    };

    /// <summary>Whether this limit is no longer than <paramref name="other"/>; both must count in the same unit.</summary>
    public bool FitsWithin(TimeLimit other) => Unit == other.Unit
        ? Amount <= other.Amount
        : throw new InvalidOperationException($"Cannot compare {this} with {other}: different units.");

    public override string ToString() => Amount.ToString(CultureInfo.InvariantCulture) + Unit switch
    {
        TimeLimitUnit.NaturalHours => "h",
        TimeLimitUnit.WorkingHours => "wh",
        TimeLimitUnit.NaturalDays => "d",
        _ => "wd",
    };

    public static TimeLimit Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        TimeLimitUnit? unit = text[digits..] switch
        {
            "h" => TimeLimitUnit.NaturalHours,
            "wh" => TimeLimitUnit.WorkingHours,
            "d" => TimeLimitUnit.NaturalDays,
            "wd" => TimeLimitUnit.WorkingDays,
            _ => null,
        };
        if (digits == 0 || unit is null)
        {
            throw new FormatException($"'{text}' is not a time limit; write e.g. 12h, 24wh, 2d or 5wd.");
        }

        return new TimeLimit(int.Parse(text.AsSpan(0, digits), CultureInfo.InvariantCulture), unit.Value);
    }
}

/// <summary>Reads and writes <see cref="TimeLimit"/> as its short text form.</summary>
public sealed class TimeLimitJsonConverter : JsonConverter<TimeLimit>
{
    public override TimeLimit Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        try
        {
            return TimeLimit.Parse(reader.GetString() ?? "");
        }
        catch (FormatException ex)
        {
            throw new JsonException(ex.Message, ex);
        }
    }

    public override void Write(Utf8JsonWriter writer, TimeLimit value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString());
}
