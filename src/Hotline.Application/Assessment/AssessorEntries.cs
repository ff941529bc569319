using Hotline.Tickets.Assessment;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Assessment;

/// <summary>
/// Applies what the assessor entered for the month (<see cref="UnitMonthRating"/>) to the computed lines: an entered
/// score replaces the computed one, and a unit rated 不合格 is set aside before the others are ranked (HL-ASM-4). A unit
/// with an entry but no counted tickets gets a line of its own.
/// </summary>
public static class AssessorEntries
{
    public static List<UnitAssessment> Apply(IReadOnlyList<UnitAssessment> units, IReadOnlyList<UnitMonthRating> entries, IReadOnlyDictionary<Guid, string> names)
    {
        ArgumentNullException.ThrowIfNull(units);
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(names);
        var byUnit = entries.ToDictionary(e => e.UnitId);
        var lines = units.ToList();
        lines.AddRange(entries.Where(e => lines.All(u => u.UnitId != e.UnitId)).Select(e => new UnitAssessment(
            e.UnitId, names.GetValueOrDefault(e.UnitId, e.UnitId.ToString()), 0, null, 0, 0,
            new Dictionary<ResolutionType, int>(), new Dictionary<SatisfactionRating, int>())));
        return lines.Select(u => byUnit.TryGetValue(u.UnitId, out var e)
            ? u with
            {
                ComputedScore = u.Score,
                Score = e.Score ?? u.Score,
                Unqualified = e.Unqualified,
                Entry = new AssessorEntry(e.Score, e.Unqualified, e.Reason, e.RecordedBy, e.RecordedAt),
            }
            : u).ToList();
    }
}

/// <summary>The assessor's entry on a unit's line: who entered what, when and why.</summary>
public sealed record AssessorEntry(decimal? Score, bool Unqualified, string Reason, string RecordedBy, DateTimeOffset RecordedAt);
