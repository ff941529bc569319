namespace Hotline.Tickets.Calendar;

/// <summary>
/// One date that departs from the Monday–Friday week: a public holiday (法定节假日), an
/// adjusted working day (调休上班日) or a local holiday or working day.
/// </summary>
public sealed record CalendarDay
{
    public CalendarDay(DateOnly date, CalendarDayKind kind, string name)
    {
        if (!Enum.IsDefined(kind))
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown calendar day kind.");
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Date = date;
        Kind = kind;
        Name = name.Trim();
    }

    public DateOnly Date { get; }
    public CalendarDayKind Kind { get; }

    /// <summary>The festival the day belongs to, e.g. 春节 or 国庆节.</summary>
    public string Name { get; }

    public bool IsWorkingDay => Kind.IsWorkingDay();
}
