using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>
/// Which mode a flowchart runs in: the run's choice (Elsa's RunWorkflowOptions property Flowchart:ExecutionMode), else the
/// definition's customProperties["Flowchart:ExecutionMode"] (this server's extension), else Hotline:Workflows:FlowchartMode.
/// </summary>
public class FlowchartModeTests
{
    /// <summary>start → fork(A, B); A: write; B: wait for event B; both → merge (mergeMode Cascade), which counts its runs.</summary>
    private static JsonObject CascadeMerge(string? definitionMode = null)
    {
        var merge = Activity("merge", "Test.Count");
        merge["customProperties"]!["mergeMode"] = "Cascade";
        var definition = Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["A","B"]"""))),
                Activity("a", "Elsa.WriteLine", ("text", Literal("a"))), Activity("b", "Elsa.Event", ("eventName", Literal("B"))), merge,
            ],
            [Connect("start", "fork"), Connect("fork", "a", "A"), Connect("fork", "b", "B"), Connect("a", "merge"), Connect("b", "merge")]),
            Variable("counter", "Counter", "Int32", "0"));
        if (definitionMode is not null)
            definition["customProperties"] = new JsonObject { ["Flowchart:ExecutionMode"] = definitionMode };
        return definition;
    }

    /// <summary>Runs of 'merge' after the start and after B resumes: counter-based waits for both (0, 1); token-based runs on the first arrival and absorbs the second (1, 1).</summary>
    private static async Task<(int AfterStart, int AfterResume)> Runs(Harness run, ExecutionRequest? request = null)
    {
        await run.StartAsync(request);
        var afterStart = run.Variable("counter")!.GetValue<int>();
        await run.ResumeAsync(run.Bookmark("b"));
        return (afterStart, run.Variable("counter")!.GetValue<int>());
    }

    [Fact]
    public async Task Counter_based_is_the_default_whatever_the_merge_modes()
    {
        Assert.Equal((0, 1), await Runs(new Harness(CascadeMerge())));
    }

    [Fact]
    public async Task The_server_setting_chooses_the_default()
    {
        var settings = new WorkflowEngineSettings { FlowchartMode = FlowchartMode.TokenBased };

        Assert.Equal((1, 1), await Runs(new Harness(CascadeMerge(), settings: settings)));
        Assert.Equal((0, 1), await Runs(new Harness(CascadeMerge("CounterBased"), settings: settings)));
    }

    [Fact]
    public async Task The_definition_property_chooses_over_the_server()
    {
        Assert.Equal((1, 1), await Runs(new Harness(CascadeMerge("TokenBased"))));
    }

    [Fact]
    public async Task The_run_option_chooses_over_the_definition_and_lasts_across_resumes()
    {
        var run = new Harness(CascadeMerge("CounterBased"));

        Assert.Equal((1, 1), await Runs(run, new ExecutionRequest { FlowchartMode = FlowchartMode.TokenBased }));
        Assert.Equal("TokenBased", (string)run.State.Properties["Flowchart:ExecutionMode"]!);
    }
}
