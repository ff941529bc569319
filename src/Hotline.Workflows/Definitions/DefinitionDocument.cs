using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Hotline.Workflows.Definitions;

/// <summary>
/// Converts between the Elsa definition document (what Studio posts, what files and exports hold) and
/// what a <see cref="WorkflowDefinitionRecord"/> stores: identity and version flags live in columns, the
/// rest in the JSON text, and reading puts the columns back into the document.
/// </summary>
public static class DefinitionDocument
{
    /// <summary>The <c>$schema</c> an export carries, as Elsa 3 writes it.</summary>
    public const string Schema = "https://elsaworkflows.io/schemas/workflow-definition/v3.0.0/schema.json";

    // Kept in columns (or computed per request, like links), never in the stored text.
    private static readonly string[] ColumnFields =
        ["$schema", "id", "definitionId", "name", "description", "createdAt", "version", "isLatest", "isPublished", "isSystem", "isReadonly", "links", "tenantId", "materializerName", "providerName"];

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Parses a document, refusing anything that is not a JSON object.</summary>
    public static JsonObject Parse(string json)
    {
        try
        {
            return JsonNode.Parse(json) as JsonObject
                ?? throw WorkflowDefinitionValidationException.For("model", "A workflow definition must be a JSON object.");
        }
        catch (JsonException exception)
        {
            throw WorkflowDefinitionValidationException.For("model", $"The workflow definition is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>
    /// The stored text for a posted document: identity fields removed, and the collections Studio
    /// dereferences defaulted (Studio posts nulls for them on create).
    /// </summary>
    public static string ToStoredJson(JsonObject model)
    {
        var content = new JsonObject();
        foreach (var (key, value) in model)
        {
            if (!ColumnFields.Contains(key))
            {
                content[key] = value?.DeepClone();
            }
        }

        foreach (var key in (string[])["variables", "inputs", "outputs", "outcomes"])
        {
            content[key] ??= new JsonArray();
        }

        content["customProperties"] ??= new JsonObject();
        content["options"] ??= new JsonObject { ["autoUpdateConsumingWorkflows"] = false };
        return content.ToJsonString(Compact);
    }

    /// <summary>Hex SHA-256 of the stored text.</summary>
    public static string Hash(string storedJson) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(storedJson)));

    /// <summary>The full Elsa document of a version: columns first, then the stored content.</summary>
    public static JsonObject ToDocument(WorkflowDefinitionRecord record, bool withSchema = false)
    {
        var document = new JsonObject();
        if (withSchema)
        {
            document["$schema"] = Schema;
        }

        document["id"] = record.Id;
        document["definitionId"] = record.DefinitionId;
        document["name"] = record.Name;
        document["description"] = record.Description;
        document["createdAt"] = record.CreatedAt;
        document["version"] = record.Version;
        foreach (var (key, value) in Parse(record.Json))
        {
            document[key] = value?.DeepClone();
        }

        document["isReadonly"] = false;
        document["isSystem"] = record.IsSystem;
        document["isLatest"] = record.IsLatest;
        document["isPublished"] = record.IsPublished;
        document["materializerName"] = "Json";
        return document;
    }

    internal static string? ReadString(JsonObject model, string key) =>
        model[key] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text) ? text.Trim() : null;

    internal static int? ReadInt(JsonObject model, string key) =>
        model[key] is JsonValue value && value.TryGetValue<int>(out var number) ? number : null;

    internal static bool ReadBool(JsonObject model, string key) =>
        model[key] is JsonValue value && value.TryGetValue<bool>(out var flag) && flag;
}
