using Hotline.Application.Reports;
using Hotline.Tickets.Access;

namespace Hotline.Application.Assessment;

/// <summary>
/// The year view (年度考核, HL-ASM-5): each unit's monthly volumes and, where points are configured, the annual score as
/// the mean of its monthly scores; and the tenant's trend per month — on-time rate and satisfaction rate as the
/// assessment counts them, and the return rate (returns approved ÷ tickets registered) from the monthly report.
/// </summary>
public sealed class AssessmentYears(Assessments assessments, MonthlyReports reports)
{
    /// <summary>Months 1 to <paramref name="lastMonth"/> of <paramref name="year"/> (the current month for this year).</summary>
    public async Task<AssessmentYear> BuildAsync(CurrentUser user, int year, int lastMonth, CancellationToken cancellationToken)
    {
        var months = new List<MonthlyAssessment>();
        var trend = new List<MonthTrend>();
        for (var month = 1; month <= Math.Clamp(lastMonth, 1, 12); month++)
        {
            var assessment = await assessments.AssessAsync(user, year, month, cancellationToken);
            var report = await reports.BuildAsync(user, year, month, cancellationToken);
            months.Add(assessment);
            var volume = assessment.Units.Sum(u => u.Volume);
            var rated = assessment.Units.Sum(u => u.Rated);
            trend.Add(new MonthTrend(
                month,
                volume == 0 ? null : (double)assessment.Units.Sum(u => u.OnTime) / volume,
                rated == 0 ? null : (double)assessment.Units.Sum(u => u.Ratings.GetValueOrDefault(Hotline.Tickets.Tickets.SatisfactionRating.Satisfied)) / rated,
                report.Registered == 0 ? null : (double)report.ReturnsApproved / report.Registered));
        }

        var units = months.SelectMany(m => m.Units.Select(u => (m.Month, Unit: u)))
            .GroupBy(x => x.Unit.UnitId)
            .Select(g =>
            {
                var scores = g.Where(x => x.Unit.Score is not null).Select(x => x.Unit.Score!.Value).ToList();
                return new UnitYear(
                    g.Key,
                    g.First().Unit.UnitName,
                    Enumerable.Range(1, trend.Count).Select(m => g.Where(x => x.Month == m).Sum(x => x.Unit.Volume)).ToList(),
                    scores.Count == 0 ? null : decimal.Round(scores.Average(), 2));
            })
            .OrderByDescending(u => u.AnnualScore).ThenBy(u => u.UnitName, StringComparer.Ordinal)
            .ToList();
        return new AssessmentYear(year, trend, units);
    }
}

public sealed record AssessmentYear(int Year, IReadOnlyList<MonthTrend> Months, IReadOnlyList<UnitYear> Units);

/// <summary>One month of the tenant's trend; a rate is null when nothing was counted that month.</summary>
public sealed record MonthTrend(int Month, double? OnTimeRate, double? SatisfactionRate, double? ReturnRate);

/// <summary>A unit's year: tickets counted per month and, when scored, the mean of its monthly scores.</summary>
public sealed record UnitYear(Guid UnitId, string UnitName, IReadOnlyList<int> Volumes, decimal? AnnualScore);
