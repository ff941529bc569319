using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>
/// Elsa's Activities integration suite runs the same flowcharts in each mode (Flow/FlowchartCounterBasedTests and
/// Flow/FlowchartTokenBasedTests); these are those situations, run in both modes with the lines Elsa expects.
/// </summary>
public class FlowchartModeScenarioTests
{
    private static JsonObject Write(string text) => Activity(text, "Elsa.WriteLine", ("text", Literal(text)));

    private static JsonObject Join(string id, string mode) =>
        Activity(id, "Elsa.FlowJoin", ("mode", Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")));

    private static JsonObject Merging(string text, string mergeMode)
    {
        var activity = Write(text);
        activity["customProperties"]!["mergeMode"] = mergeMode;
        return activity;
    }

    private static async Task<List<string?>> Run(FlowchartMode mode, IEnumerable<JsonObject> activities, IEnumerable<JsonObject> connections)
    {
        var run = new Harness(Definition(Flowchart(activities, connections)));
        await run.StartAsync(new ExecutionRequest { FlowchartMode = mode });
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        return [.. run.Journal.Where(j => j.ActivityType == "Elsa.WriteLine" && j.EventName == "Completed").Select(j => j.Message)];
    }

    // "Executes simple linear flowchart": First, Second, Third.
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task A_linear_flowchart_runs_in_order(FlowchartMode mode)
    {
        var lines = await Run(mode, [Write("First"), Write("Second"), Write("Third")], [Connect("First", "Second"), Connect("Second", "Third")]);

        Assert.Equal(["First", "Second", "Third"], lines);
    }

    // "Executes both branches in parallel flowchart": three lines, Start, Branch1 and Branch2.
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task Both_branches_run(FlowchartMode mode)
    {
        var lines = await Run(mode, [Write("Start"), Write("Branch1"), Write("Branch2")], [Connect("Start", "Branch1"), Connect("Start", "Branch2")]);

        Assert.Equal(3, lines.Count);
        Assert.Equal(["Branch1", "Branch2", "Start"], lines.Order());
    }

    // "Handles flowchart with no connections": the one activity runs; "Completes when start activity is null": nothing runs.
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task An_isolated_activity_runs_and_an_empty_flowchart_completes(FlowchartMode mode)
    {
        Assert.Equal(["Isolated"], await Run(mode, [Write("Isolated")], []));
        Assert.Empty(await Run(mode, [], []));
    }

    // "Executes join node with WaitAny mode" / "WaitAll mode" and "Handles multiple sequential joins".
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task Joins_pass_the_flow_on(FlowchartMode mode)
    {
        var any = await Run(mode,
            [Write("Start"), Write("Branch1"), Write("Branch2"), Join("join", "WaitAny"), Write("AfterJoin")],
            [Connect("Start", "Branch1"), Connect("Start", "Branch2"), Connect("Branch1", "join"), Connect("Branch2", "join"), Connect("join", "AfterJoin")]);
        Assert.Contains("Start", any);
        Assert.Single(any, l => l == "AfterJoin");
        Assert.True(any.Contains("Branch1") || any.Contains("Branch2"));

        var sequential = await Run(mode,
            [Write("Start"), Write("A1"), Write("A2"), Join("join1", "WaitAll"), Write("B1"), Write("B2"), Join("join2", "WaitAll"), Write("End")],
            [
                Connect("Start", "A1"), Connect("Start", "A2"), Connect("A1", "join1"), Connect("A2", "join1"), Connect("join1", "B1"), Connect("join1", "B2"),
                Connect("B1", "join2"), Connect("B2", "join2"), Connect("join2", "End"),
            ]);
        Assert.Equal(["A1", "A2", "B1", "B2", "End", "Start"], sequential.Order());
        Assert.Equal("End", sequential[^1]);
    }

    // Token-based only: "Executes Stream merge mode", "Race merge mode - cancels other branches", "Converge merge mode - waits for all".
    [Theory]
    [InlineData("Stream")]
    [InlineData("Race")]
    [InlineData("Converge")]
    public async Task Merge_modes_let_the_merging_activity_run(string mergeMode)
    {
        var lines = await Run(FlowchartMode.TokenBased,
            [Write("Start"), Write("Branch1"), Write("Branch2"), Merging("Merged", mergeMode), Write("End")],
            [Connect("Start", "Branch1"), Connect("Start", "Branch2"), Connect("Branch1", "Merged"), Connect("Branch2", "Merged"), Connect("Merged", "End")]);

        Assert.Equal("Start", lines[0]);
        Assert.Contains("Merged", lines);
        Assert.Equal("End", lines[^1]);
        if (mergeMode == "Converge")
            Assert.Equal(["Branch1", "Branch2"], lines.Where(l => l!.StartsWith("Branch", StringComparison.Ordinal)));
    }
}
