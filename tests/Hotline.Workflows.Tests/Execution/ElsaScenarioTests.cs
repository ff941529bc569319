using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
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

    // Elsa: Scenarios/JoinBehaviors/BraidedWorkflowTests (Test1, Test2): WriteLine1…7 in order, then Finished.
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

    /// <summary>Start → A → C and Start → decide(false) –True→ B → C, C declaring a merge mode.</summary>
    private static JsonObject ForkDecisionJoin(string mergeMode)
    {
        var c = Write("C");
        c["customProperties"]!["mergeMode"] = mergeMode;
        return Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Write("A"), Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript("return false;", "Boolean"))), Write("B"), c],
            [Connect("start", "A"), Connect("start", "decide"), Connect("decide", "B", "True"), Connect("A", "C"), Connect("B", "C")]));
    }

    // Elsa: JoinBehaviors/ForkDecisionJoinTests (ImplicitJoinStreamShouldExecute, ImplicitJoinMergeShouldNotExecute,
    // ImplicitJoinConvergeShouldBlock), which run token-based through RunWorkflowOptions.
    [Theory]
    [InlineData("Stream", new[] { "A", "C" })]
    [InlineData("Merge", new[] { "A" })]
    [InlineData("Converge", new[] { "A" })]
    public async Task An_implicit_join_behind_a_skipped_decision_runs_unless_it_must_merge_or_converge(string mergeMode, string[] expected)
    {
        var run = new Harness(ForkDecisionJoin(mergeMode));

        await run.StartAsync(new ExecutionRequest { FlowchartMode = FlowchartMode.TokenBased });

        Assert.Equal(expected, Lines(run));
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Theory]
    [InlineData("Stream")]
    [InlineData("Merge")]
    [InlineData("Converge")]
    public async Task A_merge_mode_alone_does_not_make_a_run_token_based(string mergeMode)
    {
        // Counter-based (the default) ignores mergeMode: C's skipped inbound counts as visited and C runs, as in Elsa.
        var run = new Harness(ForkDecisionJoin(mergeMode));

        await run.StartAsync();

        Assert.Equal(["A", "C"], Lines(run));
    }

    // Elsa: JoinBehaviors/ForkDecisionJoinTests.ExplicitJoinWaitAllShouldBlock (fork-decision-join-waitall): A, C, B, D.
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task A_WaitAll_join_blocks_behind_a_faulted_branch(FlowchartMode mode)
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

        await run.StartAsync(new ExecutionRequest { FlowchartMode = mode });

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

    private static JsonObject Event(string id) => Activity(id, "Elsa.Event", ("eventName", Literal(id)));

    private static JsonObject WaitAnyJoin() =>
        Activity("join", "Elsa.FlowJoin", ("mode", Literal("WaitAny", "Elsa.Workflows.Activities.Flowchart.Models.FlowJoinMode, Elsa.Workflows.Core")));

    private static JsonObject InMode(JsonObject definition, bool tokenBased)
    {
        definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = tokenBased ? "TokenBased" : "CounterBased" };
        return definition;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_activity_after_a_WaitAny_join_can_wait_and_resume(bool tokenBased)
    {
        // Start → Pay, Remind (both wait) → join(WaitAny) → After (waits) → End.
        var run = new Harness(InMode(Definition(Flowchart(
            [Write("Start"), Event("Pay"), Event("Remind"), WaitAnyJoin(), Event("After"), Write("End")],
            [Connect("Start", "Pay"), Connect("Start", "Remind"), Connect("Pay", "join"), Connect("Remind", "join"), Connect("join", "After"), Connect("After", "End")])), tokenBased));
        await run.StartAsync();

        await run.ResumeAsync(run.Bookmark("Remind"));

        Assert.Equal(WorkflowStatus.Running, run.Instance.Status);
        Assert.Equal("Elsa.Event", run.Bookmark("After").Name);
        Assert.DoesNotContain(run.Bookmarks, b => b.ActivityNodeId.EndsWith(":Pay", StringComparison.Ordinal));

        await run.ResumeAsync(run.Bookmark("After"));

        Assert.Equal(["Start", "End"], Lines(run));
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_WaitAny_join_that_loops_back_reopens_its_waits(bool tokenBased)
    {
        // Start → check(passes ≥ 2): False → Pay, Remind → join(WaitAny) → increment → check; True → End.
        var run = new Harness(InMode(Definition(Flowchart(
            [
                Write("Start"), Activity("check", "Elsa.FlowDecision", ("condition", JavaScript("getVariable('Passes') >= 2", "Boolean"))),
                Event("Pay"), Event("Remind"), WaitAnyJoin(),
                Activity("increment", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "passes", ["name"] = "Passes" }), ("value", JavaScript("getVariable('Passes') + 1"))),
                Write("End"),
            ],
            [
                Connect("Start", "check"), Connect("check", "Pay", "False"), Connect("check", "Remind", "False"), Connect("Pay", "join"), Connect("Remind", "join"),
                Connect("join", "increment"), Connect("increment", "check"), Connect("check", "End", "True"),
            ]), Variable("passes", "Passes", "Int32", "0")), tokenBased));
        await run.StartAsync();
        var firstPass = run.Bookmarks.Select(b => b.Id).ToList();

        await run.ResumeAsync(run.Bookmark("Remind"));

        Assert.Equal(WorkflowStatus.Running, run.Instance.Status);
        Assert.Equal(2, run.Bookmarks.Count);
        Assert.NotNull(run.Bookmark("Pay"));
        Assert.NotNull(run.Bookmark("Remind"));
        Assert.DoesNotContain(run.Bookmarks, b => firstPass.Contains(b.Id));

        await run.ResumeAsync(run.Bookmark("Pay"));

        Assert.Equal(["Start", "End"], Lines(run));
        Assert.Equal(2, run.Variable("passes")!.GetValue<int>());
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Empty(run.Bookmarks);
    }

    // Elsa: JoinBehaviors/ImplicitWorkflowTests (Test1, Test2): Start, Retry, End, then Finished.
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_implicit_loop_retries_until_its_decision_lets_it_out(bool tokenBased)
    {
        // Start → increment → check(counter > 1): False → Retry → increment; True → End.
        var run = new Harness(InMode(Definition(Flowchart(
            [
                Write("Start"),
                Activity("increment", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "counter", ["name"] = "Counter" }), ("value", JavaScript("getVariable('Counter') + 1"))),
                Activity("check", "Elsa.FlowDecision", ("condition", JavaScript("getVariable('Counter') > 1", "Boolean"))),
                Write("Retry"), Write("End"),
            ],
            [Connect("Start", "increment"), Connect("increment", "check"), Connect("check", "Retry", "False"), Connect("check", "End", "True"), Connect("Retry", "increment")]),
            Variable("counter", "Counter", "Int32", "0")), tokenBased));

        await run.StartAsync();

        Assert.Equal(["Start", "Retry", "End"], Lines(run));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    // Elsa: JoinBehaviors/ForkDecisionJoinTests.ImplicitJoinFromBranchesShouldExecute (decision-merge-join-none): Finished.
    [Theory]
    [InlineData(FlowchartMode.CounterBased)]
    [InlineData(FlowchartMode.TokenBased)]
    public async Task Both_ports_of_a_decision_may_lead_to_one_End_which_runs_once(FlowchartMode mode)
    {
        // Elsa exports write some literals as raw JSON values (here the boolean false) rather than strings.
        var condition = Literal("placeholder", "Boolean");
        condition["expression"]!["value"] = false;
        var end = Activity("end", "Elsa.End");
        end["customProperties"]!["mergeMode"] = "None";
        var run = new Harness(Definition(Flowchart(
            [Activity("decide", "Elsa.FlowDecision", ("condition", condition)), Activity("start", "Elsa.Start"), end],
            [Connect("start", "decide"), Connect("decide", "end", "True"), Connect("decide", "end", "False")])));

        await run.StartAsync(new ExecutionRequest { FlowchartMode = mode });

        Assert.Equal("""{"Outcomes":["False"]}""", run.Records.Values.Single(r => r.ActivityId == "decide").PayloadJson);
        Assert.Single(run.Journal, j => j.ActivityId == "end" && j.EventName == "Completed");
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
    }
}
