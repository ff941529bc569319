using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>Flowcharts that ask for Elsa's token-based merge modes.</summary>
public class TokenFlowTests
{
    /// <summary>start → fork(B,A); B: wait for event 'B' (or write 'b'); A: write 'a'; both lead to 'merge', which counts its runs.</summary>
    private static JsonObject TwoBranches(string? mergeMode, bool branchBWaits, bool tokenBased = false)
    {
        var merge = Activity("merge", "Test.Count");
        if (mergeMode is not null)
            merge["customProperties"]!["mergeMode"] = mergeMode;
        var definition = Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
                Activity("a", "Elsa.WriteLine", ("text", Literal("a"))),
                branchBWaits ? Activity("b", "Elsa.Event", ("eventName", Literal("B"))) : Activity("b", "Elsa.WriteLine", ("text", Literal("b"))),
                merge,
            ],
            [Connect("start", "fork"), Connect("fork", "b", "B"), Connect("fork", "a", "A"), Connect("a", "merge"), Connect("b", "merge")]),
            Variable("counter", "Counter", "Int32", "0"));
        // A merge mode only matters in a token-based run; it never chooses the mode itself.
        if (tokenBased || mergeMode is not null)
            definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = "TokenBased" };
        return definition;
    }

    [Fact]
    public async Task Counter_based_by_default_an_activity_waits_for_all_its_inbound_connections()
    {
        var run = new Harness(TwoBranches(mergeMode: null, branchBWaits: false));

        await run.StartAsync();

        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
    }

    /// <summary>start → fork(A,B); A: a → merge; B: decide(false) –True→ b → merge. The B branch is a dead path.</summary>
    private static JsonObject DeadBranch(string mergeMode)
    {
        var merge = Activity("merge", "Test.Count");
        merge["customProperties"]!["mergeMode"] = mergeMode;
        var definition = Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
                Activity("a", "Elsa.WriteLine", ("text", Literal("a"))),
                Activity("decide", "Elsa.FlowDecision", ("condition", Literal("false", "Boolean"))),
                Activity("b", "Elsa.WriteLine", ("text", Literal("b"))),
                merge,
            ],
            [Connect("start", "fork"), Connect("fork", "a", "A"), Connect("fork", "decide", "B"), Connect("decide", "b", "True"), Connect("a", "merge"), Connect("b", "merge")]),
            Variable("counter", "Counter", "Int32", "0"));
        definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = "TokenBased" };
        return definition;
    }

    [Theory]
    [InlineData("Stream", 1)]
    [InlineData("Merge", 0)]
    public async Task Stream_flows_past_a_dead_branch_where_Merge_keeps_waiting(string mergeMode, int runs)
    {
        var run = new Harness(DeadBranch(mergeMode));

        await run.StartAsync();

        Assert.Equal(runs, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Stream_waits_while_an_upstream_branch_still_has_work()
    {
        var run = new Harness(TwoBranches(mergeMode: null, branchBWaits: true, tokenBased: true));

        await run.StartAsync();
        Assert.Equal(0, run.Variable("counter")!.GetValue<int>());

        await run.ResumeAsync(run.Bookmark("b"));

        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Merge_waits_for_every_forward_branch()
    {
        var run = new Harness(TwoBranches("Merge", branchBWaits: true));

        await run.StartAsync();

        Assert.Equal(0, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);

        await run.ResumeAsync(run.Bookmark("b"));

        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Race_runs_on_the_first_arrival_and_cancels_the_other_branch()
    {
        var run = new Harness(TwoBranches("Race", branchBWaits: true));

        await run.StartAsync();

        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
        Assert.Empty(run.Bookmarks);
        Assert.Equal("Canceled", run.Events("b").Last());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task Cascade_runs_once_per_round_and_absorbs_the_later_arrival()
    {
        var run = new Harness(TwoBranches("Cascade", branchBWaits: true));

        await run.StartAsync();
        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);

        await run.ResumeAsync(run.Bookmark("b"));

        Assert.Equal(1, run.Variable("counter")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Fact]
    public async Task A_WaitAll_join_converges_in_token_mode()
    {
        var definition = FlowchartExecutionTests.ForkJoin("WaitAll");
        definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = "TokenBased" };
        var run = new Harness(definition);

        await run.StartAsync();
        Assert.DoesNotContain("after", run.Journal.Select(j => j.ActivityId));

        await run.ResumeAsync(run.Bookmark("b"));

        Assert.Single(run.Journal, j => j.ActivityId == "after" && j.EventName == "Completed");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }
}
