using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Serialization;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary><c>Elsa.FlowNode</c> as Elsa 3.8 defines it: it runs its single <c>body</c> and completes when the body does.</summary>
public class FlowNodeTests
{
    private static JsonObject Node(string id, JsonObject? body)
    {
        var node = Activity(id, "Elsa.FlowNode");
        node["body"] = body;
        return node;
    }

    [Fact]
    public async Task A_FlowNode_runs_its_body_then_the_flow_goes_on()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Node("node", Activity("inside", "Elsa.WriteLine", ("text", Literal("inside")))), Activity("after", "Elsa.WriteLine", ("text", Literal("after")))],
            [Connect("start", "node"), Connect("node", "after")])));

        await run.StartAsync();

        Assert.Equal(["start", "inside", "node", "after", "flowchart1", "Workflow1"], run.Completed);
        Assert.Equal("Workflow1:flowchart1:node:inside", run.Journal.First(j => j.ActivityId == "inside").NodeId);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    // Elsa: Scenarios/FlowchartCompletion/Tests (workflow5.json): Start → FlowNode whose body is a flowchart waiting on an
    // event, and Start → WriteLine → WriteLine; resuming every bookmark until the end, the workflow finishes.
    [Fact]
    public async Task A_FlowNode_whose_body_waits_completes_when_the_body_resumes()
    {
        var body = Container("bodyFlow", "Elsa.Flowchart", [Activity("event1", "Elsa.Event", ("eventName", Literal("Event4")))], []);
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Node("node", body),
                Activity("write1", "Elsa.WriteLine", ("text", Literal("Intermediary"))), Activity("write2", "Elsa.WriteLine"),
            ],
            [Connect("start", "node"), Connect("start", "write1"), Connect("write1", "write2")])));

        await run.StartAsync();
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);
        Assert.Contains("write2", run.Completed);

        await run.ResumeAsync(run.Bookmark("event1"));

        Assert.Equal(["event1", "bodyFlow", "node"], run.Completed.SkipWhile(id => id != "event1").Take(3));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    [Fact]
    public async Task A_FlowNode_without_a_body_completes_at_once()
    {
        var run = new Harness(Definition(Flowchart([Activity("start", "Elsa.Start"), Node("node", null)], [Connect("start", "node")])));

        await run.StartAsync();

        Assert.Contains("node", run.Completed);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public void The_body_is_read_and_written_as_body_not_as_activities()
    {
        var registry = TestActivities.CreateRegistry();
        var original = Definition(Flowchart([Node("node", Activity("inside", "Elsa.WriteLine", ("text", Literal("x"))))], []));

        var definition = WorkflowDefinitionSerializer.Parse(original.ToJsonString(), registry);
        var written = JsonNode.Parse(WorkflowDefinitionSerializer.Serialize(definition))!["root"]!["activities"]![0]!;

        Assert.Equal("inside", Assert.Single(definition.Root.Activities![0].Activities!).Id);
        Assert.Equal("inside", (string)written["body"]!["id"]!);
        Assert.Null(written["activities"]);
        Assert.Null(written["connections"]);
    }
}
