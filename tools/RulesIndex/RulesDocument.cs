namespace Hotline.RulesIndex;

/// <summary>One rule's row: its ID and statement are written by hand; where it is enforced and which tests cite it are generated.</summary>
public sealed record RuleRow(string Id, string Statement, string Enforced, string TestedBy)
{
    public const string NotApplicable = "not applicable:";

    /// <summary>A hand-written "not applicable: reason" cell, which the generator keeps.</summary>
    public bool IsNotApplicable => Enforced.StartsWith(NotApplicable, StringComparison.Ordinal);

    public string Render() => $"| {Id} | {Statement} | {Enforced} | {TestedBy} |";
}

/// <summary>
/// docs/rules.md: prose and tables; between the markers every table row that starts with a rule ID is a <see cref="RuleRow"/>.
/// </summary>
public sealed class RulesDocument
{
    public const string Path = "docs/rules.md";
    public const string Begin = "<!-- rules-index:begin -->";
    public const string End = "<!-- rules-index:end -->";

    private readonly string[] _lines;
    private readonly Dictionary<int, RuleRow> _rows;

    private RulesDocument(string[] lines, Dictionary<int, RuleRow> rows)
    {
        _lines = lines;
        _rows = rows;
    }

    public IEnumerable<RuleRow> Rows => _rows.OrderBy(r => r.Key).Select(r => r.Value);

    public static RulesDocument Parse(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var begin = Array.IndexOf(lines, Begin);
        var end = Array.IndexOf(lines, End);
        if (begin < 0 || end < begin)
            throw new InvalidOperationException($"{Path} must hold the lines {Begin} and {End}, in that order.");

        var rows = new Dictionary<int, RuleRow>();
        for (var i = begin + 1; i < end; i++)
        {
            var cells = lines[i].Trim().Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (!lines[i].StartsWith('|') || cells.Length == 0 || RuleIdText.InText(cells[0]).FirstOrDefault() != cells[0])
                continue;
            if (cells.Length != 4)
                throw new InvalidOperationException($"{Path}:{i + 1}: a rule row has four cells (ID, rule, enforced where, tested by); {cells[0]} has {cells.Length}.");
            rows[i] = new RuleRow(cells[0], cells[1], cells[2], cells[3]);
        }
        return new RulesDocument(lines, rows);
    }

    /// <summary>The document with each row replaced by <paramref name="rewrite"/>'s version of it; everything else as it was.</summary>
    public string Render(Func<RuleRow, RuleRow> rewrite) =>
        string.Join('\n', _lines.Select((line, i) => _rows.TryGetValue(i, out var row) ? rewrite(row).Render() : line));
}
