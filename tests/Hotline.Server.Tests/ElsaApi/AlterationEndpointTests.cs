using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi.Fixtures;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// Elsa's alterations API (Elsa.Alterations <c>Run</c> and <c>DryRun</c> endpoints): <c>Migrate</c> and
/// <c>ModifyVariable</c> on the caller's tenant's instances, by process owners only, each journalled with the actor.
/// </summary>
public sealed class AlterationEndpointTests : IDisposable
{
    private const string Sample = SampleDefinition.DefinitionId;
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The sample published as version 1 and run: the instance waits in <c>review</c>.</summary>
    private async Task<(HttpClient Owner, string InstanceId)> RunningOnVersion1()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        Assert.Equal(HttpStatusCode.Created, (await owner.PostJson("/workflow-definitions/import", SampleDefinition.Load().ToJsonString())).Status);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostJson($"/workflow-definitions/{Sample}/publish", new { })).Status);
        var (status, run) = await owner.PostJson($"/workflow-definitions/{Sample}/execute", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        return (owner, (string)run!["workflowState"]!["id"]!);
    }

    /// <summary>Saves a changed copy of the latest version as the next version.</summary>
    private static async Task<int> SaveNextVersion(HttpClient owner, Action<JsonObject> change, bool publish = true)
    {
        var (_, model) = await owner.GetJson($"/workflow-definitions/by-definition-id/{Sample}?versionOptions=Latest");
        change(model!.AsObject());
        var saved = await owner.PostAsJsonAsync("/elsa/api/workflow-definitions", new JsonObject { ["model"] = model.DeepClone(), ["publish"] = publish }, Token);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Token));
        return (int)JsonNode.Parse(await saved.Content.ReadAsStringAsync(Token))!["workflowDefinition"]!["version"]!;
    }

    private static void AddNote(JsonObject model) =>
        model["variables"]!.AsArray().Add(new JsonObject { ["id"] = "noteVariable", ["name"] = "Note", ["typeName"] = "String", ["value"] = "none" });

    private static void RemoveReview(JsonObject model)
    {
        var root = model["root"]!.AsObject();
        var activities = root["activities"]!.AsArray();
        activities.Remove(activities.Single(a => (string)a!["id"]! == "review"));
        var connections = root["connections"]!.AsArray();
        foreach (var connection in connections.Where(c => (string)c!["source"]!["activity"]! == "review" || (string)c["target"]!["activity"]! == "review").ToList())
        {
            connections.Remove(connection);
        }
    }

    private static object Migrate(int version, params string[] ids) =>
        new { alterations = new object[] { new { type = "Migrate", targetVersion = version } }, workflowInstanceIds = ids };

    private static JsonNode Result(JsonNode? body) => Assert.Single(body!["results"]!.AsArray())!;

    // Mirrors Elsa's Elsa.Alterations.IntegrationTests MigrationTests "Migrating from version 1 to 2 succeeds": the
    // instance is at version 2 afterwards. Here the instance is waiting, and ModifyVariable runs in the same plan.
    [Fact]
    public async Task Migrate_and_modify_variable_apply_together_and_are_journalled_with_the_actor()
    {
        var (owner, instanceId) = await RunningOnVersion1();
        using var _ = owner;
        Assert.Equal(2, await SaveNextVersion(owner, AddNote));

        var (status, body) = await owner.PostJson("/alterations/run", new
        {
            alterations = new object[]
            {
                new { type = "Migrate", targetVersion = 2 },
                new { type = "ModifyVariable", variableId = "ticketNumberVariable", value = "12345-0001" },
            },
            workflowInstanceIds = new[] { instanceId },
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var result = Result(body);
        Assert.Equal(instanceId, (string)result["workflowInstanceId"]!);
        Assert.True((bool)result["isSuccessful"]!, result.ToJsonString());
        Assert.Equal(2, result["log"]!["logEntries"]!.AsArray().Count);
        var (_, instance) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal(2, (int)instance!["version"]!);
        Assert.Equal("Suspended", (string)instance["subStatus"]!);
        var (_, variables) = await owner.GetJson($"/workflow-instances/{instanceId}/variables");
        Assert.Equal("12345-0001", (string)variables!["items"]!.AsArray().Single(v => (string)v!["id"]! == "ticketNumberVariable")!["value"]!);
        Assert.Equal("none", (string)variables["items"]!.AsArray().Single(v => (string)v!["id"]! == "noteVariable")!["value"]!);

        var (_, journal) = await owner.GetJson($"/workflow-instances/{instanceId}/journal?skip=0&take=100");
        // The journal names the actor as staff see them: the demo process owner's display name is the role's title.
        var migrated = journal!["items"]!.AsArray().Single(j => (string)j!["eventName"]! == "Migrated")!;
        Assert.Equal(HotlineRole.ProcessOwner.Title(), (string)migrated["actor"]!);
        Assert.Equal("Migrated from version 1 to version 2.", (string)migrated["message"]!);
        Assert.Equal(HotlineRole.ProcessOwner.Title(), (string)journal["items"]!.AsArray().Single(j => (string)j!["eventName"]! == "VariableModified")!["actor"]!);

        // The migrated instance goes on in version 2: the review still resumes it.
        var (_, state) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal("review", (string)state!["workflowState"]!["bookmarks"]![0]!["activityId"]!);
    }

    [Fact]
    public async Task A_version_without_the_waiting_activity_a_draft_and_a_missing_version_are_refused_and_change_nothing()
    {
        var (owner, instanceId) = await RunningOnVersion1();
        using var _ = owner;
        Assert.Equal(2, await SaveNextVersion(owner, RemoveReview));
        Assert.Equal(3, await SaveNextVersion(owner, AddNote, publish: false));

        foreach (var (version, reason) in new[] { (2, "'review'"), (3, "not published"), (9, "not found") })
        {
            var (status, body) = await owner.PostJson("/alterations/run", Migrate(version, instanceId));
            Assert.Equal(HttpStatusCode.OK, status);
            var result = Result(body);
            Assert.False((bool)result["isSuccessful"]!);
            var entry = result["log"]!["logEntries"]!.AsArray()[^1]!;
            Assert.Contains(reason, (string)entry["message"]!, StringComparison.Ordinal);
            Assert.Equal("Error", (string)entry["logLevel"]!);
        }

        // A refused alteration keeps the ones before it from applying too.
        var (_, mixed) = await owner.PostJson("/alterations/run", new
        {
            alterations = new object[] { new { type = "ModifyVariable", variableId = "ticketNumberVariable", value = "changed" }, new { type = "Migrate", targetVersion = 2 } },
            workflowInstanceIds = new[] { instanceId },
        });
        Assert.False((bool)Result(mixed)["isSuccessful"]!);
        var (_, instance) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal(1, (int)instance!["version"]!);
        var (_, variables) = await owner.GetJson($"/workflow-instances/{instanceId}/variables");
        Assert.NotEqual("changed", (string?)variables!["items"]![0]!["value"]);
        var (_, journal) = await owner.GetJson($"/workflow-instances/{instanceId}/journal?skip=0&take=100");
        Assert.DoesNotContain(journal!["items"]!.AsArray(), j => (string)j!["eventName"]! is "Migrated" or "VariableModified");
    }

    [Fact]
    public async Task Dry_run_names_the_instances_a_filter_selects_in_the_callers_county()
    {
        var (owner, instanceId) = await RunningOnVersion1();
        using var _ = owner;
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);

        Assert.Equal(instanceId, (string)(await owner.PostJson("/alterations/dry-run", new { definitionIds = new[] { Sample } })).Body!["workflowInstanceIds"]![0]!);
        Assert.Empty((await owner.PostJson("/alterations/dry-run", new { })).Body!["workflowInstanceIds"]!.AsArray());
        Assert.Single((await owner.PostJson("/alterations/dry-run", new { emptyFilterSelectsAll = true })).Body!["workflowInstanceIds"]!.AsArray());
        Assert.Empty((await owner.PostJson("/alterations/dry-run", new { statuses = new[] { "Finished" } })).Body!["workflowInstanceIds"]!.AsArray());
        Assert.Empty((await countyB.PostJson("/alterations/dry-run", new { emptyFilterSelectsAll = true })).Body!["workflowInstanceIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await owner.PostJson("/alterations/dry-run", new { searchTerm = "sample" })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/dry-run", new { statuses = new[] { "Sleeping" } })).Status);
    }

    [Fact]
    public async Task Strangers_readers_other_counties_and_bad_plans_alter_nothing()
    {
        var (owner, instanceId) = await RunningOnVersion1();
        using var _ = owner;
        Assert.Equal(2, await SaveNextVersion(owner, AddNote));
        using var anonymous = host.Anonymous();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/alterations/run", Migrate(2, instanceId))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/alterations/dry-run", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostJson("/alterations/run", Migrate(2, instanceId))).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostJson("/alterations/dry-run", new { })).Status);
        var (foreignStatus, foreign) = await countyB.PostJson("/alterations/run", Migrate(2, instanceId));
        Assert.Equal(HttpStatusCode.OK, foreignStatus);
        Assert.False((bool)Result(foreign)["isSuccessful"]!);
        Assert.Contains("not found", (string)Result(foreign)["log"]!["logEntries"]![0]!["message"]!, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/run", new { alterations = Array.Empty<object>(), workflowInstanceIds = new[] { instanceId } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/run", Migrate(2))).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/run", new { alterations = new[] { new { type = "Migrate" } }, workflowInstanceIds = new[] { instanceId } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/run", new { alterations = new[] { new { type = "Teleport" } }, workflowInstanceIds = new[] { instanceId } })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/alterations/run", "{\"alterations\":")).Status);
        var (unsupported, problem) = await owner.PostJson("/alterations/run", new { alterations = new[] { new { type = "ScheduleActivity", activityId = "review" } }, workflowInstanceIds = new[] { instanceId } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unsupported);
        Assert.Equal("alteration.unsupported", (string)problem!["code"]!);
        var (_, wrongType) = await owner.PostJson("/alterations/run", new { alterations = new[] { new { type = "ModifyVariable", variableId = "noSuchVariable", value = "x" } }, workflowInstanceIds = new[] { instanceId } });
        Assert.False((bool)Result(wrongType)["isSuccessful"]!);

        Assert.Equal(1, (int)(await owner.GetJson($"/workflow-instances/{instanceId}")).Body!["version"]!);
    }
}
