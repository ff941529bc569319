using System.Text.Json.Nodes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Hotline.RulesIndex;

/// <summary>How a place refers to a rule: it cites it when it acts (a refusal, an event, a clock, a profile value), or only names it in a comment.</summary>
public enum Reference
{
    Cites,
    Names,
}

/// <summary>One place that refers to a rule: <paramref name="Place"/> is what the index shows, <paramref name="Where"/> the file and line.</summary>
public sealed record Mention(string RuleId, string Place, Reference Kind, string Where);

/// <summary>A profile's error-code → rule IDs entry (<c>"return.window-closed": ["HSB-RT-3"]</c>).</summary>
public sealed record ProfileCitation(string Profile, string Key, string RuleId);

/// <summary>What the sources say about rules: where src/ refers to each, the profiles' citations, and which tests cite each.</summary>
public sealed record SourceFindings(
    IReadOnlyList<Mention> Code,
    IReadOnlyList<ProfileCitation> Citations,
    IReadOnlySet<string> CitationKeysRaised,
    IReadOnlyList<Mention> Tests);

/// <summary>Reads src/ (C#, Razor, the policy profiles) and tests/ (C#) for rule IDs.</summary>
public static class SourceScan
{
    public const string ProfilesFolder = "src/Hotline.Tickets/Policies/Profiles";

    /// <summary>The domain reads the profiles' citations; elsewhere an error code is only shown or mapped to HTTP, not raised.</summary>
    public const string CitingProject = "src/Hotline.Tickets/";

    public static SourceFindings Run(string root, IReadOnlySet<string> known)
    {
        var code = new List<Mention>();
        var citations = Profiles(root, code);
        var keys = citations.Select(c => c.Key).ToHashSet(StringComparer.Ordinal);
        var trees = CSharpFiles(root, "src").Select(f => Parse(root, f)).ToList();
        var keyConstants = trees.SelectMany(t => t.GetRoot().DescendantNodes().OfType<FieldDeclarationSyntax>())
            .Where(f => f.Modifiers.Any(SyntaxKind.ConstKeyword))
            .SelectMany(f => f.Declaration.Variables)
            .Where(v => v.Initializer?.Value is LiteralExpressionSyntax { Token.ValueText: var value } && keys.Contains(value))
            .ToDictionary(v => v.Identifier.Text, v => ((LiteralExpressionSyntax)v.Initializer!.Value).Token.ValueText, StringComparer.Ordinal);
        var raised = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tree in trees)
            SourceFile(tree, tree.FilePath.StartsWith(CitingProject, StringComparison.Ordinal) ? citations : [], keyConstants, raised, code);

        foreach (var razor in Files(root, "src", "*.razor"))
        {
            var lines = File.ReadAllLines(razor);
            for (var i = 0; i < lines.Length; i++)
                code.AddRange(RuleIdText.InText(lines[i]).Select(id => new Mention(id, $"`{Path.GetFileNameWithoutExtension(razor)}`", Reference.Names, Where(root, razor, i + 1))));
        }

        var tests = new List<Mention>();
        foreach (var file in CSharpFiles(root, "tests"))
            TestFile(Parse(root, file), known, tests);

        return new SourceFindings(code, citations, raised, tests);
    }

    /// <summary>The profiles' <c>citations</c>, and every <c>ruleIds</c> array as a place that cites its rules (e.g. <c>`qu.json` handling.limits</c>).</summary>
    private static List<ProfileCitation> Profiles(string root, List<Mention> code)
    {
        var citations = new List<ProfileCitation>();
        foreach (var file in Directory.GetFiles(Path.Combine(root, ProfilesFolder), "*.json").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(file);
            var document = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            foreach (var (key, ids) in document["citations"]?.AsObject() ?? [])
                citations.AddRange(ids!.AsArray().Select(id => new ProfileCitation(name, key, RuleOf(id!.GetValue<string>()))));
            RuleIdArrays(document, "", name, Where(root, file, 0), code);
        }
        return citations;
    }

    /// <summary>The rule of a citation that names one of its items, e.g. <c>HSB-RT-5(6)</c> → <c>HSB-RT-5</c>.</summary>
    private static string RuleOf(string citation) => citation.IndexOf('(', StringComparison.Ordinal) is > 0 and var at ? citation[..at] : citation;

    private static void RuleIdArrays(JsonNode? node, string path, string profile, string where, List<Mention> code)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (key == "ruleIds" && value is JsonArray ids)
                        code.AddRange(ids.Select(id => new Mention(id!.GetValue<string>(), $"`{profile}` {path}", Reference.Cites, where)));
                    else if (key != "citations")
                        RuleIdArrays(value, path.Length == 0 ? key : $"{path}.{key}", profile, where, code);
                }
                break;
            case JsonArray array:
                foreach (var item in array)
                    RuleIdArrays(item, path, profile, where, code);
                break;
        }
    }

    private static void SourceFile(SyntaxTree tree, List<ProfileCitation> citations, Dictionary<string, string> keyConstants,
        HashSet<string> raised, List<Mention> code)
    {
        foreach (var token in tree.GetRoot().DescendantTokens())
        {
            var place = Place(token);
            var line = tree.GetLineSpan(token.Span).StartLinePosition.Line + 1;
            string? key = null;
            if (IsString(token))
            {
                code.AddRange(RuleIdText.InText(token.ValueText).Select(id => new Mention(id, place, Reference.Cites, $"{tree.FilePath}:{line}")));
                if (!IsConstantDeclaration(token))
                    key = token.ValueText;
            }
            else if (token.IsKind(SyntaxKind.IdentifierToken) && token.Parent is IdentifierNameSyntax && keyConstants.TryGetValue(token.Text, out var value))
            {
                key = value;
            }

            if (key is not null && citations.Any(c => c.Key == key))
            {
                raised.Add(key);
                code.AddRange(citations.Where(c => c.Key == key).Select(c => new Mention(c.RuleId, place, Reference.Cites, $"{tree.FilePath}:{line}")));
            }

            foreach (var trivia in token.LeadingTrivia.Concat(token.TrailingTrivia).Where(IsComment))
            {
                var at = $"{tree.FilePath}:{tree.GetLineSpan(trivia.Span).StartLinePosition.Line + 1}";
                code.AddRange(RuleIdText.InText(RuleIdText.WithoutExamples(trivia.ToFullString())).Select(id => new Mention(id, place, Reference.Names, at)));
            }
        }
    }

    /// <summary>Test methods ([Fact], [Theory]) cite a rule by name, in a string or in a comment; a test class by its name or its comments.</summary>
    private static void TestFile(SyntaxTree tree, IReadOnlySet<string> known, List<Mention> tests)
    {
        foreach (var type in tree.GetRoot().DescendantNodes().OfType<TypeDeclarationSyntax>())
        {
            var where = $"{tree.FilePath}:{tree.GetLineSpan(type.Identifier.Span).StartLinePosition.Line + 1}";
            var typeIds = RuleIdText.InIdentifier(type.Identifier.Text, known)
                .Concat(type.GetLeadingTrivia().Where(IsComment).SelectMany(t => RuleIdText.InText(t.ToFullString())));
            tests.AddRange(typeIds.Select(id => new Mention(id, $"`{type.Identifier.Text}`", Reference.Cites, where)));

            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>().Where(IsTest))
            {
                var at = $"{tree.FilePath}:{tree.GetLineSpan(method.Identifier.Span).StartLinePosition.Line + 1}";
                var text = method.DescendantTokens().Where(IsString).Select(t => t.ValueText)
                    .Concat(method.DescendantTrivia().Where(IsComment).Select(t => t.ToFullString()));
                var ids = RuleIdText.InIdentifier(method.Identifier.Text, known).Concat(text.SelectMany(RuleIdText.InText));
                tests.AddRange(ids.Select(id => new Mention(id, $"`{type.Identifier.Text}.{method.Identifier.Text}`", Reference.Cites, at)));
            }
        }
    }

    private static bool IsTest(MethodDeclarationSyntax method) =>
        method.AttributeLists.SelectMany(l => l.Attributes).Any(a => a.Name.ToString() is var n && (n.EndsWith("Fact", StringComparison.Ordinal) || n.EndsWith("Theory", StringComparison.Ordinal)));

    /// <summary>The index's name for where a token sits: <c>Type.Member</c>, the type alone (also for its constructors), or the file for top-level code.</summary>
    private static string Place(SyntaxToken token)
    {
        string? member = null;
        for (var node = token.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case BaseTypeDeclarationSyntax type:
                    return $"`{(member is null ? type.Identifier.Text : $"{type.Identifier.Text}.{member}")}`";
                case DelegateDeclarationSyntax d:
                    return $"`{d.Identifier.Text}`";
                case MethodDeclarationSyntax m:
                    member ??= m.Identifier.Text;
                    break;
                case PropertyDeclarationSyntax p:
                    member ??= p.Identifier.Text;
                    break;
                case BaseFieldDeclarationSyntax f:
                    member ??= f.Declaration.Variables[0].Identifier.Text;
                    break;
                case EnumMemberDeclarationSyntax e:
                    member ??= e.Identifier.Text;
                    break;
                case EventDeclarationSyntax e:
                    member ??= e.Identifier.Text;
                    break;
                case IndexerDeclarationSyntax:
                    member ??= "this[]";
                    break;
                case OperatorDeclarationSyntax o:
                    member ??= $"operator {o.OperatorToken.Text}";
                    break;
            }
        }
        return $"`{Path.GetFileNameWithoutExtension(token.SyntaxTree!.FilePath)}`";
    }

    private static bool IsString(SyntaxToken token) => token.Kind() is SyntaxKind.StringLiteralToken or SyntaxKind.Utf8StringLiteralToken
        or SyntaxKind.InterpolatedStringTextToken or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken;

    private static bool IsComment(SyntaxTrivia trivia) => trivia.Kind() is SyntaxKind.SingleLineCommentTrivia or SyntaxKind.MultiLineCommentTrivia
        or SyntaxKind.SingleLineDocumentationCommentTrivia or SyntaxKind.MultiLineDocumentationCommentTrivia;

    /// <summary>The value of a constant (<c>const string ReturnWindowClosed = "return.window-closed"</c>) is where the code is defined, not raised.</summary>
    private static bool IsConstantDeclaration(SyntaxToken token) =>
        token.Parent?.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent.Parent: FieldDeclarationSyntax field } }
        && field.Modifiers.Any(SyntaxKind.ConstKeyword);

    private static SyntaxTree Parse(string root, string file) =>
        CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: Path.GetRelativePath(root, file).Replace('\\', '/'));

    private static IEnumerable<string> CSharpFiles(string root, string folder) =>
        Files(root, folder, "*.cs").Where(f => !f.Replace('\\', '/').Contains("/Migrations/", StringComparison.Ordinal));

    private static IEnumerable<string> Files(string root, string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(root, folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Replace('\\', '/').Split('/').Any(part => part is "bin" or "obj" or "node_modules"))
            .Order(StringComparer.Ordinal);

    private static string Where(string root, string file, int line) =>
        Path.GetRelativePath(root, file).Replace('\\', '/') + (line > 0 ? $":{line}" : "");
}
