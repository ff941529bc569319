using Hotline.Tickets.Access;

namespace Hotline.Tickets.Calendar;

/// <summary>
/// A tenant's own calendar day (租户日历): a local holiday (地方假日), a local working day, or a
/// national day of a year the product does not ship yet. Entered by an administrator, merged over
/// <see cref="WorkingDayCalendar.China"/> with <see cref="WorkingDayCalendar.With"/>, so a new
/// year or a county festival needs no deploy.
/// </summary>
public sealed class TenantCalendarDay : ITenantOwned
{
    public const int MaxNameLength = 64;

    public TenantCalendarDay(string tenantId, DateOnly date, CalendarDayKind kind, string name, string addedBy, DateTimeOffset addedAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(addedBy);
        var day = new CalendarDay(date, kind, name);
        if (day.Name.Length > MaxNameLength)
            throw new ArgumentException($"A calendar day's name has at most {MaxNameLength} characters.", nameof(name));
        TenantId = tenantId;
        Date = date;
        Kind = kind;
        Name = day.Name;
        AddedBy = addedBy;
        AddedAt = addedAt;
    }

    public string TenantId { get; private set; }
    public DateOnly Date { get; private set; }
    public CalendarDayKind Kind { get; private set; }
    public string Name { get; private set; }

    /// <summary>The user id of the administrator who entered the day.</summary>
    public string AddedBy { get; private set; }

    public DateTimeOffset AddedAt { get; private set; }

    public CalendarDay ToCalendarDay() => new(Date, Kind, Name);

    /// <summary>Changes the day's kind and name; the date and tenant stay.</summary>
    public void Change(CalendarDayKind kind, string name, string changedBy, DateTimeOffset changedAt)
    {
        var changed = new TenantCalendarDay(TenantId, Date, kind, name, changedBy, changedAt);
        (Kind, Name, AddedBy, AddedAt) = (changed.Kind, changed.Name, changed.AddedBy, changed.AddedAt);
    }
}
