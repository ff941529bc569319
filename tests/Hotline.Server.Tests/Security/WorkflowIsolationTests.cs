using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.ElsaApi.Instances;
using Hotline.Server.Tests.ElsaApi;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Issue 14: one county's flows and instances are invisible and untouchable to another, in both directions. A foreign
/// definition or instance is 404, never 403, so its existence does not leak; another county's ticket events never resume
/// a county's instance, and a run named after another county's ticket is refused.
/// </summary>
public sealed class WorkflowIsolationTests : IClassFixture<HotlineHost>
{
    private readonly HotlineHost host;

    public WorkflowIsolationTests(HotlineHost host)
    {
        this.host = host;
        _ = host.Services;
    }

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("hl", "hsb")]
    [InlineData("hsb", "hl")]
    public async Task A_draft_waiting_for_another_countys_ticket_is_not_resumed_when_that_ticket_is_signed(string owner, string county)
    {
        // The observed case: the draft ran with the number the other county's next ticket was going to get.
        var first = await host.DispatchedTicketAsync(county);
        var predicted = CrossTenantWorkflows.NextNumber(first);
        var designer = await host.ClientAsync(owner, HotlineRole.ProcessOwner);
        var definitionId = $"wait-signed-{owner}";
        Assert.Equal(HttpStatusCode.Created, (await designer.PostJson("/workflow-definitions/import", CrossTenantWorkflows.WaitForSigned(definitionId).ToJsonString())).Status);
        var (status, run) = await designer.ExecuteAsync(definitionId, predicted);
        Assert.Equal(HttpStatusCode.OK, status);
        var instanceId = (string)run!["workflowState"]!["id"]!;

        var number = await host.DispatchedTicketAsync(county);
        Assert.Equal(predicted, number);
        await (await host.ClientAsync(county, HotlineRole.UnitHandler)).ActAsync(number, "sign");

        var (_, instance) = await designer.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal(("Running", "Suspended"), ((string)instance!["status"]!, (string)instance["subStatus"]!));
        var ticket = await (await host.ClientAsync(county, HotlineRole.Reviewer)).GetJsonAsync($"/api/tickets/{number}");
        Assert.DoesNotContain(ticket.GetProperty("workflows").EnumerateArray(), w => w.GetProperty("id").GetString() == instanceId);
    }

    [Theory]
    [InlineData("hl", "hsb")]
    [InlineData("hsb", "hl")]
    public async Task Running_a_flow_correlated_to_another_countys_ticket_is_refused_and_starts_nothing(string owner, string county)
    {
        var number = await host.DispatchedTicketAsync(county);
        var designer = await host.ClientAsync(owner, HotlineRole.ProcessOwner);
        var definitionId = $"refused-{owner}";
        await designer.PostJson("/workflow-definitions/import", CrossTenantWorkflows.WaitForSigned(definitionId).ToJsonString());
        var before = (int)(await designer.PostJson("/workflow-instances", new { })).Body!["totalCount"]!;

        var (status, problem) = await designer.ExecuteAsync(definitionId, number);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal(ExecuteEndpoints.ForeignCorrelation, (string)problem!["code"]!);
        Assert.NotNull(problem["errors"]!["correlationId"]);
        Assert.Equal(before, (int)(await designer.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);

        // Its own ticket, or no ticket at all, runs; the instance is the caller's county's.
        var own = await host.DispatchedTicketAsync(owner);
        var (ownStatus, run) = await designer.ExecuteAsync(definitionId, own);
        Assert.Equal(HttpStatusCode.OK, ownStatus);
        var instanceId = (string)run!["workflowState"]!["id"]!;
        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientAsync(owner, HotlineRole.Auditor)).GetJson($"/workflow-instances/{instanceId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await (await host.ClientAsync(county, HotlineRole.Auditor)).GetJson($"/workflow-instances/{instanceId}")).Status);
    }

    [Theory]
    [InlineData("hl", "hsb")]
    [InlineData("hsb", "hl")]
    public async Task Importing_an_instance_correlated_to_another_countys_ticket_is_refused_and_imports_nothing(string owner, string county)
    {
        var theirs = await host.DispatchedTicketAsync(county);
        var own = await host.DispatchedTicketAsync(owner);
        var designer = await host.ClientAsync(owner, HotlineRole.ProcessOwner);
        var definitionId = $"import-correlated-{owner}";
        await designer.PostJson("/workflow-definitions/import", CrossTenantWorkflows.WaitForSigned(definitionId).ToJsonString());
        var (_, run) = await designer.ExecuteAsync(definitionId, own);
        var source = (string)run!["workflowState"]!["id"]!;
        var exported = await designer.GetAsync(new Uri($"/elsa/api/workflow-instances/{source}/export?includeBookmarks=true", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, exported.StatusCode);
        var export = JsonNode.Parse(await exported.Content.ReadAsStringAsync(Token))!;
        var before = (int)(await designer.PostJson("/workflow-instances", new { })).Body!["totalCount"]!;

        var refused = await ImportAsync(designer, export, $"{source}-theirs", theirs);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Token))!;
        Assert.Equal(ExecuteEndpoints.ForeignCorrelation, (string)problem["code"]!);
        Assert.Equal(before, (int)(await designer.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);

        // A copy for the county's own ticket imports.
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(designer, export, $"{source}-own", own)).StatusCode);
        Assert.Equal(before + 1, (int)(await designer.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
    }

    /// <summary>Imports the exported instance as a copy under <paramref name="id"/>, correlated to <paramref name="correlationId"/>.</summary>
    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, JsonNode export, string id, string correlationId)
    {
        var copy = export.DeepClone();
        copy["WorkflowState"]!["id"] = id;
        copy["WorkflowState"]!["correlationId"] = correlationId;
        var content = new StringContent(copy.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        return client.PostAsync(new Uri("/elsa/api/bulk-actions/import/workflow-instances", UriKind.Relative), new MultipartFormDataContent { { content, "files", "instance.json" } }, Token);
    }

    [Theory]
    [InlineData("hk", "qu")]
    [InlineData("qu", "hk")]
    public async Task Another_countys_definition_is_404_to_every_read_and_change(string owner, string county)
    {
        var theirs = await host.ClientAsync(county, HotlineRole.ProcessOwner);
        var definitionId = $"only-{county}";
        var (created, imported) = await theirs.PostJson("/workflow-definitions/import", CrossTenantWorkflows.WaitForSigned(definitionId).ToJsonString());
        Assert.Equal(HttpStatusCode.Created, created);
        var versionId = (string)imported!["id"]!;
        var designer = await host.ClientAsync(owner, HotlineRole.ProcessOwner);
        var admin = await host.ClientAsync(owner, HotlineRole.Admin);

        var (_, list) = await designer.GetJson("/workflow-definitions?versionOptions=Latest&PageSize=100");
        Assert.DoesNotContain(list!["items"]!.AsArray(), d => (string)d!["definitionId"]! == definitionId);
        var (_, byVersion) = await designer.GetJson($"/workflow-definitions?versionOptions=&Ids={versionId}");
        Assert.Empty(byVersion!["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetJson($"/workflow-definitions/by-definition-id/{definitionId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetJson($"/workflow-definitions/by-id/{versionId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.GetJson($"/workflow-definitions/{definitionId}/export")).Status);
        foreach (var caller in new[] { designer, admin })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJson($"/workflow-definitions/{definitionId}/publish", new { })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJson($"/workflow-definitions/{definitionId}/retract", new { })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.PostJson($"/workflow-definitions/{definitionId}/revert/1", new { })).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.DeleteAsync(new Uri($"/elsa/api/workflow-definitions/{definitionId}", UriKind.Relative), Token)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.DeleteAsync(new Uri($"/elsa/api/workflow-definition-versions/{versionId}", UriKind.Relative), Token)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await caller.ExecuteAsync(definitionId, null)).Status);
        }

        var (_, bulkPublish) = await designer.PostJson("/bulk-actions/publish/workflow-definitions/by-definition-ids", new { definitionIds = new[] { definitionId } });
        Assert.Equal(definitionId, (string)bulkPublish!["notFound"]![0]!);
        var (_, bulkDelete) = await designer.PostJson("/bulk-actions/delete/workflow-definitions/by-id", new { ids = new[] { versionId } });
        Assert.Equal(0, (int)bulkDelete!["deleted"]!);
        var export = await designer.PostAsync(new Uri("/elsa/api/bulk-actions/export/workflow-definitions", UriKind.Relative), System.Net.Http.Json.JsonContent.Create(new { ids = new[] { versionId } }), Token);
        using (var zip = new ZipArchive(await export.Content.ReadAsStreamAsync(Token)))
        {
            Assert.Empty(zip.Entries);
        }

        // Saving a document under their id makes the caller's own definition and leaves theirs as it was.
        var (saved, mine) = await designer.PostJson("/workflow-definitions", new { model = CrossTenantWorkflows.WaitForSigned(definitionId), publish = true });
        Assert.Equal(HttpStatusCode.OK, saved);
        Assert.NotEqual(versionId, (string)mine!["workflowDefinition"]!["id"]!);
        var (_, after) = await theirs.GetJson($"/workflow-definitions/by-definition-id/{definitionId}");
        Assert.Equal((versionId, 1, false), ((string)after!["id"]!, (int)after["version"]!, (bool)after["isPublished"]!));
    }

    [Theory]
    [InlineData("hsb", "hl")]
    [InlineData("hl", "hsb")]
    public async Task Another_countys_ticket_instances_are_404_to_reads_cancel_and_delete(string reader, string county)
    {
        var number = await host.DispatchedTicketAsync(county);
        var instanceId = await host.LifecycleInstanceAsync(county, number);
        var auditor = await host.ClientAsync(reader, HotlineRole.Auditor);
        var designer = await host.ClientAsync(reader, HotlineRole.ProcessOwner);

        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetJson($"/workflow-instances/{instanceId}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetJson($"/workflow-instances/{instanceId}/journal")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetJson($"/workflow-instances/{instanceId}/variables")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await auditor.GetJson($"/activity-executions/list?WorkflowInstanceId={instanceId}")).Status);
        var (_, list) = await auditor.PostJson("/workflow-instances", new { correlationId = number });
        Assert.Equal(0, (int)list!["totalCount"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.PostJson($"/cancel/workflow-instances/{instanceId}", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await designer.DeleteAsync(new Uri($"/elsa/api/workflow-instances/{instanceId}", UriKind.Relative), Token)).StatusCode);
        Assert.Equal(0, (int)(await designer.PostJson("/bulk-actions/delete/workflow-instances/by-id", new { ids = new[] { instanceId } })).Body!["deletedCount"]!);
        Assert.Equal(0, (int)(await designer.PostJson("/bulk-actions/cancel/workflow-instances", new { ids = new[] { instanceId } })).Body!["cancelledCount"]!);

        // Untouched in its own county, whose auditor reads it.
        var (status, instance) = await (await host.ClientAsync(county, HotlineRole.Auditor)).GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Running", (string)instance!["status"]!);
    }

    [Fact]
    public async Task A_units_staff_see_no_instances_in_studio_not_even_of_their_own_tickets()
    {
        var number = await host.DispatchedTicketAsync("qu");
        var instanceId = await host.LifecycleInstanceAsync("qu", number);
        foreach (var role in new[] { HotlineRole.UnitHandler, HotlineRole.UnitLeader })
        {
            var staff = await host.ClientAsync("qu", role);
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetJson($"/workflow-instances/{instanceId}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await staff.GetJson($"/workflow-instances/{instanceId}/journal")).Status);
            Assert.Equal(0, (int)(await staff.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
        }

        Assert.Equal(HttpStatusCode.OK, (await (await host.ClientAsync("qu", HotlineRole.Reviewer)).GetJson($"/workflow-instances/{instanceId}")).Status);
    }
}
