using System.Reflection;
using System.Text.RegularExpressions;
using Hotline.Application.Tickets;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tickets;
using Hotline.Tickets.Tickets;
using Hotline.Workbench;
using Hotline.Workflows.Runtime;

namespace Hotline.Server.Tests.Architecture;

/// <summary>
/// The reference rules of docs/architecture.md, read from its table and checked against the assembly references the
/// compiler wrote: a project that starts using what the page says it may not fails here, and so does a page whose
/// table lost a project or a rule.
/// </summary>
public sealed partial class ArchitectureTests
{
    private static readonly Assembly[] Projects =
    [
        typeof(WorkflowRuntime).Assembly,
        typeof(Ticket).Assembly,
        typeof(TicketActionRunner).Assembly,
        typeof(WorkbenchHosting).Assembly,
        typeof(TicketEndpoints).Assembly,
    ];

    [GeneratedRegex(@"`([^`]+)`")]
    private static partial Regex Quoted();

    public static TheoryData<string> ProjectNames => [.. Projects.Select(p => p.GetName().Name!)];

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public void A_project_references_nothing_the_architecture_forbids(string project)
    {
        var rule = Rules()[project];
        var references = Projects.Single(p => p.GetName().Name == project).GetReferencedAssemblies().Select(a => a.Name!).ToList();

        var forbidden = references
            .Where(r => rule.Forbidden.Any(f => Matches(f, r)) && !rule.Excepted.Any(e => Matches(e, r)))
            .ToList();

        Assert.True(forbidden.Count == 0, $"{project} references {string.Join(", ", forbidden)}, which docs/architecture.md says it may not.");
    }

    [Fact]
    public void The_table_names_every_project_and_the_rules_catch_a_breach()
    {
        var rules = Rules();
        Assert.Equal(Projects.Select(p => p.GetName().Name!).Order(), rules.Keys.Order());
        // The rules bite: the engine may not see ASP.NET Core nor the domain, the workbench may not see EF Core.
        Assert.Contains(rules["Hotline.Workflows"].Forbidden, f => Matches(f, "Microsoft.AspNetCore.Http.Abstractions"));
        Assert.Contains(rules["Hotline.Workflows"].Forbidden, f => Matches(f, "Hotline.Tickets"));
        Assert.Contains(rules["Hotline.Workbench"].Forbidden, f => Matches(f, "Microsoft.EntityFrameworkCore"));
        Assert.Contains(rules["Hotline.Application"].Forbidden, f => Matches(f, "Hotline.Server"));
    }

    private sealed record Rule(IReadOnlyList<string> Forbidden, IReadOnlyList<string> Excepted);

    /// <summary>The table under "What each project may reference": project, may, may not, except.</summary>
    private static Dictionary<string, Rule> Rules()
    {
        var lines = File.ReadAllLines(System.IO.Path.Combine(RepositoryRoot.Path, "docs", "architecture.md"));
        var start = Array.FindIndex(lines, l => l.StartsWith("## What each project may reference", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/architecture.md has no section 'What each project may reference'.");
        var rules = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var line in lines.Skip(start + 1).SkipWhile(l => !l.StartsWith('|')).TakeWhile(l => l.StartsWith('|')).Skip(2))
        {
            var cells = line.Split('|')[1..^1];
            var project = Quoted().Match(cells[0]).Groups[1].Value;
            rules[project] = new Rule(Names(cells[2]), Names(cells[3]));
        }

        return rules;
    }

    private static List<string> Names(string cell) => [.. Quoted().Matches(cell).Select(m => m.Groups[1].Value)];

    /// <summary>An exact name, or a prefix ending in <c>*</c> (<c>Hotline.*</c> is every Hotline assembly).</summary>
    private static bool Matches(string pattern, string assembly) =>
        pattern.EndsWith('*') ? assembly.StartsWith(pattern[..^1], StringComparison.Ordinal) : assembly == pattern;
}
