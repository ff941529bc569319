using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi.Fixtures;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

public sealed class InstanceEndpointTests : IDisposable
{
    private const string StudioListBody = """
        {"page":0,"pageSize":10,"searchTerm":"","definitionId":null,"definitionIds":[],"correlationId":null,"version":null,
         "hasIncidents":null,"isSystem":false,"status":null,"statuses":[],"subStatus":null,"subStatuses":[],"orderBy":null,
         "orderDirection":"Descending","timestampFilters":[]}
        """;

    private static readonly string[] ChildNodes =
        ["Workflow1:flowchart1:start", "Workflow1:flowchart1:dispatch", "Workflow1:flowchart1:review", "Workflow1:flowchart1:endApproved", "Workflow1:flowchart1:endRejected"];

    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    /// <summary>Imports the sample as a draft and runs it like Studio's ▶ button; it stops at the review.</summary>
    private async Task<(HttpClient Owner, string InstanceId)> RunSample()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        await owner.PostJson("/workflow-definitions/import", SampleDefinition.Load().ToJsonString());
        var response = await owner.PostAsync(new Uri($"/elsa/api/workflow-definitions/{SampleDefinition.DefinitionId}/execute", UriKind.Relative),
            new StringContent("""{"correlationId":null,"triggerActivityId":null,"versionOptions":"Latest","input":null}""", System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("False", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        return (owner, Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id")));
    }

    [Fact]
    public async Task Run_starts_the_draft_and_answers_with_the_instance_header_once_it_waits()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var (status, instance) = await owner.GetJson($"/workflow-instances/{instanceId}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Running", (string)instance!["status"]!);
        Assert.Equal("Suspended", (string)instance["subStatus"]!);
        Assert.Equal("hotline-sample-v1", (string)instance["definitionVersionId"]!);
        var state = instance["workflowState"]!;
        var bookmark = Assert.Single(state["bookmarks"]!.AsArray())!;
        Assert.Equal("Workflow1:flowchart1:review", (string)bookmark["activityNodeId"]!);
        Assert.Equal("review", (string)bookmark["activityId"]!); // Elsa's Bookmark.ActivityId beside the node id
        Assert.IsType<JsonArray>(state["incidents"]);
        Assert.IsType<JsonObject>(state["input"]);

        var (_, execution) = await owner.GetJson($"/workflow-instances/{instanceId}/execution-state");
        Assert.Equal("Suspended", (string)execution!["workflowSubStatus"]!);
        Assert.Equal("Suspended", (string)execution["subStatus"]!);
    }

    [Fact]
    public async Task The_instance_list_answers_studios_post_and_resolves_through_the_version_ids()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var (status, list) = await owner.PostJson("/workflow-instances", StudioListBody);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)list!["totalCount"]!);
        var row = list["items"]![0]!;
        Assert.Equal(instanceId, (string)row["id"]!);
        Assert.Equal("Suspended", (string)row["subStatus"]!);

        var (_, versions) = await owner.GetJson($"/workflow-definitions?versionOptions=&Ids={(string)row["definitionVersionId"]!}");
        Assert.Single(versions!["items"]!.AsArray());

        var (_, finished) = await owner.PostJson("/workflow-instances", """{"statuses":["Finished"],"orderBy":"LastExecuted"}""");
        Assert.Equal(0, (int)finished!["totalCount"]!);
    }

    [Fact]
    public async Task The_journal_honours_the_viewers_filter_order_and_paging()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var filter = new { filter = new { activityIds = (string[]?)null, activityNodeIds = ChildNodes, excludedActivityTypes = new[] { "Elsa.Workflow", "Elsa.Flowchart" }, eventNames = (string[]?)null } };
        var (status, journal) = await owner.PostJson($"/workflow-instances/{instanceId}/journal?skip=0&take=110", filter);

        Assert.Equal(HttpStatusCode.OK, status);
        var items = journal!["items"]!.AsArray();
        Assert.Equal(items.Count, (int)journal["totalCount"]!);
        Assert.All(items, i => Assert.Contains((string)i!["nodeId"]!, ChildNodes));
        Assert.Equal(items.Select(i => (long)i!["sequence"]!).Order(), items.Select(i => (long)i!["sequence"]!));
        Assert.Contains(items, i => (string)i!["activityId"]! == "dispatch" && (string)i["eventName"]! == "Completed");

        var (_, unfiltered) = await owner.GetJson($"/workflow-instances/{instanceId}/journal");
        Assert.True((int)unfiltered!["totalCount"]! > items.Count, "the unfiltered journal also holds the workflow and flowchart lines");

        var (_, top) = await owner.PostJson($"/workflow-instances/{instanceId}/journal?skip=-1&take=2", filter);
        Assert.Equal((string)items[0]!["id"]!, (string)top!["items"]![0]!["id"]!);

        var (_, second) = await owner.PostJson($"/workflow-instances/{instanceId}/journal?skip=1&take=1", filter);
        Assert.Equal((string)items[1]!["id"]!, (string)Assert.Single(second!["items"]!.AsArray())!["id"]!);
        Assert.Equal(items.Count, (int)second["totalCount"]!);
    }

    [Fact]
    public async Task Activity_executions_carry_outcomes_and_inputs_under_studios_keys_and_the_report_counts_per_node()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var (_, dispatch) = await owner.GetJson($"/activity-executions/list?WorkflowInstanceId={instanceId}&ActivityNodeId=Workflow1%3Aflowchart1%3Adispatch");
        var record = Assert.Single(dispatch!["items"]!.AsArray())!;
        Assert.Equal("Completed", (string)record["status"]!);
        Assert.Equal("Done", (string)record["payload"]!["Outcomes"]![0]!);
        Assert.Equal("WATER-BUREAU", (string)record["activityState"]!["UnitCode"]!);

        var (_, summaries) = await owner.GetJson($"/activity-execution-summaries/list?WorkflowInstanceId={instanceId}&ActivityNodeId=Workflow1%3Aflowchart1%3Adispatch");
        Assert.Null(Assert.Single(summaries!["items"]!.AsArray())!["payload"]);

        var (status, byId) = await owner.GetJson($"/activity-executions/by-id?id={(string)record["id"]!}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("dispatch", (string)byId!["activityId"]!);

        var (_, report) = await owner.PostJson("/activity-executions/report", new { workflowInstanceId = instanceId, activityNodeIds = ChildNodes });
        var stats = report!["stats"]!.AsArray().ToDictionary(s => (string)s!["activityNodeId"]!);
        Assert.Equal(1, (int)stats["Workflow1:flowchart1:dispatch"]!["completedCount"]!);
        Assert.True((bool)stats["Workflow1:flowchart1:review"]!["isBlocked"]!);
        Assert.Equal(1, (int)stats["Workflow1:flowchart1:review"]!["uncompletedCount"]!);
        Assert.False(stats.ContainsKey("Workflow1:flowchart1:endApproved"));

        var (_, stack) = await owner.GetJson($"/activity-executions/{(string)record["id"]!}/call-stack?includeCrossWorkflowChain=True");
        Assert.Equal("dispatch", (string)stack!["items"]!.AsArray()[^1]!["activityId"]!);
        Assert.Equal(stack["items"]!.AsArray().Count, (int)stack["totalCount"]!);
    }

    [Fact]
    public async Task Variables_list_the_definitions_variables_by_id_and_name()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var (_, variables) = await owner.GetJson($"/workflow-instances/{instanceId}/variables");
        var variable = Assert.Single(variables!["items"]!.AsArray())!;
        Assert.Equal("ticketNumberVariable", (string)variable["id"]!);
        Assert.Equal("TicketNumber", (string)variable["name"]!);
    }

    [Fact]
    public async Task Another_tenant_neither_lists_nor_opens_the_instance()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        using var other = await host.ClientAsync("qu", HotlineRole.Auditor);

        var (_, list) = await other.PostJson("/workflow-instances", StudioListBody);
        Assert.Equal(0, (int)list!["totalCount"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetJson($"/workflow-instances/{instanceId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetJson($"/workflow-instances/{instanceId}/journal")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetJson($"/activity-executions/list?WorkflowInstanceId={instanceId}")).Status);

        var (_, own) = await owner.PostJson("/workflow-instances", StudioListBody);
        Assert.Equal(1, (int)own!["totalCount"]!);
    }

    [Fact]
    public async Task An_auditor_cannot_run_or_cancel()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/execute", new { versionOptions = "Latest" })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostJson($"/cancel/workflow-instances/{instanceId}", new { })).Status);
        Assert.Equal(1, (int)(await owner.PostJson("/workflow-instances", StudioListBody)).Body!["totalCount"]!);
    }

    [Fact]
    public async Task Cancel_ends_the_instance_as_cancelled()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var (status, _) = await owner.PostJson($"/cancel/workflow-instances/{instanceId}", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        var (_, instance) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal("Finished", (string)instance!["status"]!);
        Assert.Equal("Cancelled", (string)instance["subStatus"]!);
        Assert.Empty(instance["workflowState"]!["bookmarks"]!.AsArray());
    }

    [Fact]
    public async Task Running_a_definition_without_a_published_version_cannot_start()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        await owner.PostJson("/workflow-definitions/import", SampleDefinition.Load().ToJsonString());
        var response = await owner.PostAsync(new Uri($"/elsa/api/workflow-definitions/{SampleDefinition.DefinitionId}/execute", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(response.Headers.Contains("x-elsa-workflow-cannot-start")); // Elsa's 404 carries no header
    }

    [Fact]
    public async Task Delete_removes_an_instance_with_its_journal_and_an_auditor_may_not()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        var path = new Uri($"/elsa/api/workflow-instances/{instanceId}", UriKind.Relative);

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.DeleteAsync(path, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync(path, TestContext.Current.CancellationToken)).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson($"/workflow-instances/{instanceId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson($"/workflow-instances/{instanceId}/journal")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.DeleteAsync(path, TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Bulk_delete_counts_the_instances_it_removed()
    {
        var (owner, first) = await RunSample();
        using var _ = owner;
        var (status, run) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/execute", new { versionOptions = "Latest" });
        Assert.Equal(HttpStatusCode.OK, status);
        var second = (string)run!["workflowState"]!["id"]!;

        var (deleteStatus, body) = await owner.PostJson("/bulk-actions/delete/workflow-instances/by-id", new { ids = new[] { first, second, "no-such-instance" } });

        Assert.Equal(HttpStatusCode.OK, deleteStatus);
        Assert.Equal(2, (int)body!["deletedCount"]!);
        Assert.Equal(0, (int)(await owner.PostJson("/workflow-instances", StudioListBody)).Body!["totalCount"]!);
    }

    [Fact]
    public async Task An_anonymous_caller_sees_no_instances_of_any_tenant()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        using var anonymous = host.Anonymous();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/workflow-instances", StudioListBody)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJson($"/workflow-instances/{instanceId}")).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJson($"/workflow-instances/{instanceId}/journal")).Status);
    }
}
