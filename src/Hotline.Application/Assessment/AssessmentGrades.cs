using System.Globalization;

namespace Hotline.Application.Assessment;

/// <summary>
/// Grades (考核等次, HL-ASM-4): units ranked by score, the best <c>excellent</c> share 优秀, the next <c>good</c> share
/// 良好, the rest 合格. The regulation states no rounding: the grade boundaries are the cumulative shares of the
/// number of units, rounded half up, so the grades always add up to every unit; units with equal scores share the
/// better grade and the same rank. The regulation states no criterion for 不合格: the assessor rates a unit so, and it is
/// set aside before the others are ranked.
/// </summary>
public static class AssessmentGrades
{
    public const string Excellent = "优秀";
    public const string Good = "良好";
    public const string Pass = "合格";
    public const string Unqualified = "不合格";

    public static IReadOnlyList<UnitAssessment> Assign(IReadOnlyList<UnitAssessment> units, IReadOnlyDictionary<string, int> sharesPercent)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(sharesPercent);
        var scored = units.Where(u => u.Score is not null && !u.Unqualified).OrderByDescending(u => u.Score).ToList();
        var n = scored.Count;
        var excellentUpTo = Boundary(n, sharesPercent.GetValueOrDefault("excellent"));
        var goodUpTo = Boundary(n, sharesPercent.GetValueOrDefault("excellent") + sharesPercent.GetValueOrDefault("good"));

        var graded = new List<UnitAssessment>(units.Count);
        for (var i = 0; i < n; i++)
        {
            // A tie takes the rank and grade of the first unit with that score.
            var first = scored.FindIndex(u => u.Score == scored[i].Score);
            var grade = first < excellentUpTo ? Excellent : first < goodUpTo ? Good : Pass;
            graded.Add(scored[i] with { Rank = first + 1, Grade = grade });
        }

        graded.AddRange(units.Where(u => u.Unqualified).Select(u => u with { Rank = null, Grade = Unqualified }));
        graded.AddRange(units.Where(u => u.Score is null && !u.Unqualified));
        return graded;
    }

    private static int Boundary(int units, int percent) =>
        (int)Math.Round(units * percent / 100m, MidpointRounding.AwayFromZero);

    public static string Percent(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—";
}
