namespace Hotline.RulesIndex;

/// <summary>docs/rules.md as the generator would write it, and what is wrong with the rules' references.</summary>
public sealed record RuleIndexResult(string Current, string Generated, IReadOnlyList<string> Problems)
{
    public bool IsStale => Current != Generated;
}

/// <summary>
/// Builds the rules index: for every rule row of docs/rules.md, the places in src/ that cite or name it and the tests
/// that cite it. The command-line tool writes the result; the rules-index test checks that nothing is stale or missing.
/// </summary>
public static class RuleIndex
{
    public static RuleIndexResult Build(string root)
    {
        var current = File.ReadAllText(System.IO.Path.Combine(root, RulesDocument.Path)).Replace("\r\n", "\n", StringComparison.Ordinal);
        var document = RulesDocument.Parse(current);
        var rows = document.Rows.ToList();
        var known = rows.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        var found = SourceScan.Run(root, known);
        var problems = new List<string>();

        problems.AddRange(rows.GroupBy(r => r.Id).Where(g => g.Count() > 1).Select(g => $"{g.Key} has {g.Count()} rows in {RulesDocument.Path}."));
        problems.AddRange(found.Code.Concat(found.Tests).Where(m => !known.Contains(m.RuleId))
            .Select(m => $"{m.Where}: {m.RuleId} is not a rule of {RulesDocument.Path} (a typo, or a rule row is missing)."));
        problems.AddRange(found.Citations.Where(c => !known.Contains(c.RuleId))
            .Select(c => $"{SourceScan.ProfilesFolder}/{c.Profile}: \"{c.Key}\" cites {c.RuleId}, which is not a rule of {RulesDocument.Path}."));
        problems.AddRange(found.Citations.Where(c => !found.CitationKeysRaised.Contains(c.Key))
            .Select(c => $"{SourceScan.ProfilesFolder}/{c.Profile}: \"{c.Key}\" cites {c.RuleId}, but no code in src/ raises or records \"{c.Key}\"."));

        var referenced = found.Code.Select(m => m.RuleId).Concat(found.Citations.Select(c => c.RuleId)).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var places = found.Code.Where(m => m.RuleId == row.Id).ToList();
            if (row.IsNotApplicable && places.FirstOrDefault(p => p.Kind == Reference.Cites) is { } cited)
                problems.Add($"{row.Id} is marked not applicable in {RulesDocument.Path}, but {cited.Where} cites it.");
            else if (!row.IsNotApplicable && referenced.Contains(row.Id) && places.Count == 0)
                problems.Add($"{row.Id} appears in the profiles but nothing in src/ enforces it, and {RulesDocument.Path} does not mark it not applicable.");
        }

        var generated = document.Render(row => row with
        {
            Enforced = row.IsNotApplicable ? row.Enforced : EnforcedCell(found.Code.Where(m => m.RuleId == row.Id)),
            TestedBy = List(found.Tests.Where(m => m.RuleId == row.Id).Select(m => m.Place)),
        });
        return new RuleIndexResult(current, generated, problems.Distinct().ToList());
    }

    /// <summary>Places that cite the rule first, then "see" the places whose comments name it.</summary>
    private static string EnforcedCell(IEnumerable<Mention> mentions)
    {
        var all = mentions.ToList();
        var cites = all.Where(m => m.Kind == Reference.Cites).Select(m => m.Place).ToHashSet(StringComparer.Ordinal);
        var names = all.Where(m => m.Kind == Reference.Names && !cites.Contains(m.Place)).Select(m => m.Place);
        var cell = List(cites);
        var see = List(names);
        return (cites.Count, see) switch
        {
            (0, "—") => "—",
            (0, _) => $"see {see}",
            (_, "—") => cell,
            _ => $"{cell}; see {see}",
        };
    }

    private static string List(IEnumerable<string> places)
    {
        var distinct = places.Distinct().Order(StringComparer.Ordinal).ToList();
        return distinct.Count == 0 ? "—" : string.Join(", ", distinct);
    }
}
