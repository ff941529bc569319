using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;

namespace Hotline.Server.ElsaApi.Definitions;

/// <summary>A row of Studio's definition list (<c>WorkflowDefinitionSummary</c>).</summary>
public sealed record DefinitionSummary(
    string Id,
    string DefinitionId,
    string? Name,
    string? Description,
    int Version,
    string? ToolVersion,
    bool IsLatest,
    bool IsPublished,
    DateTimeOffset CreatedAt,
    bool IsReadonly,
    string MaterializerName,
    bool IsMaterializerAvailable,
    string? ProviderName,
    IReadOnlyList<ElsaLink> Links);

/// <summary>Studio's answer to a save, publish or import: the definition that replaces the editor's copy.</summary>
public sealed record DefinitionSaved(JsonObject WorkflowDefinition, bool AlreadyPublished, int ConsumingWorkflowCount);

/// <summary>
/// Turns stored versions into what Studio reads, adding the links that carry the caller's permissions: a version
/// without a <c>publish</c> link, or not the latest, opens read-only in the designer.
/// </summary>
internal static class DefinitionViews
{
    public static JsonObject Full(WorkflowDefinitionRecord record, StudioCaller caller)
    {
        var document = DefinitionDocument.ToDocument(record);
        document["isReadonly"] = !caller.CanDesign;
        document["providerName"] ??= null;
        document["links"] = JsonSerializer.SerializeToNode(Links(record.DefinitionId, caller), ElsaApiJson.Options);
        return document;
    }

    public static DefinitionSummary Summary(WorkflowDefinitionRecord record, StudioCaller caller) => new(
        record.Id,
        record.DefinitionId,
        record.Name,
        record.Description,
        record.Version,
        ToolVersion(record),
        record.IsLatest,
        record.IsPublished,
        record.CreatedAt,
        !caller.CanDesign,
        "Json",
        true,
        null,
        Links(record.DefinitionId, caller));

    public static IReadOnlyList<ElsaLink> Links(string definitionId, StudioCaller caller)
    {
        if (!caller.CanDesign)
        {
            return [];
        }

        var self = $"/workflow-definitions/{Uri.EscapeDataString(definitionId)}";
        return
        [
            new(self + "/publish", "publish", "POST"),
            new(self + "/retract", "retract", "POST"),
            new(self + "/execute", "execute", "POST"),
            new(self, "delete", "DELETE"),
        ];
    }

    /// <summary>List-level links: without <c>bulk-publish</c> Studio shows the whole table read-only.</summary>
    public static IReadOnlyList<ElsaLink> ListLinks(StudioCaller caller) => caller.CanDesign
        ?
        [
            new("/bulk-actions/publish/workflow-definitions/by-definition-ids", "bulk-publish", "POST"),
            new("/bulk-actions/retract/workflow-definitions/by-definition-ids", "bulk-retract", "POST"),
            new("/bulk-actions/delete/workflow-definitions/by-definition-id", "bulk-delete", "POST"),
        ]
        : [];

    // The tool version lives in the stored document, not in a column; read just that property.
    private static string? ToolVersion(WorkflowDefinitionRecord record)
    {
        var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(record.Json));
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("toolVersion"))
            {
                reader.Read();
                return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray && reader.CurrentDepth >= 1)
            {
                reader.Skip();
            }
        }

        return null;
    }
}
