using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Assessment;

/// <summary>
/// One unit's monthly assessment (月度考核, HL-ASM-1..5): the tickets it completed in the month and the five
/// indicators — volume and its band, first contact within the limit, on-time completion against the assessment
/// limits (not the handling limits, A-06), the resolution mix and the satisfaction mix. Ratings an upheld screening
/// or appeal took out of the statistics (不计入满意度统计) are not counted. <see cref="Score"/>, <see cref="Rank"/> and
/// <see cref="Grade"/> are set only when the tenant configures point values (HL-ASM-3: the regulation states none).
/// <see cref="KnowledgeReviewDue"/> is the knowledge-base indicator (QU-ASM-1): the unit's published articles past their
/// review date at the month's end; it is shown, not scored (the regulation states no weight).
/// </summary>
public sealed record UnitAssessment(
    Guid UnitId,
    string UnitName,
    int Volume,
    int? VolumeBand,
    int FirstContactCompliant,
    int OnTime,
    IReadOnlyDictionary<ResolutionType, int> Resolutions,
    IReadOnlyDictionary<SatisfactionRating, int> Ratings,
    decimal? Score = null,
    int? Rank = null,
    string? Grade = null,
    bool Unqualified = false,
    decimal? ComputedScore = null,
    AssessorEntry? Entry = null,
    int KnowledgeReviewDue = 0)
{
    public double? FirstContactRate => Volume == 0 ? null : (double)FirstContactCompliant / Volume;

    public double? OnTimeRate => Volume == 0 ? null : (double)OnTime / Volume;

    public int Rated => Ratings.Values.Sum();

    public double? SatisfactionRate => Rated == 0 ? null : (double)Ratings.GetValueOrDefault(SatisfactionRating.Satisfied) / Rated;

    public double? Share(ResolutionType type) => Volume == 0 ? null : (double)Resolutions.GetValueOrDefault(type) / Volume;

    /// <summary>
    /// The composite score from the tenant's <c>assessment.points</c>, or null when none are configured. Each point
    /// value is multiplied by its indicator and the products added (negative points subtract): <c>volumeBand1</c>…
    /// <c>volumeBandN</c> count 1 for the unit's band; <c>firstContact</c>, <c>onTime</c> and <c>satisfied</c> are rates
    /// (0–1); <c>resolved</c>, <c>explained</c>, <c>notedForReference</c>, <c>unresolved</c> and <c>dissatisfied</c> are shares.
    /// </summary>
    public decimal? ScoreWith(AssessmentPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (policy.Points.Count == 0 || Volume == 0)
            return null;
        decimal score = 0;
        foreach (var (key, points) in policy.Points)
        {
            var value = key switch
            {
                _ when key.StartsWith("volumeBand", StringComparison.Ordinal) => key == $"volumeBand{VolumeBand}" ? 1 : 0,
                "firstContact" => FirstContactRate,
                "onTime" => OnTimeRate,
                "satisfied" => SatisfactionRate,
                "dissatisfied" => Rated == 0 ? null : (double)Ratings.GetValueOrDefault(SatisfactionRating.Dissatisfied) / Rated,
                "resolved" => Share(ResolutionType.Resolved),
                "explained" => Share(ResolutionType.Explained),
                "notedForReference" => Share(ResolutionType.NotedForReference),
                "unresolved" => Share(ResolutionType.Unresolved),
                _ => null,
            };
            score += points * (decimal)(value ?? 0);
        }

        return decimal.Round(score, 2);
    }
}

/// <summary>The month's assessment of every unit that completed tickets, and whether the tenant's profile grades them.</summary>
public sealed record MonthlyAssessment(int Year, int Month, string Profile, IReadOnlyList<string> Indicators, bool Scored, IReadOnlyList<UnitAssessment> Units)
{
    /// <summary>The policy profile's title (the regulation's name), for the page and the export; <see cref="Profile"/> is its code.</summary>
    public string ProfileName { get; init; } = "";
}
