using Hotline.Application.Audit;
using Hotline.Tickets.Access;

namespace Hotline.Application.Reports;

/// <summary>
/// The Beijing calendar month a report or assessment covers, opened only for readers of assessments
/// (<see cref="HotlineAction.ReadAssessment"/>). <see cref="Start"/> is inclusive, <see cref="End"/> exclusive.
/// </summary>
public readonly record struct ReportMonth
{
    private ReportMonth(int year, int month)
    {
        Year = year;
        Month = month;
        Start = AuditSearch.BeijingMidnight(new DateOnly(year, month, 1));
        End = AuditSearch.BeijingMidnight(new DateOnly(year, month, 1).AddMonths(1));
    }

    public int Year { get; }
    public int Month { get; }
    public DateTimeOffset Start { get; }
    public DateTimeOffset End { get; }

    /// <summary>The start of the month before, for comparisons such as hot topics.</summary>
    public DateTimeOffset PreviousStart => AuditSearch.BeijingMidnight(new DateOnly(Year, Month, 1).AddMonths(-1));

    /// <exception cref="AccessDeniedException">The reader may not read assessments.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The month does not exist or is out of range.</exception>
    public static ReportMonth For(CurrentUser reader, int year, int month)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.IsAllowed(HotlineAction.ReadAssessment))
            throw new AccessDeniedException($"Reports and assessments are for reviewers, supervisors, auditors and unit leaders; {reader} is none of these.");
        if (year is < 2000 or > 2100 || month is < 1 or > 12)
            throw new ArgumentOutOfRangeException(nameof(month), $"{year}-{month} is not a month of a report.");
        return new ReportMonth(year, month);
    }

    /// <summary>A unit leader without a centre role reads only their own unit's figures.</summary>
    public static bool OwnUnitOnly(CurrentUser reader) =>
        reader.UnitCode is not null && reader.IsInRole(HotlineRole.UnitLeader)
        && !reader.IsInAnyRole([HotlineRole.Reviewer, HotlineRole.Supervisor, HotlineRole.Auditor]);
}
