using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

public class VariableTests
{
    [Fact]
    public async Task SetVariable_writes_the_innermost_scope_that_declares_the_name()
    {
        var node = Container("node", "Elsa.Flowchart",
            [
                Activity("innerStart", "Elsa.Start"),
                Activity("setInner", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "innerStatus", ["name"] = "Status" }), ("value", Literal("inner"))),
                Activity("copy", "Elsa.SetVariable", ("variable", new JsonObject { ["name"] = "Seen" }), ("value", JavaScript("getVariable('Status')"))),
            ],
            [Connect("innerStart", "setInner"), Connect("setInner", "copy")],
            [Variable("innerStatus", "Status", "String", "inner-initial")]);
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), node, Activity("after", "Elsa.SetVariable", ("variable", new JsonObject { ["name"] = "After" }), ("value", JavaScript("variables.Status")))],
            [Connect("start", "node"), Connect("node", "after")]),
            Variable("status", "Status", "String", "outer"), Variable("seen", "Seen"), Variable("after", "After")));

        await run.StartAsync();

        Assert.Equal("inner", run.Variable("innerStatus", "Workflow1:flowchart1:node")!.GetValue<string>());
        Assert.Equal("outer", run.Variable("status")!.GetValue<string>());
        Assert.Equal("inner", run.Variable("seen")!.GetValue<string>()); // the inner Status hides the outer one
        Assert.Equal("outer", run.Variable("after")!.GetValue<string>()); // outside the container only the outer one is visible
    }

    [Fact]
    public async Task Variables_are_typed_by_their_declaration()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"),
                Activity("set", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "count", ["name"] = "Count" }), ("value", Literal("41"))),
                Activity("inc", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "count", ["name"] = "Count" }), ("value", JavaScript("getVariable('Count') + 1"))),
            ],
            [Connect("start", "set"), Connect("set", "inc")]),
            Variable("count", "Count", "Int32", "0"), Variable("flag", "Flag", "Boolean", "true"), Variable("data", "Data", "Object", """{"a":[1,2]}""")));

        await run.StartAsync();

        Assert.Equal(42, run.Variable("count")!.GetValue<int>());
        Assert.True(run.Variable("flag")!.GetValue<bool>());
        Assert.Equal(2, run.Variable("data")!["a"]![1]!.GetValue<int>());
    }

    [Fact]
    public async Task Variable_expressions_resolve_studios_json_string_reference_by_id_then_name()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"),
                Activity("byId", "Elsa.Correlate", ("correlationId", VariableRef("ticketNumberVariable", "Whatever", "String"))),
                Activity("byName", "Elsa.WriteLine", ("text", Expression("Variable", """{"name":"TicketNumber"}""", "String"))),
                Activity("staleId", "Elsa.SetVariable", ("variable", new JsonObject { ["id"] = "copy", ["name"] = "Copy" }), ("value", VariableRef("deletedLongAgo", "TicketNumber"))),
            ],
            [Connect("start", "byId"), Connect("byId", "byName"), Connect("byName", "staleId")]),
            Variable("ticketNumberVariable", "TicketNumber", "String", "TCK-9"), Variable("copy", "Copy")));

        await run.StartAsync();

        Assert.Equal("TCK-9", run.Instance.CorrelationId);
        Assert.Equal("TCK-9", run.Variable("copy")!.GetValue<string>());
        Assert.Equal("TCK-9", run.Journal.Single(j => j.ActivityId == "byName" && j.EventName == "Completed").Message);
    }

    [Fact]
    public async Task Output_bindings_copy_outputs_into_variables()
    {
        var dispatch = Activity("dispatch", "Hotline.DispatchTicket", ("unitCode", Literal("WATER-BUREAU")));
        dispatch["unit"] = new JsonObject { ["typeName"] = "String", ["memoryReference"] = new JsonObject { ["id"] = "unitVariable" } };
        var run = new Harness(Definition(Flowchart([Activity("start", "Elsa.Start"), dispatch], [Connect("start", "dispatch")]), Variable("unitVariable", "Unit")));

        await run.StartAsync();

        Assert.Equal("WATER-BUREAU", run.Variable("unitVariable")!.GetValue<string>());
    }

    [Fact]
    public async Task Workflow_input_reaches_Input_expressions_and_scripts()
    {
        var run = new Harness(Definition(Flowchart(
            [
                Activity("start", "Elsa.Start"),
                Activity("correlate", "Elsa.Correlate", ("correlationId", Expression("Input", "TicketNumber", "String"))),
                Activity("write", "Elsa.WriteLine", ("text", JavaScript("input.Caller.district + '/' + input.Urgent", "String"))),
            ],
            [Connect("start", "correlate"), Connect("correlate", "write")])));

        await run.StartAsync(new ExecutionRequest
        {
            Input = new Dictionary<string, object?> { ["TicketNumber"] = "TCK-77", ["Caller"] = new { District = "东城" }, ["Urgent"] = true },
        });

        Assert.Equal("TCK-77", run.Instance.CorrelationId);
        Assert.Equal("东城/true", run.Journal.Single(j => j.ActivityId == "write" && j.EventName == "Completed").Message);
        Assert.Equal("TCK-77", run.State.Input["TicketNumber"]!.GetValue<string>());
    }
}
