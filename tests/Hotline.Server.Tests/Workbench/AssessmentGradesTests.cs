using Hotline.Application.Assessment;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;

namespace Hotline.Server.Tests.Workbench;

/// <summary>HL-ASM-3/4 as the workbench reads them: configured points make the score; 30/50/20 % grades by rank.</summary>
public sealed class AssessmentGradesTests
{
    private static readonly Dictionary<string, int> HlShares = new() { ["excellent"] = 30, ["good"] = 50, ["pass"] = 20 };

    [Fact]
    public void Ten_units_are_graded_three_excellent_five_good_two_pass_and_ties_share_the_better_grade()
    {
        var units = Enumerable.Range(1, 10).Select(i => Unit($"单位{i}", score: i)).ToList();
        units[6] = units[6] with { Score = 8 };  // 单位7 ties 单位8 at the excellent boundary

        var graded = AssessmentGrades.Assign(units, HlShares).ToDictionary(u => u.UnitName);

        Assert.Equal(["单位10", "单位7", "单位8", "单位9"], graded.Values.Where(u => u.Grade == AssessmentGrades.Excellent).Select(u => u.UnitName).Order(StringComparer.Ordinal));
        Assert.Equal(3, graded["单位7"].Rank);
        Assert.Equal(3, graded["单位8"].Rank);
        Assert.Equal(AssessmentGrades.Good, graded["单位3"].Grade);
        Assert.Equal(AssessmentGrades.Pass, graded["单位2"].Grade);
        Assert.Equal(AssessmentGrades.Pass, graded["单位1"].Grade);
    }

    [Fact]
    public void The_score_adds_configured_points_per_indicator_and_is_absent_without_points()
    {
        var unit = new UnitAssessment(Guid.NewGuid(), "住建局", Volume: 4, VolumeBand: 1, FirstContactCompliant: 4, OnTime: 3,
            new Dictionary<ResolutionType, int> { [ResolutionType.Resolved] = 2, [ResolutionType.Unresolved] = 2 },
            new Dictionary<SatisfactionRating, int> { [SatisfactionRating.Satisfied] = 3, [SatisfactionRating.Dissatisfied] = 1 });
        var policy = new AssessmentPolicy
        {
            Points = new Dictionary<string, decimal> { ["volumeBand1"] = 5, ["volumeBand2"] = 10, ["onTime"] = 40, ["satisfied"] = 40, ["unresolved"] = -10 },
        };

        // 5 (band 1) + 40 × 0.75 + 40 × 0.75 − 10 × 0.5
        Assert.Equal(60m, unit.ScoreWith(policy));
        Assert.Null(unit.ScoreWith(new AssessmentPolicy()));
    }

    private static UnitAssessment Unit(string name, decimal score) =>
        new(Guid.NewGuid(), name, 1, 1, 1, 1, new Dictionary<ResolutionType, int>(), new Dictionary<SatisfactionRating, int>(), Score: score);
}
