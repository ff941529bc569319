using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

public class FlowchartExecutionTests
{
    [Fact]
    public async Task Sample_runs_to_the_review_and_the_resume_input_chooses_the_outcome()
    {
        var run = new Harness(JsonNode.Parse(Samples.Definition)!.AsObject());

        await run.StartAsync();

        Assert.Equal(WorkflowStatus.Running, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);
        var bookmark = Assert.Single(run.Bookmarks);
        Assert.Equal("Hotline.ReviewReturn", bookmark.Name);
        Assert.Equal("Workflow1:flowchart1:review", bookmark.ActivityNodeId);
        Assert.Equal("county-a", bookmark.TenantId);
        Assert.Equal("Hotline sample: dispatch and return review", run.Instance.Name);

        await run.ResumeAsync(bookmark, new JsonObject { ["decision"] = "approve" });

        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Equal(run.Time.GetUtcNow(), run.Instance.FinishedAt);
        Assert.Empty(run.Bookmarks);
        Assert.Equal(["start", "dispatch", "review", "endApproved", "flowchart1", "Workflow1"], run.Completed);
        Assert.DoesNotContain("endRejected", run.Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task Rejection_takes_the_other_port()
    {
        var run = new Harness(JsonNode.Parse(Samples.Definition)!.AsObject());
        await run.StartAsync();

        await run.ResumeAsync(run.Bookmark("review"), new JsonObject { ["decision"] = "reject" });

        Assert.Contains("endRejected", run.Completed);
        Assert.DoesNotContain("endApproved", run.Completed);
    }

    [Theory]
    [InlineData("true", "yes")]
    [InlineData("false", "no")]
    [InlineData("True", "yes")]
    public async Task Decision_follows_its_condition(string condition, string expected)
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("decide", "Elsa.FlowDecision", ("condition", Literal(condition, "Boolean"))), Activity("yes", "Elsa.End"), Activity("no", "Elsa.End")],
            [Connect("start", "decide"), Connect("decide", "yes", "True"), Connect("decide", "no", "False")])));

        await run.StartAsync();

        Assert.Contains(expected, run.Completed);
        Assert.DoesNotContain(expected == "yes" ? "no" : "yes", run.Journal.Select(j => j.ActivityId));
        var decision = run.Records.Values.Single(r => r.ActivityId == "decide");
        Assert.Equal($$"""{"Outcomes":["{{(expected == "yes" ? "True" : "False")}}"]}""", decision.PayloadJson);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Fork_and_WaitAll_join_continue_only_after_every_branch()
    {
        var run = new Harness(ForkJoin("WaitAll"));

        await run.StartAsync();

        Assert.Contains("a", run.Completed);
        Assert.DoesNotContain("join", run.Completed);
        Assert.DoesNotContain("after", run.Journal.Select(j => j.ActivityId));
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);

        await run.ResumeAsync(run.Bookmark("b"));

        Assert.Equal(["join", "after"], run.Completed.Where(id => id is "join" or "after"));
        Assert.Single(run.Journal, j => j.ActivityId == "after" && j.EventName == "Completed");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task WaitAny_join_continues_on_the_first_branch_and_cancels_the_rest()
    {
        var run = new Harness(ForkJoin("WaitAny"));

        var result = await run.StartAsync();

        Assert.Contains("after", run.Completed);
        Assert.Equal("Canceled", run.Events("b").Last());
        Assert.Empty(run.Bookmarks);
        Assert.Empty(result.CreatedBookmarks); // created and cancelled in the same run: never reaches the store
        Assert.Equal(Journal.ActivityStatus.Canceled, run.Records.Values.Single(r => r.ActivityId == "b").Status);
        Assert.Single(run.Journal, j => j.ActivityId == "after" && j.EventName == "Completed");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Join_mode_defaults_to_WaitAny_as_in_Elsa()
    {
        var definition = ForkJoin("WaitAll");
        definition["root"]!["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "join")!.AsObject().Remove("mode");
        var run = new Harness(definition);

        await run.StartAsync();

        Assert.Contains("after", run.Completed);
    }

    [Fact]
    public async Task Activity_with_two_inbound_connections_waits_for_both_and_skipped_paths_count()
    {
        // decide(False) skips 'skipped'; 'merge' is reached from 'a' and (dead) from 'skipped': it runs once.
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
                Activity("a", "Elsa.WriteLine", ("text", Literal("a"))),
                Activity("decide", "Elsa.FlowDecision", ("condition", Literal("false", "Boolean"))),
                Activity("skipped", "Elsa.WriteLine", ("text", Literal("never"))),
                Activity("merge", "Elsa.WriteLine", ("text", Literal("merged"))),
            ],
            [
                Connect("start", "fork"), Connect("fork", "a", "A"), Connect("fork", "decide", "B"), Connect("decide", "skipped", "True"),
                Connect("a", "merge"), Connect("skipped", "merge"),
            ])));

        await run.StartAsync();

        Assert.DoesNotContain("skipped", run.Journal.Select(j => j.ActivityId));
        Assert.Single(run.Journal, j => j.ActivityId == "merge" && j.EventName == "Completed");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task End_completes_its_flowchart_and_cancels_what_still_waits_there()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
                Activity("wait", "Elsa.Event", ("eventName", Literal("Never"))), Activity("end", "Elsa.End"),
            ],
            [Connect("start", "fork"), Connect("fork", "wait", "A"), Connect("fork", "end", "B")])));

        var result = await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Empty(run.Bookmarks);
        Assert.Empty(result.CreatedBookmarks);
        Assert.Equal("Canceled", run.Events("wait").Last());
    }

    [Fact]
    public async Task End_in_a_nested_container_lets_the_parent_continue()
    {
        var run = new Harness(Nested(Activity("innerEnd", "Elsa.End")));

        await run.StartAsync();

        Assert.Equal(["start", "innerStart", "innerEnd", "node", "after", "flowchart1", "Workflow1"], run.Completed);
        Assert.Equal("Workflow1:flowchart1:node:innerEnd", run.Journal.First(j => j.ActivityId == "innerEnd").NodeId);
    }

    [Fact]
    public async Task Finish_in_a_nested_container_finishes_the_whole_workflow_and_removes_its_bookmarks()
    {
        var run = new Harness(Nested(Activity("innerEnd", "Elsa.Finish"), parallelWait: true));

        await run.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.DoesNotContain("after", run.Journal.Select(j => j.ActivityId));
        Assert.Empty(run.Bookmarks);
        Assert.Empty(run.State.Bookmarks);
        Assert.Equal("Canceled", run.Events("wait").Last());
        Assert.Contains("Workflow1", run.Completed);
    }

    [Fact]
    public async Task Loops_run_through_backward_connections_until_the_condition_fails()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("count", "Test.Count"),
                Activity("again", "Elsa.FlowDecision", ("condition", JavaScript("getVariable('Counter') < 3", "Boolean"))),
                Activity("end", "Elsa.End"),
            ],
            [Connect("start", "count"), Connect("count", "again"), Connect("again", "count", "True"), Connect("again", "end", "False")]),
            Variable("counter", "Counter", "Int32", "0")));

        await run.StartAsync();

        Assert.Equal(3, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(3, run.Journal.Count(j => j.ActivityId == "count" && j.EventName == "Completed"));
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Start_activity_is_found_without_an_Elsa_Start()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("second", "Elsa.WriteLine", ("text", Literal("2"))), Activity("first", "Elsa.WriteLine", ("text", Literal("1")))],
            [Connect("first", "second")])));

        await run.StartAsync();

        Assert.Equal(["first", "second"], run.Completed.Take(2));
        Assert.Equal("1", run.Journal.First(j => j.ActivityId == "first" && j.EventName == "Completed").Message);
    }

    [Fact]
    public async Task Empty_flowchart_finishes_at_once()
    {
        var run = new Harness(Definition(Flowchart([], [])));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Equal(["flowchart1", "Workflow1"], run.Completed);
    }

    internal static JsonObject ForkJoin(string mode) => Definition(Flowchart(
        [
            Activity("start", "Elsa.Start"),
            Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
            Activity("a", "Elsa.WriteLine", ("text", Literal("branch A"))),
            Activity("b", "Elsa.Event", ("eventName", Literal("B"))),
            Activity("join", "Elsa.FlowJoin", ("mode", Literal(mode, "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core"))),
            Activity("after", "Elsa.WriteLine", ("text", Literal("joined"))),
        ],
        [Connect("start", "fork"), Connect("fork", "a", "A"), Connect("fork", "b", "B"), Connect("a", "join"), Connect("b", "join"), Connect("join", "after")]));

    private static JsonObject Nested(JsonObject innerTerminal, bool parallelWait = false)
    {
        var node = Container("node", "Elsa.Flowchart", [Activity("innerStart", "Elsa.Start"), innerTerminal], [Connect("innerStart", innerTerminal["id"]!.GetValue<string>())]);
        JsonObject[] activities = parallelWait
            ? [Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["W","N"]"""))), Activity("wait", "Elsa.Event", ("eventName", Literal("Never"))), node, Activity("after", "Elsa.WriteLine", ("text", Literal("after")))]
            : [Activity("start", "Elsa.Start"), node, Activity("after", "Elsa.WriteLine", ("text", Literal("after")))];
        JsonObject[] connections = parallelWait
            ? [Connect("start", "fork"), Connect("fork", "wait", "W"), Connect("fork", "node", "N"), Connect("node", "after")]
            : [Connect("start", "node"), Connect("node", "after")];
        return Definition(Flowchart(activities, connections));
    }
}
