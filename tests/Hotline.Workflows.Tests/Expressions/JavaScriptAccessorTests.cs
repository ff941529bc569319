using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Expressions;

/// <summary>
/// The accessors Elsa's ConfigureEngineWithVariablesAndInputOutputAccessors defines: get/set + the variable name with its
/// first letter upper-cased, and get + the declared input name; names other than letters and digits get none.
/// </summary>
public class JavaScriptAccessorTests
{
    private static JsonObject Set(string id, string variableId, string variableName, string script) =>
        Activity(id, "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = variableId, ["name"] = variableName }), ("value", JavaScript(script)));

    // Elsa: Scenarios/ImportAndExecute/Tests (implicit-loop.json) — a loop counting with getCounter() prints
    // "Do something", "Retry", "Do something", "Done".
    [Fact]
    public async Task An_implicit_loop_counts_with_the_generated_getter()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"), Activity("doSomething", "Elsa.WriteLine", ("text", Literal("Do something"))),
                Set("increment", "counter", "Counter", "getCounter() + 1"),
                Activity("check", "Elsa.FlowDecision", ("condition", JavaScript("getCounter() > 1", "Boolean"))),
                Activity("retry", "Elsa.WriteLine", ("text", Literal("Retry"))), Activity("done", "Elsa.WriteLine", ("text", Literal("Done"))),
            ],
            [
                Connect("start", "doSomething"), Connect("doSomething", "increment"), Connect("increment", "check"),
                Connect("check", "retry", "False"), Connect("retry", "doSomething"), Connect("check", "done", "True"),
            ]), Variable("counter", "Counter", "Int32", "0")));

        await run.StartAsync();

        Assert.Equal(["Do something", "Retry", "Do something", "Done"], run.Journal.Where(j => j.ActivityType == "Elsa.WriteLine" && j.EventName == "Completed").Select(j => j.Message));
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
    }

    [Fact]
    public async Task Setters_write_the_variable_and_inputs_have_getters()
    {
        var definition = Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Set("copy", "seen", "Seen", "setStatus('reviewed'); getTicketNumber() + '/' + getStatus()")],
            [Connect("start", "copy")]), Variable("status", "status", "String", "new"), Variable("seen", "Seen"));
        definition["inputs"] = new JsonArray(new JsonObject { ["name"] = "TicketNumber", ["type"] = "String" });
        var run = new Harness(definition);

        await run.StartAsync(new ExecutionRequest { Input = new Dictionary<string, object?> { ["ticketNumber"] = "HSB-1" } });

        Assert.Equal("reviewed", run.Variable("status")!.GetValue<string>());
        Assert.Equal("HSB-1/reviewed", run.Variable("seen")!.GetValue<string>());
    }

    [Fact]
    public async Task A_name_that_is_not_letters_and_digits_gets_no_accessor()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Set("copy", "seen", "Seen", "getTicket_no()")],
            [Connect("start", "copy")]), Variable("ticket", "ticket_no", "String", "x"), Variable("seen", "Seen")));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        Assert.Contains("getTicket_no", Assert.Single(run.State.Incidents).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_named_Variable_does_not_replace_getVariable()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Set("copy", "seen", "Seen", "getVariable('Variable')")],
            [Connect("start", "copy")]), Variable("v", "Variable", "String", "kept"), Variable("seen", "Seen")));

        await run.StartAsync();

        Assert.Equal("kept", run.Variable("seen")!.GetValue<string>());
    }
}
