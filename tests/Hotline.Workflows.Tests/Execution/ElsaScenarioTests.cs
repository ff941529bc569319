using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>
/// Join scenarios from Elsa's own integration suite (JoinBehaviors), rebuilt here, with the lines
/// Elsa 3.8 writes for them.
/// </summary>
public class ElsaScenarioTests
{
    private static JsonObject Write(string id) => Activity(id, "Elsa.WriteLine", ("text", Literal(id)));

    private static List<string?> Lines(Harness run) =>
        [.. run.Journal.Where(j => j.ActivityType == "Elsa.WriteLine" && j.EventName == "Completed").Select(j => j.Message)];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Braided_paths_run_each_activity_once_in_order(bool tokenBased)
    {
        // 1 → 2, 3; 2 → 4, 5; 3 → 5, 6; 4, 5, 6 → 7.
        var definition = Definition(Flowchart(
            [Write("1"), Write("2"), Write("3"), Write("4"), Write("5"), Write("6"), Write("7")],
            [
                Connect("1", "2"), Connect("1", "3"), Connect("2", "4"), Connect("2", "5"), Connect("3", "5"), Connect("3", "6"),
                Connect("4", "7"), Connect("5", "7"), Connect("6", "7"),
            ]));
        if (tokenBased)
            definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = "TokenBased" };
        var run = new Harness(definition);

        await run.StartAsync();

        Assert.Equal(["1", "2", "3", "4", "5", "6", "7"], Lines(run));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    [Theory]
    [InlineData(null, new[] { "A", "C" })]
    [InlineData("None", new[] { "A", "C" })]
    [InlineData("Converge", new[] { "A" })]
    public async Task An_implicit_join_behind_a_skipped_decision_runs_unless_it_must_converge(string? mergeMode, string[] expected)
    {
        // Start → A → C and Start → decide(false) –True→ B → C.
        var c = Write("C");
        if (mergeMode is not null)
            c["customProperties"]!["mergeMode"] = mergeMode;
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Write("A"), Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript("return false;", "Boolean"))), Write("B"), c],
            [Connect("start", "A"), Connect("start", "decide"), Connect("decide", "B", "True"), Connect("A", "C"), Connect("B", "C")])));

        await run.StartAsync();

        Assert.Equal(expected, Lines(run));
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task A_WaitAll_join_blocks_behind_a_faulted_branch()
    {
        // A → C, B, D; D → decide(false): True → E, False → Fault; B, C, E → join(WaitAll) → F.
        var run = new Harness(Definition(Flowchart(
            [
                Write("A"), Write("C"), Write("B"), Write("D"), Write("E"), Write("F"),
                Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript("return false;", "Boolean"))),
                Activity("fault", "Elsa.Fault", ("code", Literal("110002")), ("message", Literal("that went south"))),
                Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAll", "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core"))),
            ],
            [
                Connect("A", "C"), Connect("A", "B"), Connect("A", "D"), Connect("D", "decide"), Connect("decide", "E", "True"), Connect("decide", "fault", "False"),
                Connect("B", "join"), Connect("C", "join"), Connect("E", "join"), Connect("join", "F"),
            ])));

        await run.StartAsync();

        Assert.Equal(["A", "C", "B", "D"], Lines(run));
        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        Assert.Equal("110002", Assert.Single(run.State.Incidents).Code);
    }

    [Theory]
    [InlineData("WaitAll")]
    [InlineData("WaitAny")]
    public async Task A_lone_join_completes_the_workflow(string mode)
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("join", "Elsa.FlowJoin", ("mode", Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")))], [])));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }
}
