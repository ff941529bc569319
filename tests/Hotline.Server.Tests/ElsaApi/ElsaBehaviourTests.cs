using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// Situations from Elsa 3.8's component and integration suites, driven through <c>/elsa/api</c> the way Elsa's tests drive
/// its REST API: import, publish, execute, then read the instance, its journal and its activity execution records. Each
/// test names the Elsa test it mirrors; the definitions are our own.
/// </summary>
public sealed class ElsaBehaviourTests : IDisposable
{
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private static JsonObject Text(string value, string typeName = "String") =>
        new() { ["typeName"] = typeName, ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = value } };

    private static JsonObject Step(string id, string type, params (string Key, JsonNode? Value)[] inputs)
    {
        var activity = new JsonObject { ["id"] = id, ["name"] = id, ["type"] = type, ["version"] = 1, ["customProperties"] = new JsonObject(), ["metadata"] = new JsonObject() };
        foreach (var (key, value) in inputs)
            activity[key] = value;
        return activity;
    }

    private static JsonObject Line(string id, string text) => Step(id, "Elsa.WriteLine", ("text", Text(text)));

    private static JsonObject Link(string from, string to, string port = "Done") => new()
    {
        ["source"] = new JsonObject { ["activity"] = from, ["port"] = port },
        ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
    };

    private static JsonObject Definition(string definitionId, JsonObject[] activities, JsonObject[] connections, JsonArray? variables = null) => new()
    {
        ["id"] = definitionId + "-v1",
        ["definitionId"] = definitionId,
        ["name"] = definitionId,
        ["version"] = 1,
        ["variables"] = variables ?? [],
        ["customProperties"] = new JsonObject(),
        ["options"] = new JsonObject(),
        ["root"] = new JsonObject
        {
            ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["customProperties"] = new JsonObject(), ["metadata"] = new JsonObject(),
            ["activities"] = new JsonArray([.. activities]), ["connections"] = new JsonArray([.. connections]), ["variables"] = new JsonArray(),
        },
    };

    private static async Task Publish(HttpClient owner, JsonObject definition)
    {
        var (imported, _) = await owner.PostJson("/workflow-definitions/import", definition.ToJsonString());
        Assert.True(imported is HttpStatusCode.Created or HttpStatusCode.OK, $"import answered {imported}");
        var (published, body) = await owner.PostJson($"/workflow-definitions/{(string)definition["definitionId"]!}/publish", new { });
        Assert.Equal(HttpStatusCode.OK, published);
        Assert.True((bool)body!["workflowDefinition"]!["isPublished"]!);
    }

    /// <summary>Executes the published version as Elsa's IExecuteWorkflowApi does and hands back the instance id and workflowState.</summary>
    private static async Task<(string InstanceId, JsonNode State)> Execute(HttpClient owner, string definitionId)
    {
        var response = await owner.PostAsync(new Uri($"/elsa/api/workflow-definitions/{definitionId}/execute", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        return (Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id")), body["workflowState"]!);
    }

    private static async Task<List<string>> Lines(HttpClient owner, string instanceId)
    {
        var (_, journal) = await owner.GetJson($"/workflow-instances/{instanceId}/journal?skip=0&take=100");
        return [.. journal!["items"]!.AsArray()
            .Where(i => (string)i!["activityType"]! == "Elsa.WriteLine" && (string)i["eventName"]! == "Completed")
            .OrderBy(i => (long)i!["sequence"]!)
            .Select(i => (string)i!["message"]!)];
    }

    // Elsa: Scenarios/BasicWorkflows/HelloWorldTests.HelloWorldWorkflow_ShouldReturnOk and
    // Scenarios/WorkflowCompletion/WorkflowCompletionTests.Workflow_ShouldComplete("2630068018ac1f0a"): 200, subStatus Finished.
    [Fact]
    public async Task Hello_world_executes_to_Finished_and_writes_its_line()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        await Publish(owner, Definition("hello-world", [Line("WriteLine1", "Hello World!")], []));

        var (instanceId, state) = await Execute(owner, "hello-world");

        Assert.Equal("Finished", (string)state["subStatus"]!);
        Assert.Equal(["Hello World!"], await Lines(owner, instanceId));
    }

    // Elsa: WorkflowCompletionTests.Workflow_ShouldComplete("5590069018aa4f0e") — a fork into three lines: 200, Finished.
    [Fact]
    public async Task A_fork_into_three_lines_finishes()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        await Publish(owner, Definition("fork",
            [Step("FlowFork1", "Elsa.FlowFork", ("branches", Text("""["One","Two","Three"]""", "Object"))), Line("WriteLine1", "One"), Line("WriteLine2", "Two"), Line("WriteLine3", "Three")],
            [Link("FlowFork1", "WriteLine1", "One"), Link("FlowFork1", "WriteLine2", "Two"), Link("FlowFork1", "WriteLine3", "Three")]));

        var (instanceId, state) = await Execute(owner, "fork");

        Assert.Equal("Finished", (string)state["subStatus"]!);
        Assert.Equal(["One", "Two", "Three"], await Lines(owner, instanceId));
    }

    // Elsa: Scenarios/ImportAndPublish/ImportAndPublishTimerTests.ImportAndPublish_ShouldSucceed_WithGoodTimerWithoutValidator:
    // a draft whose Timer may start the workflow imports and publishes without validation errors.
    [Fact]
    public async Task A_timer_trigger_imports_and_publishes()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var timer = Step("Timer1", "Elsa.Timer", ("interval", Text("00:01:00", "TimeSpan")));
        timer["customProperties"]!["canStartWorkflow"] = true;

        await Publish(owner, Definition("timer-workflow", [Line("WriteLine1", "Hello from timer"), timer], [Link("Timer1", "WriteLine1")]));

        var (_, published) = await owner.GetJson("/workflow-definitions/by-definition-id/timer-workflow?versionOptions=Published");
        Assert.True((bool)published!["isPublished"]!);
    }

    // Elsa: Scenarios/LogPersistenceModes/InputOutputLoggingTests.Workflow_ShouldHonorSettings_WhenExecuting("input-output-logging-1"):
    // the Text input of the four WriteLines is kept: true, false, true, false.
    [Fact]
    public async Task Activity_execution_records_keep_inputs_as_the_log_persistence_modes_say()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        JsonObject Mode(string @default, string text) => new() { ["default"] = @default, ["inputs"] = new JsonObject { ["text"] = text }, ["outputs"] = new JsonObject() };
        var lines = new[] { Line("w1", "kept"), Line("w2", "not kept"), Line("w3", "kept"), Line("w4", "not kept") };
        lines[1]["customProperties"]!["logPersistenceMode"] = Mode("Exclude", "Inherit");
        lines[2]["customProperties"]!["logPersistenceMode"] = Mode("Exclude", "Include");
        lines[3]["customProperties"]!["logPersistenceMode"] = Mode("Include", "Exclude");
        await Publish(owner, Definition("input-output-logging", lines, [Link("w1", "w2"), Link("w2", "w3"), Link("w3", "w4")]));

        var (instanceId, _) = await Execute(owner, "input-output-logging");

        var (_, records) = await owner.GetJson($"/activity-executions/list?WorkflowInstanceId={instanceId}");
        var kept = records!["items"]!.AsArray()
            .Where(r => (string)r!["activityType"]! == "Elsa.WriteLine")
            .OrderBy(r => (string)r!["activityId"]!, StringComparer.Ordinal)
            .Select(r => r!["activityState"] is JsonObject state && state.ContainsKey("Text"));
        Assert.Equal([true, false, true, false], kept);

        using var otherCounty = await host.ClientAsync("qu", HotlineRole.Auditor);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetJson($"/activity-executions/list?WorkflowInstanceId={instanceId}")).Status);
    }

    // Elsa: Scenarios/JsonObjectSerialization/Tests.Test1 — a variable holding an object with "$schema" and "$id" keys, copied
    // into a second one with the generated getVariable1() accessor, survives the instance's serialisation.
    [Fact]
    public async Task Objects_with_dollar_keys_survive_the_instance_state()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        JsonObject Variable(string id, string name) => new() { ["id"] = id, ["name"] = name, ["typeName"] = "Object", ["value"] = null };
        JsonObject Set(string id, string variableId, string variableName, string script) => Step(id, "Elsa.SetVariable",
            ("variable", Variable(variableId, variableName)),
            ("value", new JsonObject { ["typeName"] = "Object", ["expression"] = new JsonObject { ["type"] = "JavaScript", ["value"] = script } }));
        await Publish(owner, Definition("instance-serialization",
            [
                Set("SetVariable1", "variable1", "Variable1", """return { inputSchema: { "$schema": "http://json-schema.org/draft-07/schema#", "$id": "#/definitions/input", type: "object" } };"""),
                Set("SetVariable2", "variable2", "Variable2", "return getVariable1()"),
            ],
            [Link("SetVariable1", "SetVariable2")],
            [Variable("variable1", "Variable1"), Variable("variable2", "Variable2")]));

        var (instanceId, state) = await Execute(owner, "instance-serialization");

        Assert.Equal("Finished", (string)state["subStatus"]!);
        var (status, _) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, variables) = await owner.GetJson($"/workflow-instances/{instanceId}/variables");
        var copied = variables!["items"]!.AsArray().Single(v => (string)v!["name"]! == "Variable2")!["value"]!["inputSchema"]!;
        Assert.Equal("#/definitions/input", (string)copied["$id"]!);
        Assert.Equal("http://json-schema.org/draft-07/schema#", (string)copied["$schema"]!);
    }

    /// <summary>Start → A → C and Start → decide(false) –True→ B → C, where C declares mergeMode Merge.</summary>
    private static JsonObject ForkDecisionMerge()
    {
        var c = Line("C", "C");
        c["customProperties"]!["mergeMode"] = "Merge";
        return Definition("fork-decision-merge",
            [Step("Start1", "Elsa.Start"), Line("A", "A"), Step("Decision1", "Elsa.FlowDecision", ("condition", Text("false", "Boolean"))), Line("B", "B"), c],
            [Link("Start1", "A"), Link("Start1", "Decision1"), Link("Decision1", "B", "True"), Link("A", "C"), Link("B", "C")]);
    }

    // Elsa: JoinBehaviors/ForkDecisionJoinTests.ImplicitJoinMergeShouldNotExecute (token-based: only "A"). Elsa chooses the
    // mode per run or server-wide, never from mergeMode: counter-based, its default, runs C as well.
    [Fact]
    public async Task The_server_flowchart_mode_decides_and_mergeMode_alone_does_not()
    {
        using (var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner))
        {
            await Publish(owner, ForkDecisionMerge());
            var (instanceId, _) = await Execute(owner, "fork-decision-merge");
            Assert.Equal(["A", "C"], await Lines(owner, instanceId));
        }

        using var tokenServer = host.WithWebHostBuilder(b => b.UseSetting("Hotline:Workflows:FlowchartMode", "TokenBased"));
        using var tokenOwner = await HotlineHost.SignInAsync(tokenServer.CreateClient(), "hl", HotlineRole.ProcessOwner);
        var (tokenInstance, state) = await Execute(tokenOwner, "fork-decision-merge");

        Assert.Equal("Finished", (string)state["subStatus"]!);
        Assert.Equal(["A"], await Lines(tokenOwner, tokenInstance));
    }
}
