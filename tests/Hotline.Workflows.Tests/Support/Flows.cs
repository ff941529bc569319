using System.Text.Json.Nodes;

namespace Hotline.Workflows.Tests.Support;

/// <summary>Builds Elsa-shaped definition JSON for tests, in the exact form Studio writes.</summary>
internal static class Flows
{
    public static JsonObject Literal(string value, string typeName = "String") => Expression("Literal", value, typeName);

    public static JsonObject JavaScript(string code, string typeName = "Object") => Expression("JavaScript", code, typeName);

    public static JsonObject Expression(string type, string value, string typeName = "Object") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = type, ["value"] = value },
    };

    public static JsonObject Activity(string id, string type, params (string Key, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject();
        foreach (var (key, value) in properties)
            activity[key] = value;
        activity["id"] = id;
        activity["nodeId"] = "";
        activity["name"] = id;
        activity["type"] = type;
        activity["version"] = 1;
        activity["customProperties"] = new JsonObject();
        activity["metadata"] = new JsonObject();
        return activity;
    }

    public static JsonObject Container(string id, string type, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections, IEnumerable<JsonObject>? variables = null)
    {
        var container = Activity(id, type);
        container["activities"] = new JsonArray([.. activities]);
        container["variables"] = new JsonArray([.. variables ?? []]);
        container["connections"] = new JsonArray([.. connections]);
        return container;
    }

    public static JsonObject Flowchart(IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections, IEnumerable<JsonObject>? variables = null) =>
        Container("flowchart1", "Elsa.Flowchart", activities, connections, variables);

    public static JsonObject Connect(string source, string target, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    public static JsonObject Variable(string id, string name, string typeName = "String", string? value = null) => new()
    {
        ["id"] = id,
        ["name"] = name,
        ["typeName"] = typeName,
        ["isArray"] = false,
        ["value"] = value,
        ["storageDriverTypeName"] = "Elsa.Workflows.WorkflowInstanceStorageDriver, Elsa.Workflows.Core",
    };

    /// <summary>A variable reference as Studio stores it in a Variable expression: a JSON string.</summary>
    public static JsonObject VariableRef(string id, string name, string typeName = "Object") =>
        Expression("Variable", new JsonObject { ["id"] = id, ["name"] = name }.ToJsonString(), typeName);

    public static JsonObject Definition(JsonObject root, params JsonObject[] variables) => new()
    {
        ["id"] = "test-v1",
        ["definitionId"] = "test",
        ["name"] = "Test",
        ["createdAt"] = "2025-03-01T08:00:00+00:00",
        ["version"] = 1,
        ["variables"] = new JsonArray([.. variables]),
        ["isLatest"] = true,
        ["isPublished"] = true,
        ["options"] = new JsonObject(),
        ["root"] = root,
    };
}
