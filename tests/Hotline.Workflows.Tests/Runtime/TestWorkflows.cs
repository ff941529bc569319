using System.Text.Json.Nodes;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>Builds small Elsa definition documents: Start, the given steps in a row, End.</summary>
internal static class TestWorkflows
{
    public static JsonObject Event(string id, string eventName) => Activity(id, "Elsa.Event", ("eventName", "String", eventName));

    public static JsonObject Delay(string id, TimeSpan span) => Activity(id, "Elsa.Delay", ("timeSpan", "TimeSpan", span.ToString("c")));

    public static JsonObject WriteLine(string id, string text) => Activity(id, "Elsa.WriteLine", ("text", "String", text));

    /// <summary>"steps": an instance that waits at event "a", then at event "b".</summary>
    public static JsonObject Steps() => Chain("steps", "Steps", Event("a", "a"), Event("b", "b"));

    /// <summary>The input that resumes an instance waiting at the event <paramref name="name"/>.</summary>
    public static JsonObject Go(string name) => new() { ["eventName"] = name };

    /// <summary>A definition whose flowchart runs Start, then <paramref name="steps"/> in order, then End.</summary>
    public static JsonObject Chain(string definitionId, string name, params JsonObject[] steps)
    {
        JsonObject[] all = [Activity("start", "Elsa.Start"), .. steps, Activity("end", "Elsa.End")];
        var connections = new JsonArray();
        for (var i = 1; i < all.Length; i++)
        {
            connections.Add(Connection(all[i - 1]["id"]!.GetValue<string>(), all[i]["id"]!.GetValue<string>()));
        }

        return new JsonObject
        {
            ["definitionId"] = definitionId,
            ["name"] = name,
            ["root"] = new JsonObject
            {
                ["id"] = "flowchart1",
                ["type"] = "Elsa.Flowchart",
                ["version"] = 1,
                ["activities"] = new JsonArray([.. all]),
                ["connections"] = connections,
            },
        };
    }

    /// <summary>From <paramref name="source"/>'s Done to <paramref name="target"/>.</summary>
    public static JsonObject Connection(string source, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = "Done" },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
        ["vertices"] = new JsonArray(),
    };

    private static JsonObject Activity(string id, string type, params (string Name, string TypeName, string Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (inputName, typeName, value) in inputs)
        {
            activity[inputName] = new JsonObject
            {
                ["typeName"] = typeName,
                ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
            };
        }

        return activity;
    }
}
