using System.Text.Json.Nodes;
using Hotline.RulesIndex;

namespace Hotline.Tickets.Tests.Rules;

/// <summary>
/// docs/rules.md against the code: the same generator as <c>dotnet run --project tools/RulesIndex</c>, run over the
/// repository, must find nothing wrong and change nothing; and, over a small made-up repository, it must catch each fault.
/// </summary>
public sealed class RulesIndexTests
{
    // One scan of the repository (every C# file parsed) serves both of its tests.
    private static readonly Lazy<RuleIndexResult> Scanned = new(() => RuleIndex.Build(Repository.Root));

    [Fact]
    public void Every_rule_in_the_profiles_and_in_src_is_enforced_or_marked_not_applicable_and_every_cited_id_is_indexed()
    {
        var result = Scanned.Value;

        Assert.True(result.Problems.Count == 0, string.Join('\n', result.Problems));
    }

    [Fact]
    public void The_generated_columns_of_docs_rules_md_are_current()
    {
        var result = Scanned.Value;

        var current = result.Current.Split('\n');
        var generated = result.Generated.Split('\n');
        var first = Enumerable.Range(0, Math.Min(current.Length, generated.Length)).FirstOrDefault(i => current[i] != generated[i], -1);
        Assert.False(result.IsStale,
            $"docs/rules.md is stale; run `dotnet run --project tools/RulesIndex`. First difference, line {first + 1}:\n" +
            $"  file:      {(first >= 0 ? current[first] : "")}\n  generated: {(first >= 0 ? generated[first] : "")}");
    }

    [Fact]
    public void Every_profile_names_its_section_of_the_rules_index_as_its_source()
    {
        var root = Repository.Root;
        var index = File.ReadAllText(Path.Combine(root, "docs", "rules.md"));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "src", "Hotline.Tickets", "Policies", "Profiles"), "*.json"))
        {
            var code = Path.GetFileNameWithoutExtension(file);
            Assert.Equal($"docs/rules.md#{code}", JsonNode.Parse(File.ReadAllText(file))!["source"]!.GetValue<string>());
            Assert.Contains($"\n## {code.ToUpperInvariant()}\n", index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule_ids_are_read_with_their_ranges_and_lists_and_test_names_only_extend_to_rules_that_exist()
    {
        Assert.Equal(Ids("QU~URG~1 QU~URG~2 QU~URG~3 HL~DL~2 HL~DL~3 CC~5"),
            RuleIdText.InText(Id("QU~URG~1..3, HL~DL~2/3 (CC~5); ticket HSB-20261009-0001 and incident HL-001 are not rules")));

        Assert.Equal(Ids("HSB~RT~4"), RuleIdText.InText(RuleIdText.WithoutExamples(Id("/// Rule IDs, e.g. <c>HSB~RT~3</c>; escalated by HSB~RT~4."))));

        var known = Ids("HSB~RT~1 HSB~RT~2 HSB~RT~3 HSB~RT~4 HSB~RT~5 CC~9").ToHashSet();
        Assert.Equal(Ids("HSB~RT~5"), RuleIdText.InIdentifier("HSB_RT_5_6_no_return_after_an_extension_application", known));
        Assert.Equal(Ids("HSB~RT~1 HSB~RT~2 HSB~RT~3 HSB~RT~4 HSB~RT~5"), RuleIdText.InIdentifier("HSB_RT_1_to_5_returns", known));
        Assert.Equal(Ids("HSB~EXT~1 CC~9"), RuleIdText.InIdentifier("A_03_HSB_EXT_1_CC_9_moves_the_deadline_by_2_days", known));
    }

    [Fact]
    public void A_made_up_repository_shows_each_fault_the_index_test_reports()
    {
        using var repo = new TemporaryRepository();
        repo.Write("docs/rules.md", """
            # Rules
            <!-- rules-index:begin -->
            | ID | rule | enforced where | tested by |
            |---|---|---|---|
            | QU~RT~1 | Return within 1 wd | — | — |
            | QU~RT~2 | A late return counts as overdue | — | — |
            | QU~ORG~1 | The centre reviews returns | not applicable: an organisational duty | — |
            | QU~TRM~3 | Harassment goes to the judicial organs | — | — |
            <!-- rules-index:end -->
            """);
        repo.Write("src/Hotline.Tickets/Policies/Profiles/qu.json", """
            { "code": "QU", "source": "docs/rules.md#qu",
              "citations": { "return.window-closed": ["QU~RT~1"], "return.late-overdue": ["QU~RT~2"], "return.never-raised": ["QU~TRM~3"] } }
            """);
        repo.Write("src/Hotline.Tickets/Returns/Ticket.Returns.cs", """
            namespace X;
            public static class ErrorCodes { public const string ReturnWindowClosed = "return.window-closed"; }
            public sealed class Ticket
            {
                /// <summary>Returns (QU~RT~9 is a typo).</summary>
                public void RequestReturn() => throw new System.Exception(ErrorCodes.ReturnWindowClosed);

                public string Review() => "QU~ORG~1";
            }
            """);
        repo.Write("tests/X.Tests/ReturnTests.cs", """
            public sealed class ReturnTests
            {
                [Fact]
                public void QU_RT_1_a_late_return_is_refused() { }
            }
            """);

        var result = RuleIndex.Build(repo.Root);

        Assert.True(result.IsStale);
        var rows = RulesDocument.Parse(result.Generated).Rows.ToDictionary(r => r.Id);
        Assert.Equal(("`Ticket.RequestReturn`", "`ReturnTests.QU_RT_1_a_late_return_is_refused`"), (rows[Id("QU~RT~1")].Enforced, rows[Id("QU~RT~1")].TestedBy));
        Assert.Equal("not applicable: an organisational duty", rows[Id("QU~ORG~1")].Enforced);
        Assert.Equal("—", rows[Id("QU~RT~2")].Enforced);
        Assert.Collection(result.Problems.Order(StringComparer.Ordinal),
            p => Assert.Contains(Id("QU~ORG~1 is marked not applicable"), p, StringComparison.Ordinal),
            p => Assert.Contains(Id("QU~RT~2 appears in the profiles but nothing in src/ enforces it"), p, StringComparison.Ordinal),
            p => Assert.Contains(Id("QU~TRM~3 appears in the profiles but nothing in src/ enforces it"), p, StringComparison.Ordinal),
            p => Assert.Contains(Id("\"return.late-overdue\" cites QU~RT~2, but no code in src/ raises or records"), p, StringComparison.Ordinal),
            p => Assert.Contains(Id("\"return.never-raised\" cites QU~TRM~3, but no code in src/ raises or records"), p, StringComparison.Ordinal),
            p => Assert.Contains(Id("QU~RT~9 is not a rule of docs/rules.md"), p, StringComparison.Ordinal));
    }

    // The made-up rules are written with ~ so that this file does not cite them: the index scans tests/ too.
    private static string Id(string text) => text.Replace('~', '-');

    private static string[] Ids(string ids) => Id(ids).Split(' ');

    private sealed class TemporaryRepository : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("rules-index-").FullName;

        public void Write(string path, string text)
        {
            var full = Path.Combine(Root, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, Id(text));
        }

        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
