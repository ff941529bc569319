using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Hotline.Workflows.Definitions;

/// <summary>
/// What a saved definition must satisfy besides loading (保存时校验): ids from a safe alphabet, since they travel into
/// file names, URLs and logs; every connection between activities that exist (Elsa would keep a dangling one aside,
/// we refuse it, so a definition never says more than it does); and a bounded number of activities, so one
/// definition cannot make every load and run of it expensive. Checked on every save and import path.
/// </summary>
public static partial class DefinitionRules
{
    public const int MaxIdLength = 100;

    public const string UnsafeIdCode = "definition.unsafe-id";
    public const string MissingConnectionTargetCode = "definition.connection-target-missing";
    public const string TooManyActivitiesCode = "definition.too-many-activities";

    /// <summary>Letters, digits, <c>-</c> and <c>_</c>, 1 to 100 of them.</summary>
    public static bool IsSafeId(string? id) => id is not null && SafeId().IsMatch(id);

    /// <summary>
    /// <paramref name="text"/> as a file name part: every character but ASCII letters, digits, <c>-</c> and <c>_</c>
    /// (Unicode letters and digits too, when <paramref name="unicodeLetters"/>) becomes <c>-</c>, at most 100 of them;
    /// so no stored value, however old, names a path (<c>../</c>, <c>\</c>, a drive) in an export.
    /// </summary>
    public static string FileNamePart(string? text, string fallback, bool unicodeLetters = false)
    {
        var safe = new string((text ?? "").Take(MaxIdLength)
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' || (unicodeLetters && char.IsLetterOrDigit(c)) ? c : '-')
            .ToArray());
        return safe.Trim('-').Length == 0 ? fallback : safe;
    }

    /// <summary>Throws <see cref="WorkflowDefinitionValidationException"/> (with the rule's code) for the first rule broken.</summary>
    public static void Check(JsonObject model, int maxActivities)
    {
        var unsafeIds = new Dictionary<string, string[]>();
        foreach (var field in (string[])["definitionId", "id"])
        {
            // Empty means "none yet": the store gives the definition an id.
            if (model[field] is JsonValue value && value.GetValueKind() == JsonValueKind.String
                && !string.IsNullOrWhiteSpace(value.GetValue<string>()) && !IsSafeId(value.GetValue<string>()))
                unsafeIds[field] = [UnsafeIdMessage(field, value.GetValue<string>())];
        }

        var activities = new List<JsonObject>();
        if (model["root"] is JsonObject root)
            Collect(root, activities);
        foreach (var activity in activities)
        {
            var id = activity["id"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            if (id is not null && !IsSafeId(id))
                unsafeIds[$"{Shown(id)}.id"] = [UnsafeIdMessage("activity id", id)];
        }

        if (unsafeIds.Count > 0)
            throw new WorkflowDefinitionValidationException(unsafeIds) { Code = UnsafeIdCode };

        if (activities.Count > maxActivities)
        {
            throw new WorkflowDefinitionValidationException(new Dictionary<string, string[]>
            {
                ["root"] = [string.Create(CultureInfo.InvariantCulture, $"The definition has {activities.Count} activities; at most {maxActivities} are allowed.")],
            }) { Code = TooManyActivitiesCode };
        }

        var dangling = new Dictionary<string, string[]>();
        foreach (var container in activities.Where(a => a["connections"] is JsonArray))
            CheckConnections(container, dangling);
        if (dangling.Count > 0)
            throw new WorkflowDefinitionValidationException(dangling) { Code = MissingConnectionTargetCode };
    }

    private static void Collect(JsonObject activity, List<JsonObject> into)
    {
        into.Add(activity);
        foreach (var child in (activity["activities"] as JsonArray ?? []).OfType<JsonObject>())
            Collect(child, into);
    }

    private static void CheckConnections(JsonObject container, Dictionary<string, string[]> dangling)
    {
        var children = (container["activities"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(a => a["id"]?.ToString()).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var connections = (JsonArray)container["connections"]!;
        var containerId = container["id"]?.ToString() ?? "root";
        for (var i = 0; i < connections.Count; i++)
        {
            if (connections[i] is not JsonObject connection)
                continue;

            // The nested form {source:{activity},target:{activity}} or the older flat one {source:"id",target:"id"}.
            var missing = new[] { End(connection, "source"), End(connection, "target") }
                .Where(end => end is not null && !children.Contains(end))
                .ToList();
            if (missing.Count > 0)
            {
                dangling[$"{Shown(containerId)}.connections[{i}]"] =
                    [$"The connection joins {string.Join(" and ", missing.Select(m => $"'{Shown(m!)}'"))}, which {(missing.Count == 1 ? "is" : "are")} not an activity of '{Shown(containerId)}'."];
            }
        }
    }

    private static string? End(JsonObject connection, string side) => connection[side] switch
    {
        JsonObject end => end["activity"]?.ToString(),
        JsonValue id => id.ToString(),
        _ => null,
    };

    private static string UnsafeIdMessage(string what, string id) =>
        string.Create(CultureInfo.InvariantCulture, $"The {what} '{Shown(id)}' may use only letters, digits, '-' and '_', at most {MaxIdLength} of them.");

    // An id echoed in a message is cut short, so a megabyte id does not come back in the answer.
    private static string Shown(string id) => id.Length <= MaxIdLength ? id : id[..MaxIdLength] + "…";

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeId();
}
