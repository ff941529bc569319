using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.RulesIndex;

/// <summary>
/// Rule IDs as the project writes them: <c>HSB-RT-3</c>, <c>QU-URG-1..3</c>, <c>HL-DL-2/3</c>, <c>CC-5</c> in text, and
/// <c>HSB_RT_1_to_5</c>, <c>HL_DL_1_2_3</c>, <c>CC_9</c> in test names.
/// </summary>
public static partial class RuleIdText
{
    /// <summary>Every rule ID a piece of text names, ranges and lists spelled out.</summary>
    public static IEnumerable<string> InText(string text)
    {
        foreach (Match match in Written().Matches(text))
        {
            var stem = match.Groups["cc"].Success ? "CC-" : $"{match.Groups["prefix"].Value}-{match.Groups["topic"].Value}-";
            var first = int.Parse(match.Groups["cc"].Success ? match.Groups["cc"].Value : match.Groups["n"].Value, CultureInfo.InvariantCulture);
            yield return stem + first;
            var last = first;
            foreach (Match more in Continuation().Matches(match.Groups["more"].Value))
            {
                var next = int.Parse(more.Groups["n"].Value, CultureInfo.InvariantCulture);
                var from = more.Groups["sep"].Value == "/" ? next : last + 1;
                for (var n = from; n <= next; n++)
                    yield return stem + n;
                last = next;
            }
        }
    }

    /// <summary>
    /// Every rule ID a test name cites. Numbers after the first are further rules of the same topic only where such a
    /// rule exists (<c>HSB_RT_5_6</c> is HSB-RT-5 item (6), not HSB-RT-6); the first is always reported, known or not.
    /// </summary>
    public static IEnumerable<string> InIdentifier(string identifier, IReadOnlySet<string> known)
    {
        foreach (Match match in Named().Matches(identifier))
        {
            var stem = match.Groups["cc"].Success ? "CC-" : $"{match.Groups["prefix"].Value}-{match.Groups["topic"].Value}-";
            var numbers = match.Groups["nums"].Value.Split('_', StringSplitOptions.RemoveEmptyEntries)
                .Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToList();
            if (match.Groups["to"].Success)
            {
                var to = int.Parse(match.Groups["to"].Value, CultureInfo.InvariantCulture);
                numbers.AddRange(Enumerable.Range(numbers[^1] + 1, Math.Max(0, to - numbers[^1])));
            }

            yield return stem + numbers[0];
            foreach (var n in numbers.Skip(1).Where(n => known.Contains(stem + n)))
                yield return stem + n;
        }
    }

    /// <summary>A comment without its examples: <c>e.g. &lt;c&gt;HSB-RT-3&lt;/c&gt;</c> shows what an ID looks like, it does not refer to the rule.</summary>
    public static string WithoutExamples(string comment) => Example().Replace(comment, "");

    [GeneratedRegex(@"e\.g\.\s*<c>[^<]*</c>")]
    private static partial Regex Example();

    [GeneratedRegex(@"\b(?:(?<prefix>HSB|WZ|HL|QU|HK)-(?<topic>[A-Z]{2,4})-(?<n>\d+)|CC-(?<cc>\d+))(?<more>(?:(?:\.\.|…|–|/)\d+)*)")]
    private static partial Regex Written();

    [GeneratedRegex(@"(?<sep>\.\.|…|–|/)(?<n>\d+)")]
    private static partial Regex Continuation();

    [GeneratedRegex(@"(?<![A-Za-z0-9])(?:(?<prefix>HSB|WZ|HL|QU|HK)_(?<topic>[A-Z]{2,4})|(?<cc>CC))(?<nums>(?:_\d+)+)(?:_to_(?<to>\d+))?")]
    private static partial Regex Named();
}
