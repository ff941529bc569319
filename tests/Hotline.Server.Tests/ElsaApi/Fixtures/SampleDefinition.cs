using System.Text.Json.Nodes;

namespace Hotline.Server.Tests.ElsaApi.Fixtures;

/// <summary>The Studio contract's sample definition (docs/studio.md), kept beside this file as a fixture.</summary>
internal static class SampleDefinition
{
    public const string DefinitionId = "hotline-sample";

    public static JsonObject Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "ElsaApi", "Fixtures", "sample-definition.json")))!.AsObject();

    /// <summary>What Studio's "Create workflow" posts: nulls everywhere, a root without nodeId or activities.</summary>
    public static object StudioCreateBody(string name) => new
    {
        model = new JsonObject
        {
            ["id"] = null, ["definitionId"] = null, ["name"] = name, ["description"] = "",
            ["createdAt"] = "0001-01-01T00:00:00+00:00", ["version"] = 1, ["toolVersion"] = "3.8.2.0",
            ["isLatest"] = false, ["isPublished"] = false, ["isReadonly"] = false,
            ["links"] = null, ["options"] = null, ["variables"] = null, ["inputs"] = null, ["outputs"] = null,
            ["outcomes"] = null, ["customProperties"] = null,
            ["root"] = new JsonObject { ["id"] = "a1b2c3d4e5f60718", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["name"] = "Flowchart1" },
        },
        publish = false,
    };
}
