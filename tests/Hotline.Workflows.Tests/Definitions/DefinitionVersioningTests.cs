using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Tests.Persistence;
using Hotline.Workflows.Tests.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Definitions;

public sealed class DefinitionVersioningTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // What Studio posts: nulls for the collections it leaves to the server, a WriteLine carrying a marker.
    private static JsonObject Model(string? definitionId, string name, string marker)
    {
        var model = TestWorkflows.Chain(definitionId ?? "", name, TestWorkflows.WriteLine("note", marker));
        model["id"] = null;
        model["definitionId"] = definitionId;
        model["variables"] = null;
        model["options"] = null;
        return model;
    }

    private static string Marker(WorkflowDefinitionRecord record) =>
        DefinitionDocument.ToDocument(record)["root"]!["activities"]![1]!["text"]!["expression"]!["value"]!.GetValue<string>();

    private sealed class Harness(TestDatabase database, ServiceProvider services) : IAsyncDisposable
    {
        private readonly AsyncServiceScope scope = services.CreateAsyncScope();

        public WorkflowDefinitionStore Store => scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>();

        public static async Task<Harness> OpenAsync(WorkflowDatabaseProvider provider)
        {
            var database = await TestDatabase.CreateAsync(provider);
            return new(database, await database.CreateProviderAsync());
        }

        public async ValueTask DisposeAsync()
        {
            await scope.DisposeAsync();
            await services.DisposeAsync();
            await database.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Saving_a_draft_updates_it_in_place_and_saving_after_publish_starts_a_new_draft(WorkflowDatabaseProvider provider)
    {
        await using var harness = await Harness.OpenAsync(provider);
        var store = harness.Store;
        var created = await store.SaveAsync(Model(null, "Lifecycle", "a"), publish: false, Token);
        Assert.True(created.Created);
        var definitionId = created.Definition.DefinitionId;

        var edited = await store.SaveAsync(Model(definitionId, "Lifecycle", "b"), publish: false, Token);
        Assert.Equal(created.Definition.Id, edited.Definition.Id);
        Assert.Equal(1, edited.Definition.Version);

        var published = await store.SaveAsync(Model(definitionId, "Lifecycle", "b"), publish: true, Token);
        Assert.Equal(created.Definition.Id, published.Definition.Id);

        var draft = await store.SaveAsync(Model(definitionId, "Lifecycle", "c"), publish: false, Token);
        Assert.NotEqual(created.Definition.Id, draft.Definition.Id);
        Assert.Equal(2, draft.Definition.Version);

        var all = await store.ListAsync(new DefinitionQuery { DefinitionIds = [definitionId], OrderBy = DefinitionOrder.Version }, cancellationToken: Token);
        Assert.Collection(
            all.Items,
            v1 => Assert.True(v1 is { Version: 1, IsPublished: true, IsLatest: false }),
            v2 => Assert.True(v2 is { Version: 2, IsPublished: false, IsLatest: true }));

        var v1Document = DefinitionDocument.ToDocument(all.Items[0]);
        Assert.Equal("b", Marker(all.Items[0]));
        Assert.Empty(v1Document["variables"]!.AsArray());
        Assert.NotNull(v1Document["options"]);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Publishing_leaves_one_published_version_and_retract_unpublishes_it(WorkflowDatabaseProvider provider)
    {
        await using var harness = await Harness.OpenAsync(provider);
        var store = harness.Store;
        var v1 = (await store.SaveAsync(Model(null, "Screening", "1"), publish: true, Token)).Definition;
        await store.SaveAsync(Model(v1.DefinitionId, "Screening", "2"), publish: false, Token);

        var publish = await store.PublishAsync(v1.DefinitionId, Token);
        Assert.False(publish.AlreadyPublished);
        Assert.Equal(2, publish.Definition.Version);
        Assert.True((await store.PublishAsync(v1.DefinitionId, Token)).AlreadyPublished);

        var published = await store.ListAsync(new DefinitionQuery { DefinitionIds = [v1.DefinitionId], VersionOptions = VersionOptions.Published }, cancellationToken: Token);
        Assert.Equal(2, Assert.Single(published.Items).Version);
        Assert.False((await store.FindByIdAsync(v1.Id, Token))!.IsLatest);

        var retracted = await store.RetractAsync(v1.DefinitionId, Token);
        Assert.True(retracted is { Version: 2, IsPublished: false, IsLatest: true });
        Assert.Null(await store.FindAsync(v1.DefinitionId, VersionOptions.Published, Token));

        var refused = await Assert.ThrowsAsync<WorkflowDefinitionValidationException>(() => store.RetractAsync(v1.DefinitionId, Token));
        Assert.Contains("definitionId", refused.Errors.Keys);
    }

    [Fact]
    public async Task Revert_copies_an_old_version_into_a_new_latest_draft()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var v1 = (await store.SaveAsync(Model(null, "Joint handling", "one"), publish: true, Token)).Definition;
        await store.SaveAsync(Model(v1.DefinitionId, "Joint handling", "two"), publish: true, Token);

        var v3 = await store.RevertAsync(v1.DefinitionId, 1, Token);

        Assert.True(v3 is { Version: 3, IsLatest: true, IsPublished: false });
        Assert.Equal("one", Marker(v3));
        Assert.Equal(2, (await store.FindAsync(v1.DefinitionId, VersionOptions.Published, Token))!.Version);
        await Assert.ThrowsAsync<WorkflowDefinitionNotFoundException>(() => store.RevertAsync(v1.DefinitionId, 9, Token));
    }

    [Fact]
    public async Task Deleting_the_latest_version_promotes_the_previous_one_and_deleting_a_definition_removes_all()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var v1 = (await store.SaveAsync(Model(null, "Supervision", "1"), publish: true, Token)).Definition;
        var v2 = (await store.SaveAsync(Model(v1.DefinitionId, "Supervision", "2"), publish: false, Token)).Definition;

        Assert.True(await store.DeleteVersionAsync(v2.Id, Token));
        Assert.False(await store.DeleteVersionAsync(v2.Id, Token));
        Assert.Equal(1, (await store.FindAsync(v1.DefinitionId, VersionOptions.Latest, Token))!.Version);

        Assert.Equal(1, await store.DeleteAsync(v1.DefinitionId, Token));
        Assert.Equal(0, await store.DeleteAsync(v1.DefinitionId, Token));
    }

    [Fact]
    public async Task Names_may_repeat_across_definitions_as_in_Elsa_and_only_the_check_tells()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var first = (await store.SaveAsync(Model(null, "Return review", "1"), publish: false, Token)).Definition;
        Assert.False(await store.IsNameUniqueAsync("Return review", cancellationToken: Token));
        Assert.True(await store.IsNameUniqueAsync("Return review", first.DefinitionId, Token));

        // Elsa's save and import never check names (its is-name-unique query is advisory, for the designer).
        var second = (await store.SaveAsync(Model(null, "Return review", "2"), publish: false, Token)).Definition;
        Assert.NotEqual(first.DefinitionId, second.DefinitionId);
        Assert.Equal(2, (await store.ListAsync(new DefinitionQuery(), cancellationToken: Token)).TotalCount);
        Assert.False(await store.IsNameUniqueAsync("Return review", first.DefinitionId, Token));
    }

    [Fact]
    public async Task Listing_filters_by_version_options_search_term_and_pages_with_a_total_count()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        foreach (var name in new[] { "Alpha intake", "Beta intake", "Gamma review" })
        {
            var saved = await store.SaveAsync(Model(null, name, "1"), publish: true, Token);
            await store.SaveAsync(Model(saved.Definition.DefinitionId, name, "2"), publish: false, Token);
        }

        var latestPage = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Latest }, new PageRequest(0, 2), Token);
        Assert.Equal(3, latestPage.TotalCount);
        Assert.Equal(["Alpha intake", "Beta intake"], latestPage.Items.Select(x => x.Name));

        var search = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Published, SearchTerm = "INTAKE" }, cancellationToken: Token);
        Assert.Equal(2, search.TotalCount);
        Assert.All(search.Items, x => Assert.Equal(1, x.Version));

        Assert.Equal(6, (await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Parse("") }, cancellationToken: Token)).TotalCount);
        Assert.Equal(3, (await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Parse("2") }, cancellationToken: Token)).TotalCount);
        Assert.Equal(0, (await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.LatestAndPublished }, cancellationToken: Token)).TotalCount);
        Assert.Equal(6, (await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.LatestOrPublished }, cancellationToken: Token)).TotalCount);
        Assert.Throws<FormatException>(() => VersionOptions.Parse("Newest"));
    }

    [Fact]
    public async Task Export_then_import_round_trips_the_document_and_accepts_its_schema()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var original = Model("intake", "Intake", "hello");
        original["root"]!["activities"]![1]!["metadata"] = new JsonObject { ["designer"] = new JsonObject { ["position"] = new JsonObject { ["x"] = 120, ["y"] = 40 } } };
        original["customProperties"] = new JsonObject { ["owner"] = "county-centre" };
        var saved = (await store.SaveAsync(original, publish: true, Token)).Definition;

        var exported = await store.ExportAsync("intake", VersionOptions.Published, Token);
        Assert.Equal(DefinitionDocument.Schema, exported["$schema"]!.GetValue<string>());
        Assert.Equal(saved.Id, exported["id"]!.GetValue<string>());
        Assert.Equal("county-centre", exported["customProperties"]!["owner"]!.GetValue<string>());

        // Importing the export into a fresh database reproduces the same graph.
        await using var other = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var imported = await other.Store.ImportAsync(DefinitionDocument.Parse(exported.ToJsonString()), Token);
        Assert.True(imported.Created);
        Assert.Equal(saved.Id, imported.Definition.Id);
        var reexported = await other.Store.ExportAsync("intake", VersionOptions.Latest, Token);
        Assert.True(JsonNode.DeepEquals(exported["root"], reexported["root"]));
        Assert.Equal(120, reexported["root"]!["activities"]![1]!["metadata"]!["designer"]!["position"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_definition_the_engine_cannot_run_is_refused_with_errors_and_nothing_is_saved()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var model = Model(null, "Broken", "x");
        model["root"]!["activities"]![1]!["type"] = "Hotline.NoSuchActivity";

        var refused = await Assert.ThrowsAsync<WorkflowDefinitionValidationException>(() => harness.Store.SaveAsync(model, publish: false, Token));

        Assert.Contains(refused.Errors.Values.SelectMany(x => x), message => message.Contains("Hotline.NoSuchActivity", StringComparison.Ordinal));
        Assert.Equal(0, (await harness.Store.ListAsync(new DefinitionQuery(), cancellationToken: Token)).TotalCount);
    }

    [Fact]
    public async Task Folder_import_takes_a_file_only_when_its_version_is_newer_than_the_database()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var file = Model("ticket-lifecycle", "Ticket lifecycle", "file-v1");
        file["version"] = 1;
        file["isPublished"] = true;

        Assert.NotNull(await store.ImportIfNewerAsync(file, Token));
        Assert.Null(await store.ImportIfNewerAsync(file, Token));

        // A process owner's designer edit is version 2; an unchanged file (v1) must not overwrite it.
        await store.SaveAsync(Model("ticket-lifecycle", "Ticket lifecycle", "designer"), publish: true, Token);
        Assert.Null(await store.ImportIfNewerAsync(file, Token));

        file = Model("ticket-lifecycle", "Ticket lifecycle", "file-v3");
        file["version"] = 3;
        file["isPublished"] = true;
        var v3 = await store.ImportIfNewerAsync(file, Token);
        Assert.True(v3 is { Version: 3, IsPublished: true, IsLatest: true });
        Assert.Equal("file-v3", Marker((await store.FindAsync("ticket-lifecycle", VersionOptions.Published, Token))!));
    }

    [Fact]
    public async Task Reimport_adds_a_version_after_the_latest_only_when_the_file_differs_from_it()
    {
        await using var harness = await Harness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var store = harness.Store;
        var file = Model("ticket-lifecycle", "Ticket lifecycle", "file");
        file["version"] = 2;
        file["isPublished"] = true;

        Assert.Equal(2, (await store.ReimportAsync(file, Token))!.Version);
        Assert.Null(await store.ReimportAsync(file, Token));

        // A designer edit is version 3; the file comes back as version 4, published, and again only once.
        await store.SaveAsync(Model("ticket-lifecycle", "Ticket lifecycle", "designer"), publish: true, Token);
        var back = await store.ReimportAsync(file, Token);
        Assert.True(back is { Version: 4, IsPublished: true, IsLatest: true });
        Assert.Equal("file", Marker((await store.FindAsync("ticket-lifecycle", VersionOptions.Published, Token))!));
        Assert.Null(await store.ReimportAsync(file, Token));

        // A file that is not published arrives as a draft after the published version.
        var draft = Model("ticket-lifecycle", "Ticket lifecycle", "draft");
        var drafted = await store.ReimportAsync(draft, Token);
        Assert.True(drafted is { Version: 5, IsPublished: false, IsLatest: true });
        Assert.Equal(4, (await store.FindAsync("ticket-lifecycle", VersionOptions.Published, Token))!.Version);
    }
}
