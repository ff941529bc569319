using System.Text.Json.Nodes;
using Hotline.Workflows.Serialization;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Serialization;

public class DefinitionRoundTripTests
{
    [Fact]
    public void Sample_fixture_survives_load_and_save_unchanged()
    {
        var registry = TestActivities.CreateRegistry();
        var original = JsonNode.Parse(Samples.Definition)!.AsObject();

        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Parse(Samples.Definition, registry)))!.AsObject();

        original.Remove("$schema"); // accepted on import, not part of a version
        Assert.True(JsonNode.DeepEquals(original, saved), $"expected\n{original}\nbut saved\n{saved}");
    }

    [Fact]
    public void Sample_fixture_loads_into_the_model()
    {
        var definition = WorkflowDefinitionSerializer.Parse(Samples.Definition, TestActivities.CreateRegistry());

        Assert.Equal("hotline-sample", definition.DefinitionId);
        Assert.Equal("hotline-sample-v1", definition.Id);
        Assert.True(definition.IsPublished);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero), definition.CreatedAt);
        Assert.Equal("TicketNumber", Assert.Single(definition.Variables).Name);
        Assert.Equal(5, definition.Root.Activities!.Count);
        Assert.Equal(4, definition.Root.Connections!.Count);
        var review = definition.Root.Activities.Single(a => a.Id == "review");
        Assert.Equal("Workflow1:flowchart1:review", review.NodeId);
        Assert.Equal("county-centre-reviewer", review.GetProperty("ReviewerRole")!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(["Approved", "Rejected"], definition.Root.Connections.Where(c => c.SourceActivityId == "review").Select(c => c.SourcePort));
    }

    [Fact]
    public void Definition_using_every_built_in_survives_load_and_save()
    {
        var nested = Container("node", "Elsa.Flowchart",
            [Activity("innerStart", "Elsa.Start"), Activity("innerEnd", "Elsa.End")],
            [Connect("innerStart", "innerEnd")],
            [Variable("innerVar", "Inner", "Int32", "1")]);
        var original = Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"),
                Activity("correlate", "Elsa.Correlate", ("correlationId", Literal("TCK-1"))),
                Activity("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "v1", ["name"] = "Status" }), ("value", Literal("open", "Object"))),
                Activity("write", "Elsa.WriteLine", ("text", JavaScript("`status ${getVariable('Status')}`", "String"))),
                Activity("decide", "Elsa.FlowDecision", ("condition", Literal("true", "Boolean"))),
                Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", "[\"A\",\"B\"]"))),
                Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:05:00", "TimeSpan"))),
                Activity("timer", "Elsa.Timer", ("interval", Literal("01:00:00", "TimeSpan"))),
                Activity("startAt", "Elsa.StartAt", ("dateTime", Literal("2025-03-02T08:00:00+00:00", "DateTimeOffset"))),
                Activity("event", "Elsa.Event", ("eventName", Literal("Approved"))),
                Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll", "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core"))),
                nested,
                Activity("fault", "Elsa.Fault", ("code", Literal("E1")), ("message", Literal("boom"))),
                Activity("finish", "Elsa.Finish"),
                Activity("end", "Elsa.End"),
            ],
            [
                Connect("start", "correlate"), Connect("correlate", "set"), Connect("set", "write"), Connect("write", "decide"),
                Connect("decide", "fork", "True"), Connect("decide", "fault", "False"), Connect("fork", "delay", "A"), Connect("fork", "event", "B"),
                Connect("delay", "join"), Connect("event", "join"), Connect("join", "node"), Connect("node", "timer"),
                Connect("timer", "startAt"), Connect("startAt", "finish"),
            ]), Variable("v1", "Status"));

        var registry = TestActivities.CreateRegistry();
        var once = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Parse(original.ToJsonString(), registry));
        var twice = WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Parse(once, registry));

        Assert.Equal(once, twice);
        var saved = JsonNode.Parse(once)!;
        var node = saved["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "node")!;
        Assert.Equal("Workflow1:flowchart1:node:innerEnd", node["activities"]![1]!["nodeId"]!.GetValue<string>());
        Assert.Equal("1", node["variables"]![0]!["value"]!.GetValue<string>());
        Assert.Equal("Approved", saved["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "event")!["eventName"]!["expression"]!["value"]!.GetValue<string>());
        Assert.Equal(14, saved["root"]!["connections"]!.AsArray().Count);
    }

    [Fact]
    public void Unknown_properties_survive_everywhere()
    {
        var activity = Activity("start", "Elsa.Start", ("someFutureInput", new JsonObject { ["x"] = 1 }));
        activity["customProperties"]!["mergeMode"] = "Converge";
        activity["metadata"]!["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 10, ["y"] = 20 } };
        var connection = Connect("start", "end");
        connection["label"] = "go";
        connection["vertices"]!.AsArray().Add(new JsonObject { ["x"] = 5, ["y"] = 6 });
        var root = Flowchart([activity, Activity("end", "Elsa.End")], [connection]);
        root["rootExtra"] = true;
        var variable = Variable("v", "V");
        variable["extra"] = "kept";
        var definition = Definition(root, variable);
        definition["materializerName"] = "Json";
        definition["customProperties"] = new JsonObject { ["logPersistenceConfig"] = new JsonObject { ["default"] = new JsonObject { ["evaluationMode"] = "Strategy" } } };

        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Parse(definition.ToJsonString(), TestActivities.CreateRegistry())))!;

        Assert.Equal("Json", saved["materializerName"]!.GetValue<string>());
        Assert.Equal("Strategy", saved["customProperties"]!["logPersistenceConfig"]!["default"]!["evaluationMode"]!.GetValue<string>());
        Assert.True(saved["root"]!["rootExtra"]!.GetValue<bool>());
        var start = saved["root"]!["activities"]![0]!;
        Assert.Equal(1, start["someFutureInput"]!["x"]!.GetValue<int>());
        Assert.Equal("Converge", start["customProperties"]!["mergeMode"]!.GetValue<string>());
        Assert.Equal(20, start["metadata"]!["designer"]!["position"]!["y"]!.GetValue<int>());
        Assert.Equal("go", saved["root"]!["connections"]![0]!["label"]!.GetValue<string>());
        Assert.Equal(6, saved["root"]!["connections"]![0]!["vertices"]![0]!["y"]!.GetValue<int>());
        Assert.Equal("kept", saved["variables"]![0]!["extra"]!.GetValue<string>());
    }

    [Fact]
    public void Flat_connections_are_accepted_and_written_nested()
    {
        var root = Flowchart([Activity("start", "Elsa.Start"), Activity("end", "Elsa.End")], []);
        root["connections"] = new JsonArray(new JsonObject { ["source"] = "start", ["target"] = "end", ["sourcePort"] = "Done", ["targetPort"] = "In" });

        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(WorkflowDefinitionSerializer.Parse(Definition(root).ToJsonString(), TestActivities.CreateRegistry())))!;

        var connection = saved["root"]!["connections"]![0]!;
        Assert.Equal("start", connection["source"]!["activity"]!.GetValue<string>());
        Assert.Equal("Done", connection["source"]!["port"]!.GetValue<string>());
        Assert.Equal("end", connection["target"]!["activity"]!.GetValue<string>());
        Assert.Null(connection["sourcePort"]);
    }

    [Fact]
    public void Node_ids_are_recomputed_on_load()
    {
        var start = Activity("start", "Elsa.Start");
        start["nodeId"] = "Workflow1:flowchart1:renamedLongAgo";
        var root = Flowchart([start], []);
        root.Remove("nodeId"); // Studio's create sends a root without one

        var definition = WorkflowDefinitionSerializer.Parse(Definition(root).ToJsonString(), TestActivities.CreateRegistry());

        Assert.Equal("Workflow1:flowchart1", definition.Root.NodeId);
        Assert.Equal("Workflow1:flowchart1:start", definition.Root.Activities![0].NodeId);
    }

    [Fact]
    public void Studio_create_body_with_nulls_gets_defaults()
    {
        const string body = """
            {"id":null,"definitionId":null,"name":"Workflow 1","description":null,"createdAt":"0001-01-01T00:00:00+00:00",
             "version":1,"toolVersion":"3.8.2.0","variables":null,"inputs":null,"outputs":null,"outcomes":null,
             "customProperties":null,"isReadonly":false,"isLatest":true,"isPublished":false,"options":null,"links":null,
             "root":{"id":"5f1a","type":"Elsa.Flowchart","version":1,"name":"Flowchart1"}}
            """;

        var definition = WorkflowDefinitionSerializer.Parse(body, TestActivities.CreateRegistry());
        var saved = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(definition))!;

        Assert.Equal("Workflow1:5f1a", definition.Root.NodeId);
        Assert.Empty(definition.Root.Activities!);
        Assert.IsType<JsonObject>(saved["options"]);
        Assert.IsType<JsonArray>(saved["variables"]);
        Assert.IsType<JsonArray>(saved["outcomes"]);
        Assert.IsType<JsonObject>(saved["customProperties"]);
        Assert.IsType<JsonArray>(saved["root"]!["connections"]);
        Assert.Null(saved["links"]);
    }
}
