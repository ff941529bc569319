namespace Hotline.Tickets.Calendar;

/// <summary>
/// Why a date departs from the Monday–Friday week. National kinds come from the State Council
/// holiday notice (国务院办公厅关于部分节假日安排的通知); local kinds are a tenant's own, such as
/// Ningxia's Eid holidays (开斋节, 古尔邦节).
/// </summary>
public enum CalendarDayKind
{
    /// <summary>法定节假日: an official public holiday, not a working day.</summary>
    PublicHoliday,

    /// <summary>调休上班日: a Saturday or Sunday that is an official working day.</summary>
    AdjustedWorkingDay,

    /// <summary>地方假日: a holiday declared locally (autonomous region, county), not a working day.</summary>
    LocalHoliday,

    /// <summary>地方调休上班日: a weekend day declared a working day locally.</summary>
    LocalWorkingDay,
}

/// <summary>Working or not, and whether the day comes from the national notice.</summary>
public static class CalendarDayKindExtensions
{
    public static bool IsWorkingDay(this CalendarDayKind kind) =>
        kind is CalendarDayKind.AdjustedWorkingDay or CalendarDayKind.LocalWorkingDay;

    /// <summary>
    /// National days make a year known to the calendar; a local holiday alone does not, so a
    /// year never turns into a weekend-only guess because a county added one festival (CC-11).
    /// </summary>
    public static bool IsNational(this CalendarDayKind kind) =>
        kind is CalendarDayKind.PublicHoliday or CalendarDayKind.AdjustedWorkingDay;
}
