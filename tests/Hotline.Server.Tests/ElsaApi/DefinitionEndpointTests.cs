using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi.Fixtures;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

public sealed class DefinitionEndpointTests : IDisposable
{
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private async Task<HttpClient> OwnerWithSample()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var (status, _) = await owner.PostJson("/workflow-definitions/import", SampleDefinition.Load().ToJsonString());
        Assert.Equal(HttpStatusCode.Created, status);
        return owner;
    }

    [Fact]
    public async Task The_list_shows_the_imported_definition_with_links_that_let_an_owner_edit()
    {
        using var owner = await OwnerWithSample();
        var (status, body) = await owner.GetJson("/workflow-definitions?versionOptions=Latest&Page=0&PageSize=10&SearchTerm=&IsSystem=False&OrderDirection=Ascending");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["totalCount"]!);
        var row = body["items"]![0]!;
        Assert.Equal(SampleDefinition.DefinitionId, (string)row["definitionId"]!);
        Assert.Equal("3.8.2.0", (string)row["toolVersion"]!);
        Assert.Equal("Json", (string)row["materializerName"]!);
        Assert.True((bool)row["isMaterializerAvailable"]!);
        Assert.Contains(row["links"]!.AsArray(), l => (string)l!["rel"]! == "publish");
        Assert.Contains(body["links"]!.AsArray(), l => (string)l!["rel"]! == "bulk-publish");
    }

    [Fact]
    public async Task An_auditor_reads_without_edit_links_and_cannot_save()
    {
        using var owner = await OwnerWithSample();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);

        var (_, list) = await auditor.GetJson("/workflow-definitions?versionOptions=Latest");
        Assert.Empty(list!["links"]!.AsArray());
        Assert.Empty(list["items"]![0]!["links"]!.AsArray());

        var (_, definition) = await auditor.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}?versionOptions=Latest");
        Assert.DoesNotContain(definition!["links"]!.AsArray(), l => (string)l!["rel"]! == "publish");

        var edited = definition.DeepClone().AsObject();
        edited["name"] = "Renamed by an auditor";
        var (status, problem) = await auditor.PostJson("/workflow-definitions", new { model = edited, publish = true });
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.NotNull(problem!["errors"]);

        var (_, after) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}");
        Assert.Equal("Hotline sample: dispatch and return review", (string)after!["name"]!);
        Assert.False((bool)after["isPublished"]!);
    }

    [Fact]
    public async Task An_anonymous_caller_cannot_publish()
    {
        using var owner = await OwnerWithSample();
        using var anonymous = host.Anonymous();
        var (status, _) = await anonymous.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/publish", new { });
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Studio_create_with_nulls_gets_defaults_links_and_a_new_definition_id()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var (status, body) = await owner.PostJson("/workflow-definitions", SampleDefinition.StudioCreateBody("Workflow 1"));

        Assert.Equal(HttpStatusCode.OK, status);
        var definition = body!["workflowDefinition"]!;
        Assert.False((bool)body["alreadyPublished"]!);
        Assert.Equal(0, (int)body["consumingWorkflowCount"]!);
        Assert.False(string.IsNullOrEmpty((string?)definition["definitionId"]));
        Assert.Equal(1, (int)definition["version"]!);
        Assert.True((bool)definition["isLatest"]!);
        Assert.IsType<JsonObject>(definition["options"]);
        foreach (var collection in new[] { "variables", "inputs", "outputs", "outcomes" })
        {
            Assert.IsType<JsonArray>(definition[collection]);
        }

        Assert.Contains(definition["links"]!.AsArray(), l => (string)l!["rel"]! == "publish");
        Assert.Equal("Workflow1:a1b2c3d4e5f60718", (string)definition["root"]!["nodeId"]!);
    }

    [Fact]
    public async Task Stale_node_ids_are_recomputed_and_unknown_activity_types_are_refused_naming_the_activity()
    {
        using var owner = await OwnerWithSample();
        var (_, loaded) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}");
        var renamed = loaded!.DeepClone().AsObject();
        renamed["root"]!["activities"]![1]!["id"] = "dispatch2";  // Studio leaves the nodeId as it was
        renamed["root"]!["connections"]![0]!["target"]!["activity"] = "dispatch2";
        renamed["root"]!["connections"]![1]!["source"]!["activity"] = "dispatch2";
        var (_, saved) = await owner.PostJson("/workflow-definitions", new { model = renamed, publish = false });
        Assert.Equal("Workflow1:flowchart1:dispatch2", (string)saved!["workflowDefinition"]!["root"]!["activities"]![1]!["nodeId"]!);

        var unknown = loaded.DeepClone().AsObject();
        unknown["root"]!["activities"]![1]!["type"] = "Hotline.NoSuchThing";
        var (status, problem) = await owner.PostJson("/workflow-definitions", new { model = unknown, publish = false });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(problem!["errors"]!.AsObject(), e => e.Key.StartsWith("dispatch", StringComparison.Ordinal));
        var (_, after) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}");
        Assert.Equal("Hotline.DispatchTicket", (string)after!["root"]!["activities"]![1]!["type"]!);
    }

    [Fact]
    public async Task Autosave_edits_the_draft_in_place_publish_flips_the_flag_and_the_next_save_starts_version_2()
    {
        using var owner = await OwnerWithSample();
        var (_, draft) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}?versionOptions=Latest");

        var (_, saved) = await owner.PostJson("/workflow-definitions", new { model = draft, publish = false });
        Assert.Equal((string)draft!["id"]!, (string)saved!["workflowDefinition"]!["id"]!);
        Assert.Equal(1, (int)saved["workflowDefinition"]!["version"]!);

        var (_, published) = await owner.PostJson("/workflow-definitions", new { model = saved["workflowDefinition"], publish = true });
        Assert.True((bool)published!["workflowDefinition"]!["isPublished"]!);

        var (_, next) = await owner.PostJson("/workflow-definitions", new { model = published["workflowDefinition"], publish = false });
        var version2 = next!["workflowDefinition"]!;
        Assert.Equal(2, (int)version2["version"]!);
        Assert.NotEqual((string)draft["id"]!, (string)version2["id"]!);
        Assert.Contains(version2["links"]!.AsArray(), l => (string)l!["rel"]! == "publish");

        var (_, stillPublished) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}?versionOptions=Published");
        Assert.Equal(1, (int)stillPublished!["version"]!);

        var (_, history) = await owner.GetJson($"/workflow-definitions?versionOptions=AllVersions&DefinitionIds={SampleDefinition.DefinitionId}&Page=0&PageSize=5&OrderBy=Version&OrderDirection=Descending");
        Assert.Equal([2, 1], history!["items"]!.AsArray().Select(i => (int)i!["version"]!));
    }

    [Fact]
    public async Task A_definition_saved_by_studio_reads_back_identical_apart_from_the_edit()
    {
        using var owner = await OwnerWithSample();
        var (_, loaded) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}?versionOptions=Latest");

        var edited = loaded!.DeepClone().AsObject();
        edited["root"]!["activities"]![1]!["unitCode"]!["expression"]!["value"] = "HOUSING-BUREAU";
        edited["root"]!["activities"]![1]!["unitCode"]!["memoryReference"] = null;  // Studio adds this on save
        await owner.PostJson("/workflow-definitions", new { model = edited, publish = false });

        var (_, reread) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}?versionOptions=Latest");
        Assert.True(JsonNode.DeepEquals(edited, reread), $"expected\n{edited}\nread back\n{reread}");
        Assert.False(JsonNode.DeepEquals(loaded, reread));
    }

    [Theory]
    [InlineData("versionoptions=latest&page=0&pagesize=1&issystem=false")]
    [InlineData("VERSIONOPTIONS=Latest&PAGE=0&PAGESIZE=1&ISSYSTEM=FALSE")]
    public async Task Query_names_and_booleans_bind_in_any_casing(string query)
    {
        using var owner = await OwnerWithSample();
        await owner.PostJson("/workflow-definitions", SampleDefinition.StudioCreateBody("Second"));
        var (status, body) = await owner.GetJson("/workflow-definitions?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int)body!["totalCount"]!);
        Assert.Single(body["items"]!.AsArray());
    }

    [Fact]
    public async Task Version_ids_resolve_with_an_empty_version_filter_as_the_instance_list_needs()
    {
        using var owner = await OwnerWithSample();
        var (_, list) = await owner.GetJson("/workflow-definitions?versionOptions=&Ids=hotline-sample-v1&Ids=unknown");
        Assert.Equal("hotline-sample-v1", (string)Assert.Single(list!["items"]!.AsArray())!["id"]!);
    }

    [Theory]
    [InlineData("/workflow-definitions?versionOptions=Newest")]
    [InlineData("/workflow-definitions?Page=-1&PageSize=10")]
    [InlineData("/workflow-definitions?IsSystem=perhaps")]
    [InlineData("/workflow-definitions?OrderBy=Colour")]
    public async Task A_bad_query_is_a_400_naming_the_parameter(string path)
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var (status, body) = await owner.GetJson(path);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body!["errors"]!.AsObject());
    }

    [Fact]
    public async Task Unknown_definitions_and_versions_are_404()
    {
        using var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson("/workflow-definitions/by-definition-id/nope")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await owner.GetJson("/workflow-definitions/by-id/nope")).Status);
        var delete = await owner.DeleteAsync(new Uri("/elsa/api/workflow-definitions/nope", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
    }

    [Fact]
    public async Task Retract_without_a_published_version_is_a_400_with_errors()
    {
        using var owner = await OwnerWithSample();
        var (status, body) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/retract", new { });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body!["errors"]!.AsObject());
    }

    [Fact]
    public async Task Publish_then_retract_through_the_list_actions()
    {
        using var owner = await OwnerWithSample();
        var (_, published) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/publish", new { });
        Assert.True((bool)published!["workflowDefinition"]!["isPublished"]!);
        var (_, again) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/publish", new { });
        Assert.True((bool)again!["alreadyPublished"]!);

        var (status, retracted) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/retract", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)retracted!["isPublished"]!);
        Assert.Contains(retracted["links"]!.AsArray(), l => (string)l!["rel"]! == "publish");
    }

    [Fact]
    public async Task A_name_another_definition_has_is_reported_by_the_check_but_save_and_import_accept_it_as_Elsa_does()
    {
        using var owner = await OwnerWithSample();
        var name = Uri.EscapeDataString("Hotline sample: dispatch and return review");
        Assert.False((bool)(await owner.GetJson($"/workflow-definitions/validation/is-name-unique?name={name}")).Body!["isUnique"]!);
        Assert.True((bool)(await owner.GetJson($"/workflow-definitions/validation/is-name-unique?name={name}&definitionId={SampleDefinition.DefinitionId}")).Body!["isUnique"]!);

        var (status, body) = await owner.PostJson("/workflow-definitions", SampleDefinition.StudioCreateBody("Hotline sample: dispatch and return review"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEqual(SampleDefinition.DefinitionId, (string)body!["workflowDefinition"]!["definitionId"]!);

        var copy = SampleDefinition.Load();
        copy["definitionId"] = "sample-copy";
        copy["id"] = "sample-copy-v1";
        // An activity without "version" is read as the latest registered version of its type (Elsa's activity converter).
        var end = copy["root"]!["activities"]!.AsArray().Single(a => (string)a!["id"]! == "endApproved")!.AsObject();
        end.Remove("version");
        var (imported, definition) = await owner.PostJson("/workflow-definitions/import", copy.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, imported);
        Assert.Equal(1, (int)definition!["root"]!["activities"]!.AsArray().Single(a => (string)a!["id"]! == "endApproved")!["version"]!);
        var (_, list) = await owner.GetJson($"/workflow-definitions?versionOptions=Latest&SearchTerm={name}");
        Assert.Equal(3, (int)list!["totalCount"]!);

        // The check still needs a name to check.
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.GetJson("/workflow-definitions/validation/is-name-unique?name=%20")).Status);
    }

    [Fact]
    public async Task Export_is_a_json_attachment_with_the_schema_first()
    {
        using var owner = await OwnerWithSample();
        var response = await owner.GetAsync(new Uri($"/elsa/api/workflow-definitions/{SampleDefinition.DefinitionId}/export?versionOptions=1&includeConsumingWorkflows=False", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
        Assert.Equal("$schema", document.First().Key);
        Assert.Equal("flowchart1", (string)document["root"]!["id"]!);
    }

    [Fact]
    public async Task Revert_copies_an_old_version_into_a_new_latest_draft_and_deleting_a_version_removes_only_it()
    {
        using var owner = await OwnerWithSample();
        var (_, draft) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}");
        await owner.PostJson("/workflow-definitions", new { model = draft, publish = true });
        await owner.PostJson("/workflow-definitions", new { model = draft, publish = false });  // version 2

        var (status, reverted) = await owner.PostJson($"/workflow-definitions/{SampleDefinition.DefinitionId}/revert/1", new { });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(3, (int)reverted!["version"]!);
        Assert.True((bool)reverted["isLatest"]!);

        var delete = await owner.DeleteAsync(new Uri($"/elsa/api/workflow-definition-versions/{(string)reverted["id"]!}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var (_, latest) = await owner.GetJson($"/workflow-definitions/by-definition-id/{SampleDefinition.DefinitionId}");
        Assert.Equal(2, (int)latest!["version"]!);
    }

    [Fact]
    public async Task Bulk_publish_reports_each_definition()
    {
        using var owner = await OwnerWithSample();
        var (status, body) = await owner.PostJson("/bulk-actions/publish/workflow-definitions/by-definition-ids", new { definitionIds = new[] { SampleDefinition.DefinitionId, "nope" } });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(SampleDefinition.DefinitionId, (string)body!["published"]![0]!);
        Assert.Equal("nope", (string)body["notFound"]![0]!);
        Assert.Empty(body["alreadyPublished"]!.AsArray());
        Assert.Empty(body["updatedConsumers"]!.AsArray());
    }

    [Fact]
    public async Task Deleting_a_definition_removes_every_version()
    {
        using var owner = await OwnerWithSample();
        var delete = await owner.DeleteAsync(new Uri($"/elsa/api/workflow-definitions/{SampleDefinition.DefinitionId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var (_, list) = await owner.GetJson("/workflow-definitions?versionOptions=");
        Assert.Equal(0, (int)list!["totalCount"]!);
    }
}
