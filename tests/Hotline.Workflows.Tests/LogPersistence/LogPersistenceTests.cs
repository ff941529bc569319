using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.LogPersistence;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.LogPersistence;

/// <summary>
/// What execution records keep, by <c>customProperties.logPersistenceMode</c> (Elsa's older shape) and
/// <c>logPersistenceConfig</c> (strategies and expressions) at workflow, activity and input/output level.
/// </summary>
public class LogPersistenceTests
{
    private const string Strategies = "Elsa.Workflows.LogPersistence.Strategies.";

    private static JsonObject Write(string id, JsonObject? legacy = null)
    {
        var activity = Activity(id, "Elsa.WriteLine", ("text", Literal("text of " + id)));
        if (legacy is not null)
            activity["customProperties"]!["logPersistenceMode"] = legacy;
        return activity;
    }

    private static JsonObject Legacy(string @default, string? text = null) => new()
    {
        ["default"] = @default,
        ["inputs"] = text is null ? new JsonObject() : new JsonObject { ["text"] = text },
        ["outputs"] = new JsonObject(),
    };

    private static JsonObject Strategy(string name) => new() { ["evaluationMode"] = "Strategy", ["strategyType"] = Strategies + name + ", Elsa.Workflows.Core" };

    private static JsonObject Chain(params JsonObject[] activities) => Definition(Flowchart(
        activities,
        activities.Zip(activities.Skip(1), (a, b) => Connect((string)a["id"]!, (string)b["id"]!))));

    /// <summary>For each WriteLine (w1, w2, …), whether its record kept the Text input.</summary>
    private static async Task<bool[]> TextKept(JsonObject definition, WorkflowEngineSettings? settings = null)
    {
        var run = new Harness(definition, settings: settings);
        await run.StartAsync();
        return [.. run.Records.Values.Where(r => r.ActivityType == "Elsa.WriteLine").OrderBy(r => r.ActivityId, StringComparer.Ordinal)
            .Select(r => r.ActivityStateJson is { } json && JsonNode.Parse(json)!.AsObject().ContainsKey("Text"))];
    }

    // Elsa: LogPersistenceModes/InputOutputLoggingTests.Workflow_ShouldHonorSettings_WhenExecuting("input-output-logging-1"):
    // expected true, false, true, false.
    [Fact]
    public async Task Activity_level_modes_decide_per_input()
    {
        var kept = await TextKept(Chain(
            Write("w1"), Write("w2", Legacy("Exclude", "Inherit")), Write("w3", Legacy("Exclude", "Include")), Write("w4", Legacy("Include", "Exclude"))));

        Assert.Equal([true, false, true, false], kept);
    }

    // Elsa: InputOutputLoggingTests.Workflow_ShouldHonorSettings_WhenExecuting("input-output-logging-2"), where the
    // workflow excludes by default: expected true, false, true, false.
    [Fact]
    public async Task A_workflow_default_is_inherited_by_activities_that_name_none()
    {
        var definition = Chain(Write("w1", Legacy("Include", "Inherit")), Write("w2"), Write("w3", Legacy("Inherit", "Include")), Write("w4", Legacy("Inherit", "Exclude")));
        definition["customProperties"] = new JsonObject { ["logPersistenceMode"] = new JsonObject { ["default"] = "Exclude" } };

        var kept = await TextKept(definition);

        Assert.Equal([true, false, true, false], kept);
    }

    [Fact]
    public async Task The_config_shape_names_strategies_and_expressions()
    {
        var byExpression = Write("w2");
        byExpression["customProperties"]!["logPersistenceConfig"] = new JsonObject
        {
            ["inputs"] = new JsonObject
            {
                ["text"] = new JsonObject { ["evaluationMode"] = "Expression", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "getVariable('Keep') ? 'Include' : 'Exclude'" } },
            },
        };
        var byStrategy = Write("w3");
        byStrategy["customProperties"]!["logPersistenceConfig"] = new JsonObject { ["inputs"] = new JsonObject { ["text"] = Strategy("Include") } };
        var failing = Write("w4");
        failing["customProperties"]!["logPersistenceConfig"] = new JsonObject
        {
            ["default"] = Strategy("Include"),
            ["inputs"] = new JsonObject { ["text"] = new JsonObject { ["evaluationMode"] = "Expression", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = "throw new Error('x')" } } },
        };
        var definition = Chain(Write("w1"), byExpression, byStrategy, failing);
        definition["variables"] = new JsonArray(Variable("keep", "Keep", "Boolean", "false"));
        definition["customProperties"] = new JsonObject { ["logPersistenceConfig"] = new JsonObject { ["default"] = Strategy("Exclude") } };

        var kept = await TextKept(definition);

        // w1 inherits Exclude; w2's expression says Exclude; w3 names Include; w4's failing expression falls back to its default, Include.
        Assert.Equal([false, false, true, true], kept);
    }

    [Fact]
    public async Task The_server_default_applies_when_nothing_is_named()
    {
        var kept = await TextKept(Chain(Write("w1"), Write("w2", Legacy("Inherit", "Include"))), new WorkflowEngineSettings { LogPersistenceMode = LogPersistenceMode.Exclude });

        Assert.Equal([false, true], kept);
    }

    [Fact]
    public async Task Outputs_and_the_payload_follow_the_activity_mode()
    {
        var dispatch = Activity("dispatch", "Hotline.DispatchTicket", ("unitCode", Literal("unit-7")));
        dispatch["customProperties"]!["logPersistenceMode"] = new JsonObject
        {
            ["default"] = "Exclude",
            ["inputs"] = new JsonObject { ["unitCode"] = "Include" },
            ["outputs"] = new JsonObject(),
        };
        var run = new Harness(Definition(Flowchart([Activity("start", "Elsa.Start"), dispatch], [Connect("start", "dispatch")])));

        await run.StartAsync();

        var record = run.Records.Values.Single(r => r.ActivityId == "dispatch");
        Assert.Equal("""{"UnitCode":"unit-7"}""", record.ActivityStateJson);
        Assert.Null(record.OutputsJson);
        Assert.Null(record.PayloadJson); // its outcomes are internal state, excluded with the default
        Assert.NotNull(run.Records.Values.Single(r => r.ActivityId == "start").PayloadJson);
    }
}
