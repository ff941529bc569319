using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hotline.Tickets.Notices;

/// <summary>A notice rendered from a template: what the outbox stores and the transports send.</summary>
public sealed record RenderedNotice(string Kind, string Subject, string Body);

/// <summary>
/// The zh-CN notice templates shipped with the product (<c>Templates/zh-CN.json</c>). A template names its
/// values as <c>{placeholder}</c>; rendering with a value missing is an error, so a notice never goes out
/// with a hole in it.
/// </summary>
public sealed partial class NoticeTemplates
{
    private readonly Dictionary<string, Template> templates;

    private NoticeTemplates(Dictionary<string, Template> templates) => this.templates = templates;

    public static NoticeTemplates Default { get; } = LoadEmbedded();

    public IReadOnlyCollection<string> Kinds => templates.Keys;

    public IReadOnlyCollection<string> PlaceholdersOf(string kind) => Find(kind).Placeholders;

    public RenderedNotice Render(string kind, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var template = Find(kind);
        var missing = template.Placeholders.Where(p => !values.ContainsKey(p)).ToList();
        if (missing.Count > 0)
        {
            throw new ArgumentException(
                $"Notice template '{kind}' needs values for: {string.Join(", ", missing)}.", nameof(values));
        }

        return new RenderedNotice(kind, Fill(template.Subject, values), Fill(template.Body, values));
    }

    private Template Find(string kind) =>
        templates.TryGetValue(kind, out var template)
            ? template
            : throw new ArgumentException($"There is no notice template '{kind}'.", nameof(kind));

    private static string Fill(string text, IReadOnlyDictionary<string, string?> values) =>
        Placeholder().Replace(text, m => values[m.Groups[1].Value] ?? "");

    private static NoticeTemplates LoadEmbedded()
    {
        using var stream = typeof(NoticeTemplates).Assembly.GetManifestResourceStream("Hotline.Tickets.Notices.Templates.zh-CN.json")
            ?? throw new InvalidOperationException("The notice templates resource is missing from the assembly.");
        var raw = JsonSerializer.Deserialize<Dictionary<string, RawTemplate>>(stream, JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException("The notice templates resource is empty.");
        return new NoticeTemplates(raw.ToDictionary(
            pair => pair.Key,
            pair => new Template(pair.Value.Subject, pair.Value.Body, PlaceholdersIn(pair.Value.Subject + pair.Value.Body))));
    }

    private static string[] PlaceholdersIn(string text) =>
        Placeholder().Matches(text).Select(m => m.Groups[1].Value).Distinct().ToArray();

    [GeneratedRegex(@"\{([a-zA-Z][a-zA-Z0-9]*)\}")]
    private static partial Regex Placeholder();

    private sealed record RawTemplate(string Subject, string Body);

    private sealed record Template(string Subject, string Body, string[] Placeholders);
}
