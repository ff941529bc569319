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
    public async Task A_copy_imported_into_another_county_resumes_and_finishes_under_its_own_keys_and_the_source_s_records_stay()
    {
        // County A's instance waits on an event; county B imports a copy of it, whose exported state names A's record keys.
        var (owner, countyB, source, export) = await WaitingInCountyAAsync();
        using var _ = owner;
        using var __ = countyB;
        var records = export["ActivityExecutionRecords"]!.ToJsonString();

        Assert.Equal(HttpStatusCode.OK, (await Import(countyB, CopyOf(export, "imported-copy", "waits-b"))).StatusCode);

        // The copy runs under keys of its own: none of A's record or bookmark keys is in it, and it resumes and finishes.
        var copy = (await countyB.GetJson("/workflow-instances/imported-copy")).Body!.ToJsonString();
        Assert.DoesNotContain(Keys(export), copy.Contains);
        await ApproveAsync(countyB, "imported-copy");
        Assert.NotEmpty(JsonNode.Parse(await Export(countyB, "imported-copy"))!["ActivityExecutionRecords"]!.AsArray());

        // A's records are as they were; each county sees only its own instance; A's own instance still finishes.
        Assert.Equal(records, JsonNode.Parse(await Export(owner, source))!["ActivityExecutionRecords"]!.ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson("/workflow-instances/imported-copy")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await countyB.GetJson($"/workflow-instances/{source}")).Status);
        Assert.Equal(0, (int)(await countyB.PostJson("/events/Approved/trigger", new { workflowInstanceId = source })).Body!["resumed"]!);
        await ApproveAsync(owner, source);
    }

    [Fact]
    public async Task A_copy_imported_into_the_same_county_under_a_new_id_resumes_and_finishes_and_the_source_still_does()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var source = await StartWaitingAsync(owner, "waits-a");
        var export = JsonNode.Parse(await Export(owner, source))!;
        var records = export["ActivityExecutionRecords"]!.ToJsonString();

        // Only the instance id changed: record and bookmark keys are renewed by the import.
        Assert.Equal(HttpStatusCode.OK, (await Import(owner, CopyOf(export, "same-county-copy"))).StatusCode);

        Assert.DoesNotContain(Keys(export), (await owner.GetJson("/workflow-instances/same-county-copy")).Body!.ToJsonString().Contains);
        await ApproveAsync(owner, "same-county-copy");
        Assert.Equal(records, JsonNode.Parse(await Export(owner, source))!["ActivityExecutionRecords"]!.ToJsonString());
        await ApproveAsync(owner, source);
    }

    [Fact]
    public async Task Two_copies_sharing_their_keys_in_one_import_each_resume_and_finish()
    {
        var (owner, countyB, source, export) = await WaitingInCountyAAsync();
        using var _ = owner;
        using var __ = countyB;
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var id in new[] { "copy-1", "copy-2" })
            {
                await using var entry = await archive.CreateEntry($"workflow-instance-{id}.json").OpenAsync(Token);
                await entry.WriteAsync(CopyOf(export, id, "waits-b"), Token);
            }
        }

        var imported = await Import(countyB, zip.ToArray(), "instances.zip", "application/zip");
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Equal(2, (int)JsonNode.Parse(await imported.Content.ReadAsStringAsync(Token))!["imported"]!);
        await ApproveAsync(countyB, "copy-1");
        await ApproveAsync(countyB, "copy-2");
        await ApproveAsync(owner, source);
    }

    [Fact]
    public async Task A_copy_with_a_malformed_state_is_refused_with_problem_details_and_nothing_is_written()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        using var anonymous = host.Anonymous();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        var source = await StartWaitingAsync(owner, "waits-a");
        var export = JsonNode.Parse(await Export(owner, source))!;
        var good = CopyOf(export, "good-copy");
        var malformed = JsonNode.Parse(CopyOf(export, "malformed-copy"))!;
        malformed["WorkflowState"]!["properties"]!["hotline:engineState"]!["contexts"]![0]!["id"] = null;

        Assert.Equal(HttpStatusCode.Unauthorized, (await Import(anonymous, good)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Import(auditor, good)).StatusCode);

        // All or nothing: the good copy in the same import is not written either.
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes) in new[] { ("good.json", good), ("malformed.json", Encoding.UTF8.GetBytes(malformed.ToJsonString())) })
        {
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            form.Add(content, "files", name);
        }

        var refused = await owner.PostAsync(new Uri("/elsa/api/bulk-actions/import/workflow-instances", UriKind.Relative), form, Token);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType!.MediaType);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync(Token))!;
        Assert.Equal("instance.unreadable", (string)problem["code"]!);
        Assert.Contains("malformed-copy", (string)problem["title"]!, StringComparison.Ordinal);
        Assert.Equal(1, (int)(await owner.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson("/workflow-instances/good-copy")).Status);
    }

    /// <summary>
    /// County A's process owner with an instance waiting for <c>Approved</c> and its export; county B's, with the same
    /// definition as version <c>waits-b</c>.
    /// </summary>
    private async Task<(HttpClient Owner, HttpClient CountyB, string Source, JsonNode Export)> WaitingInCountyAAsync()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);
        var source = await StartWaitingAsync(owner, "waits-a");
        await ImportWaitingDefinitionAsync(countyB, "waits-b");
        return (owner, countyB, source, JsonNode.Parse(await Export(owner, source))!);
    }

    /// <summary>Imports the definition that waits for an <c>Approved</c> event, as version <paramref name="versionId"/>.</summary>
    private static async Task ImportWaitingDefinitionAsync(HttpClient client, string versionId)
    {
        var waits = RunawayDefinitions.Definition(
            "waits-for-approval",
            [RunawayDefinitions.Activity("start", "Elsa.Start"), RunawayDefinitions.Activity("approved", "Elsa.Event", ("eventName", RunawayDefinitions.Literal("Approved"))), RunawayDefinitions.Activity("end", "Elsa.End")],
            [RunawayDefinitions.Connect("start", "approved"), RunawayDefinitions.Connect("approved", "end")]);
        waits["id"] = versionId;
        Assert.Equal(HttpStatusCode.Created, (await client.PostJson("/workflow-definitions/import", waits.ToJsonString())).Status);
    }

    /// <summary>An instance of the waiting definition, started in <paramref name="client"/>'s county; its id.</summary>
    private static async Task<string> StartWaitingAsync(HttpClient client, string versionId)
    {
        await ImportWaitingDefinitionAsync(client, versionId);
        var (status, run) = await client.PostJson("/workflow-definitions/waits-for-approval/execute", new { versionOptions = "Latest" });
        Assert.Equal(HttpStatusCode.OK, status);
        return (string)run!["workflowState"]!["id"]!;
    }

    /// <summary>The exported file as a copy under <paramref name="id"/>, pinned to <paramref name="versionId"/> when given.</summary>
    private static byte[] CopyOf(JsonNode export, string id, string? versionId = null)
    {
        var copy = export.DeepClone();
        copy["WorkflowState"]!["id"] = id;
        if (versionId is not null)
        {
            copy["WorkflowState"]!["definitionVersionId"] = versionId;
        }

        return Encoding.UTF8.GetBytes(copy.ToJsonString());
    }

    /// <summary>The source's activity record and bookmark keys, as its export lists them.</summary>
    private static List<string> Keys(JsonNode export)
    {
        List<string> keys = [.. export["ActivityExecutionRecords"]!.AsArray().Select(r => (string)r!["id"]!), .. export["Bookmarks"]!.AsArray().Select(b => (string)b!["id"]!)];
        Assert.NotEmpty(keys);
        return keys;
    }

    /// <summary>Triggers <c>Approved</c> for the instance: it resumes once and finishes.</summary>
    private static async Task ApproveAsync(HttpClient client, string instanceId)
    {
        var (status, body) = await client.PostJson("/events/Approved/trigger", new { workflowInstanceId = instanceId });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["resumed"]!);
        Assert.Equal("Finished", (string)(await client.GetJson($"/workflow-instances/{instanceId}")).Body!["status"]!);
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
