using Hotline.RulesIndex;

// dotnet run --project tools/RulesIndex            rewrites the generated columns of docs/rules.md
// dotnet run --project tools/RulesIndex -- --check  only reports; exit 1 when the index is stale or a rule reference is wrong
var check = args.Contains("--check");
var root = Root(Directory.GetCurrentDirectory()) ?? Root(AppContext.BaseDirectory)
    ?? throw new InvalidOperationException("Run this inside the repository (no Hotline.Elsa.sln above the current folder).");
var result = RuleIndex.Build(root);
foreach (var problem in result.Problems)
    Console.Error.WriteLine(problem);

if (check)
{
    if (result.IsStale)
        Console.Error.WriteLine($"{RulesDocument.Path} is stale: run dotnet run --project tools/RulesIndex");
    return result.IsStale || result.Problems.Count > 0 ? 1 : 0;
}

if (result.IsStale)
    File.WriteAllText(Path.Combine(root, RulesDocument.Path), result.Generated);
var rows = RulesDocument.Parse(result.Generated).Rows.ToList();
Console.WriteLine($"{RulesDocument.Path}: {rows.Count} rules, {rows.Count(r => r.Enforced != "—" && !r.IsNotApplicable)} with places in src/, " +
    $"{rows.Count(r => r.IsNotApplicable)} not applicable, {rows.Count(r => r.TestedBy != "—")} cited by tests{(result.IsStale ? "; rewritten" : "; unchanged")}.");
return result.Problems.Count > 0 ? 1 : 0;

static string? Root(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Hotline.Elsa.sln")))
            return dir.FullName;
    }
    return null;
}
