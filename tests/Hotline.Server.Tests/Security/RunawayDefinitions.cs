using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hotline.Server.Tests.Security;

/// <summary>Definitions a careless or hostile process owner could draw, and the Elsa API calls that save and run them.</summary>
internal static class RunawayDefinitions
{
    /// <summary>Start → (Delay 2 s) → a → b → a: a cycle with no wait in it, behind a timer when <paramref name="delay"/> is set.</summary>
    public static JsonObject Cycle(string definitionId, bool delay)
    {
        JsonObject[] activities =
        [
            Activity("start", "Elsa.Start"),
            Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:00:02", "TimeSpan"))),
            Activity("a", "Elsa.WriteLine", ("text", Literal("a"))),
            Activity("b", "Elsa.WriteLine", ("text", Literal("b"))),
        ];
        JsonObject[] connections = delay
            ? [Connect("start", "delay"), Connect("delay", "a"), Connect("a", "b"), Connect("b", "a")]
            : [Connect("start", "a"), Connect("a", "b"), Connect("b", "a")];
        return Definition(definitionId, [.. activities.Where(a => delay || (string)a["id"]! != "delay")], connections);
    }

    public static JsonObject Definition(string definitionId, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections) => new()
    {
        ["definitionId"] = definitionId,
        ["name"] = definitionId,
        ["version"] = 1,
        ["variables"] = new JsonArray(),
        ["options"] = new JsonObject(),
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1",
            ["type"] = "Elsa.Flowchart",
            ["version"] = 1,
            ["activities"] = new JsonArray([.. activities]),
            ["connections"] = new JsonArray([.. connections]),
            ["variables"] = new JsonArray(),
        },
    };

    public static JsonObject Activity(string id, string type, params (string Key, JsonNode? Value)[] properties)
    {
        var activity = new JsonObject { ["id"] = id, ["type"] = type, ["version"] = 1 };
        foreach (var (key, value) in properties)
        {
            activity[key] = value;
        }

        return activity;
    }

    public static JsonObject Literal(string value, string typeName = "String") => new()
    {
        ["typeName"] = typeName,
        ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value },
    };

    public static JsonObject Connect(string source, string target) => new()
    {
        ["source"] = new JsonObject { ["activity"] = source, ["port"] = "Done" },
        ["target"] = new JsonObject { ["activity"] = target, ["port"] = "In" },
    };

    /// <summary>Saves <paramref name="model"/> as Studio's designer does.</summary>
    public static Task<HttpResponseMessage> SaveAsync(this HttpClient client, JsonObject model, bool publish = false) =>
        client.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model, ["publish"] = publish }, TestContext.Current.CancellationToken);

    /// <summary>Runs the latest version like Studio's ▶ button; returns the instance id.</summary>
    /// <remarks>A run that faults answers 500 with its state, as Elsa's execute endpoint does; say so with <paramref name="expected"/>.</remarks>
    public static async Task<string> ExecuteAsync(this HttpClient client, string definitionId, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.PostAsJsonAsync(
            $"/elsa/api/workflow-definitions/{definitionId}/execute",
            new { correlationId = (string?)null, versionOptions = "Latest" },
            TestContext.Current.CancellationToken);
        Assert.Equal(expected, response.StatusCode);
        return Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
    }

    public static async Task<JsonNode> InstanceAsync(this HttpClient client, string instanceId)
    {
        var response = await client.GetAsync(new Uri($"/elsa/api/workflow-instances/{instanceId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
    }
}
