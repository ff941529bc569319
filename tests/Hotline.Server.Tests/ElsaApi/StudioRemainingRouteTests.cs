using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi.Fixtures;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Security;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// The Studio routes served last: instance export and import (Elsa's <c>WorkflowInstances/Export</c> and
/// <c>WorkflowInstances/Import</c>) and the activity option refresh (<c>ActivityDescriptorOptions/Get</c>).
/// </summary>
public sealed class StudioRemainingRouteTests : IDisposable
{
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private async Task<(HttpClient Owner, string InstanceId)> RunSample()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        await owner.PostJson("/workflow-definitions/import", SampleDefinition.Load().ToJsonString());
        var (status, run) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/execute", new { versionOptions = "Latest" });
        Assert.Equal(HttpStatusCode.OK, status);
        return (owner, (string)run!["workflowState"]!["id"]!);
    }

    private static async Task<byte[]> Export(HttpClient client, string instanceId)
    {
        var response = await client.GetAsync(new Uri($"/elsa/api/workflow-instances/{instanceId}/export?includeBookmarks=true&includeWorkflowExecutionLog=true&includeActivityExecutionLog=true", UriKind.Relative), Token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"workflow-instance-{instanceId}.json", response.Content.Headers.ContentDisposition!.FileName?.Trim('"'));
        return await response.Content.ReadAsByteArrayAsync(Token);
    }

    private static Task<HttpResponseMessage> Import(HttpClient client, byte[] file, string name = "instance.json", string contentType = "application/json")
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(content, "files", name);
        return client.PostAsync(new Uri("/elsa/api/bulk-actions/import/workflow-instances", UriKind.Relative), form, Token);
    }

    [Fact]
    public async Task An_exported_instance_imports_into_another_county_with_the_definition_and_waits_where_it_waited()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        var file = await Export(owner, instanceId);
        var document = JsonNode.Parse(file)!;
        Assert.Equal(instanceId, (string)document["WorkflowState"]!["id"]!);
        Assert.Equal("review", (string)document["Bookmarks"]![0]!["activityNodeId"]!.GetValue<string>().Split(':')[^1]);
        Assert.NotEmpty(document["WorkflowExecutionLogRecords"]!.AsArray());
        Assert.NotEmpty(document["ActivityExecutionRecords"]!.AsArray());

        // The same county already has it: refused, nothing changes.
        var again = await Import(owner, file);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // County B without the definition is refused; once it imports the definition, the instance comes across.
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);
        var copy = document.DeepClone();
        copy["WorkflowState"]!["id"] = "imported-copy";
        var bytes = Encoding.UTF8.GetBytes(copy.ToJsonString());
        var refused = await Import(countyB, bytes);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("instance.definition-unknown", await refused.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);

        var definition = SampleDefinition.Load();
        definition["id"] = "hotline-sample-v1-b";
        await countyB.PostJson("/workflow-definitions/import", definition.ToJsonString());
        copy["WorkflowState"]!["definitionVersionId"] = "hotline-sample-v1-b";
        // A bookmark id is global too: the copy's state names its own.
        foreach (var bookmark in copy["WorkflowState"]!["properties"]!["hotline:engineState"]!["bookmarks"]!.AsArray())
        {
            bookmark!["id"] = "b-" + (string)bookmark["id"]!;
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = await archive.CreateEntry("workflow-instance-imported-copy.json").OpenAsync(Token);
            await entry.WriteAsync(Encoding.UTF8.GetBytes(copy.ToJsonString()), Token);
        }

        var imported = await Import(countyB, zip.ToArray(), "instances.zip", "application/zip");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(1, (int)JsonNode.Parse(await imported.Content.ReadAsStringAsync(Token))!["imported"]!);
        var (status, instance) = await countyB.GetJson("/workflow-instances/imported-copy");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Suspended", (string)instance!["subStatus"]!);
        Assert.Equal("review", (string)instance["workflowState"]!["bookmarks"]![0]!["activityId"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson("/workflow-instances/imported-copy")).Status);
    }

    [Fact]
    public async Task A_copy_imported_into_another_county_never_writes_over_the_source_s_activity_records()
    {
        // County A's instance waits on an event; county B imports a copy of it, whose state names A's record keys.
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);
        var waits = RunawayDefinitions.Definition(
            "waits-for-approval",
            [RunawayDefinitions.Activity("start", "Elsa.Start"), RunawayDefinitions.Activity("approved", "Elsa.Event", ("eventName", RunawayDefinitions.Literal("Approved"))), RunawayDefinitions.Activity("end", "Elsa.End")],
            [RunawayDefinitions.Connect("start", "approved"), RunawayDefinitions.Connect("approved", "end")]);
        foreach (var (client, versionId) in new[] { (owner, "waits-a"), (countyB, "waits-b") })
        {
            waits["id"] = versionId;
            Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/workflow-definitions/import", waits.ToJsonString())).Status);
        }

        var (status, run) = await owner.PostJson("/workflow-definitions/waits-for-approval/execute", new { versionOptions = "Latest" });
        Assert.Equal(HttpStatusCode.OK, status);
        var source = (string)run!["workflowState"]!["id"]!;
        var records = JsonNode.Parse(await Export(owner, source))!["ActivityExecutionRecords"]!.ToJsonString();
        var copy = JsonNode.Parse(await Export(owner, source))!;
        copy["WorkflowState"]!["id"] = "imported-copy";
        copy["WorkflowState"]!["definitionVersionId"] = "waits-b";
        foreach (var bookmark in copy["WorkflowState"]!["properties"]!["hotline:engineState"]!["bookmarks"]!.AsArray())
        {
            bookmark!["id"] = "b-" + (string)bookmark["id"]!;
        }

        Assert.Equal(HttpStatusCode.OK, (await Import(countyB, Encoding.UTF8.GetBytes(copy.ToJsonString()))).StatusCode);

        // Resuming the copy would write its records over A's: refused as a conflict, and nothing changes on either side.
        var (resumed, problem) = await countyB.PostJson("/events/Approved/trigger", new { workflowInstanceId = "imported-copy" });
        Assert.Equal(HttpStatusCode.Conflict, resumed);
        Assert.Equal(409, (int)problem!["status"]!);
        Assert.Equal(records, JsonNode.Parse(await Export(owner, source))!["ActivityExecutionRecords"]!.ToJsonString());
        Assert.Equal("Suspended", (string)(await countyB.GetJson("/workflow-instances/imported-copy")).Body!["subStatus"]!);

        // A's own instance still resumes.
        Assert.Equal(1, (int)(await owner.PostJson("/events/Approved/trigger", new { workflowInstanceId = source })).Body!["resumed"]!);
        Assert.Equal("Finished", (string)(await owner.GetJson($"/workflow-instances/{source}")).Body!["status"]!);
    }

    [Fact]
    public async Task Export_and_import_refuse_strangers_readers_other_counties_and_foreign_files()
    {
        var (owner, instanceId) = await RunSample();
        using var _ = owner;
        using var anonymous = host.Anonymous();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);
        var file = await Export(owner, instanceId);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetJson($"/workflow-instances/{instanceId}/export")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.GetJson($"/workflow-instances/{instanceId}/export")).Status);
        Assert.Equal(HttpStatusCode.OK, (await auditor.GetAsync(new Uri($"/elsa/api/workflow-instances/{instanceId}/export", UriKind.Relative), Token)).StatusCode);
        var bulk = await countyB.PostJson("/bulk-actions/export/workflow-instances", new { ids = new[] { instanceId, "other" } });
        Assert.Equal(HttpStatusCode.NoContent, bulk.Status);

        Assert.Equal(HttpStatusCode.Unauthorized, (await Import(anonymous, file)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(auditor, file)).StatusCode);
        var elsaShaped = JsonNode.Parse(file)!;
        elsaShaped["WorkflowState"]!["properties"] = new JsonObject();
        var foreign = await Import(owner, Encoding.UTF8.GetBytes(elsaShaped.ToJsonString()));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, foreign.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Import(owner, [1, 2, 3], "junk.bin", "application/octet-stream")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/bulk-actions/import/workflow-instances", new { })).Status);
        var unsafeId = JsonNode.Parse(file)!;
        unsafeId["WorkflowState"]!["id"] = "../../etc";
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Import(owner, Encoding.UTF8.GetBytes(unsafeId.ToJsonString()))).StatusCode);
        Assert.Equal(1, (int)(await owner.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
    }

    [Fact]
    public async Task Option_refresh_answers_the_inputs_ui_options_and_404_for_an_unknown_input()
    {
        using var reader = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (status, body) = await reader.PostJson("/descriptors/activities/Elsa.WriteLine/options/Text", new { context = new { } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.IsType<JsonObject>(body!["items"]);
        Assert.Equal(HttpStatusCode.OK, (await reader.PostJson("/descriptors/activities/Elsa.WriteLine/options/text", new { version = 1 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostJson("/descriptors/activities/Elsa.WriteLine/options/Nope", new { })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostJson("/descriptors/activities/Elsa.WriteLine/options/Text", new { version = 9 })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.PostJson("/descriptors/activities/No.Such/options/Text", new { })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await reader.PostJson("/descriptors/activities/Elsa.WriteLine/options/Text", "{\"version\":\"x\"}")).Status);
        using var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/descriptors/activities/Elsa.WriteLine/options/Text", new { })).Status);
    }
}
