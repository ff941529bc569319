using System.Text.Json.Nodes;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Serialization;

namespace Hotline.Server.ElsaApi.Definitions;

/// <summary>
/// What Studio posts, checked and normalized by the engine before it is stored: every activity type must be
/// registered (else the designer shows a blank canvas), every nodeId is recomputed (Studio's "create" sends a root
/// without one, and renaming an id leaves a stale one), and unknown properties are carried through.
/// </summary>
internal static class DefinitionModel
{
    public static JsonObject Normalize(JsonObject model, ActivityRegistry registry)
    {
        var definition = WorkflowDefinitionSerializer.Parse(model, registry);
        var normalized = WorkflowDefinitionSerializer.ToJsonObject(definition);
        // Identity stays as posted: an empty id or definitionId means "new", which the store decides.
        foreach (var key in (string[])["id", "definitionId"])
        {
            normalized[key] = model[key]?.DeepClone();
        }

        return normalized;
    }
}
