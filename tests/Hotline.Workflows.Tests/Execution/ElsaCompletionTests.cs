using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>
/// Situations from Elsa 3.8's integration suite (Scenarios/FlowchartCompletion, ExplicitJoins, JoinBehaviors,
/// Activities/WriteLine), rebuilt as definitions of our own, with the outcome Elsa's tests expect. Like Elsa's
/// RunWorkflowUntilEndAsync, <see cref="RunUntilEndAsync"/> resumes every bookmark until the instance finishes.
/// </summary>
public class ElsaCompletionTests
{
    private static JsonObject Write(string id, string? text = null) => Activity(id, "Elsa.WriteLine", ("text", Literal(text ?? id)));

    private static JsonObject Delay(string id, string span) => Activity(id, "Elsa.Delay", ("timeSpan", Literal(span, "TimeSpan")));

    private static JsonObject Join(string id, string mode) =>
        Activity(id, "Elsa.FlowJoin", ("mode", Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")));

    private static List<string?> Lines(Harness run) =>
        [.. run.Journal.Where(j => j.ActivityType == "Elsa.WriteLine" && j.EventName == "Completed").Select(j => j.Message)];

    private static async Task<Harness> RunUntilEndAsync(JsonObject definition, ExecutionRequest? request = null)
    {
        var run = new Harness(definition);
        await run.StartAsync(request);
        for (var resumes = 0; run.Instance.Status != WorkflowStatus.Finished && run.Bookmarks.Count > 0 && resumes < 20; resumes++)
        {
            var next = run.Bookmarks.OrderBy(b => b.DueAt ?? DateTimeOffset.MaxValue).First();
            if (next.DueAt is { } due && due > run.Time.GetUtcNow())
                run.Time.SetUtcNow(due);
            await run.ResumeAsync(next);
        }

        return run;
    }

    public static TheoryData<string, JsonObject> CompletionFlowcharts => new()
    {
        // workflow1.json: one line fanning out to two.
        { "workflow1", Definition(Flowchart([Write("w1"), Write("w2"), Write("w3")], [Connect("w1", "w2"), Connect("w1", "w3")])) },

        // workflow2.json: nine lines braided, several activities with two ways in.
        {
            "workflow2", Definition(Flowchart(
                [Write("w1"), Write("w2"), Write("w3"), Write("w4"), Write("w5"), Write("w6"), Write("w7"), Write("w8"), Write("w9")],
                [
                    Connect("w1", "w2"), Connect("w1", "w3"), Connect("w2", "w4"), Connect("w2", "w5"), Connect("w3", "w5"), Connect("w3", "w6"),
                    Connect("w4", "w7"), Connect("w5", "w7"), Connect("w5", "w8"), Connect("w6", "w8"), Connect("w7", "w9"), Connect("w8", "w9"),
                ]))
        },

        // workflow3.json: the same braid with a delay on two of its paths.
        {
            "workflow3", Definition(Flowchart(
                [Write("w1"), Write("w2"), Write("w3"), Write("w4"), Write("w5"), Write("w6"), Write("w7"), Write("w8"), Write("w9"), Delay("d1", "00:00:05"), Delay("d2", "00:00:10")],
                [
                    Connect("w1", "w2"), Connect("w1", "w3"), Connect("w2", "w4"), Connect("w2", "w5"), Connect("w3", "w5"), Connect("w3", "w6"),
                    Connect("w4", "d1"), Connect("d1", "w7"), Connect("w5", "w7"), Connect("w6", "d2"), Connect("d2", "w8"), Connect("w5", "w8"),
                    Connect("w7", "w9"), Connect("w8", "w9"),
                ]))
        },

        // workflow4.json: a decision with two ways in, its True path delayed, its False path never taken.
        {
            "workflow4", Definition(Flowchart(
                [
                    Write("w1"), Write("w2"), Write("w3"), Write("w4"), Write("w6"), Activity("decide", "Elsa.FlowDecision", ("condition", Literal("True", "Boolean"))),
                    Delay("d1", "00:00:05"), Write("w7"), Delay("d2", "00:00:10"), Write("w8"),
                ],
                [
                    Connect("w1", "w2"), Connect("w1", "w3"), Connect("w2", "w4"), Connect("w2", "decide"), Connect("w3", "decide"), Connect("w3", "w6"),
                    Connect("decide", "d1", "True"), Connect("d1", "w7"), Connect("decide", "d2", "False"), Connect("d2", "w8"),
                ]))
        },
    };

    // Elsa: Scenarios/FlowchartCompletion/Tests.Test1 — "Workflows should complete successfully" (workflow1–4; 5 is in FlowNodeTests).
    [Theory]
    [MemberData(nameof(CompletionFlowcharts))]
    public async Task Flowcharts_complete(string elsaWorkflow, JsonObject definition)
    {
        var run = await RunUntilEndAsync(definition);

        Assert.True(run.Instance.Status == WorkflowStatus.Finished, $"{elsaWorkflow}: {run.Instance.SubStatus}");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Equal(Lines(run).Count, Lines(run).Distinct().Count()); // no line runs twice
    }

    // Elsa: Scenarios/ExplicitJoins/ExplicitJoinWaitAnyTests.Test1 (join-any-1, join-all-1, join-all-2).
    [Fact]
    public async Task WaitAny_joins_in_a_row_write_start_and_end_once()
    {
        var run = await RunUntilEndAsync(Definition(Flowchart(
            [Join("join1", "WaitAny"), Join("join2", "WaitAny"), Join("join3", "WaitAny"), Write("start", "Start"), Write("end", "End")],
            [Connect("start", "join1"), Connect("start", "join2"), Connect("join1", "join3"), Connect("join2", "join3"), Connect("join3", "end")])));

        Assert.Equal(["Start", "End"], Lines(run));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    [Fact]
    public async Task A_WaitAll_join_writes_both_lines_before_the_end()
    {
        var run = await RunUntilEndAsync(Definition(Flowchart(
            [Join("join", "WaitAll"), Write("start", "Start"), Write("line1", "Line 1"), Write("line2", "Line 2"), Write("end", "End")],
            [Connect("start", "line1"), Connect("start", "line2"), Connect("line2", "join"), Connect("line1", "join"), Connect("join", "end")])));

        Assert.Equal(["Start", "Line 1", "Line 2", "End"], Lines(run));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    [Fact]
    public async Task A_WaitAll_join_waits_for_a_FlowNode_body()
    {
        var node = Activity("node", "Elsa.FlowNode");
        node["body"] = Write("inside", "Line 2");
        var run = await RunUntilEndAsync(Definition(Flowchart(
            [Write("start", "Start"), node, Write("line1", "Line 1"), Join("join", "WaitAll"), Write("end", "End")],
            [Connect("start", "line1"), Connect("start", "node"), Connect("line1", "join"), Connect("node", "join"), Connect("join", "end")])));

        Assert.Equal(["Start", "Line 1", "Line 2", "End"], Lines(run));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    // Elsa: Scenarios/JoinBehaviors/JoinRunsOnceTests.Test1 (join.json, token-based): the WaitAny join completes once.
    [Theory]
    [InlineData(FlowchartMode.TokenBased)]
    [InlineData(FlowchartMode.CounterBased)]
    public async Task A_WaitAny_join_behind_two_lines_completes_once(FlowchartMode mode)
    {
        var run = await RunUntilEndAsync(
            Definition(Flowchart(
                [Activity("start", "Elsa.Start"), Write("line2"), Join("join", "WaitAny"), Write("line1"), Activity("end", "Elsa.End")],
                [Connect("start", "line1"), Connect("line1", "join"), Connect("start", "line2"), Connect("line2", "join"), Connect("join", "end")])),
            new ExecutionRequest { FlowchartMode = mode });

        Assert.Single(run.Journal, j => j.ActivityId == "join" && j.EventName == "Completed");
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    // Elsa: Activities/WriteLine/WriteLineTests.Test1 — "Run a simple workflow" writes "Hello World!".
    [Fact]
    public async Task WriteLine_writes_its_text_to_the_journal()
    {
        var run = await RunUntilEndAsync(Definition(Flowchart([Write("hello", "Hello World!")], [])));

        Assert.Equal(["Hello World!"], Lines(run));
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }
}
