using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using static Hotline.Server.Tests.Security.RunawayDefinitions;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// A definition is checked on every way in (designer save, import): safe ids, no connection to a missing activity, a
/// bounded number of activities; a refusal is a problem with a stable code and saves nothing. Exports name their
/// files safely whatever is stored.
/// </summary>
public sealed class DefinitionSafetyTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    public static TheoryData<string, string> Refused => new()
    {
        { "dangling", DefinitionRules.MissingConnectionTargetCode },
        { "too-many", DefinitionRules.TooManyActivitiesCode },
        { "../../etc/passwd", DefinitionRules.UnsafeIdCode },
        { "unsafe-activity", DefinitionRules.UnsafeIdCode },
        { "long-id", DefinitionRules.UnsafeIdCode },
    };

    private static JsonObject Model(string kind) => kind switch
    {
        "dangling" => Definition("dangling", [Activity("start", "Elsa.Start"), Activity("a", "Elsa.WriteLine")], [Connect("start", "a"), Connect("a", "nowhere")]),
        "too-many" => Definition(
            "too-many",
            Enumerable.Range(0, WorkflowLimits.Default.MaxActivitiesPerDefinition + 1).Select(i => Activity($"w{i}", "Elsa.WriteLine")),
            []),
        "unsafe-activity" => Definition("unsafe-activity", [Activity("start", "Elsa.Start"), Activity("../a b", "Elsa.WriteLine")], [Connect("start", "../a b")]),
        "long-id" => Cycle(new string('x', DefinitionRules.MaxIdLength + 1), delay: false),
        var definitionId => Cycle(definitionId, delay: false),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_definition_breaking_a_rule_is_refused_on_save_and_on_import_and_nothing_is_stored(string kind, string code)
    {
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var model = Model(kind);

        var saved = await (await owner.SaveAsync(model)).ProblemAsync(HttpStatusCode.BadRequest);
        var imported = await (await owner.PostAsJsonAsync("/elsa/api/workflow-definitions/import", model, TestContext.Current.CancellationToken))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(code, saved.GetProperty("code").GetString());
        Assert.Equal(code, imported.GetProperty("code").GetString());
        Assert.True(saved.GetProperty("errors").EnumerateObject().Any());
        var list = await owner.GetJsonAsync($"/elsa/api/workflow-definitions?versionOptions=AllVersions&SearchTerm={Uri.EscapeDataString(kind[..Math.Min(kind.Length, 8)])}");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("definitionId").GetString() == (string)model["definitionId"]!);
    }

    [Fact]
    public async Task The_refusal_names_the_dangling_connection()
    {
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);

        var problem = await (await owner.SaveAsync(Model("dangling"))).ProblemAsync(HttpStatusCode.BadRequest);

        var error = problem.GetProperty("errors").GetProperty("flowchart1.connections[1]")[0].GetString();
        Assert.Contains("'nowhere'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_definition_with_a_repeated_property_is_refused_and_nothing_is_stored()
    {
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var json = new JsonObject { ["model"] = Cycle("repeated-key", delay: true), ["publish"] = false }.ToJsonString();
        var repeated = json.Replace("\"name\":", "\"name\":\"first\",\"name\":", StringComparison.Ordinal);
        Assert.NotEqual(json, repeated);

        using var content = new StringContent(repeated, System.Text.Encoding.UTF8, "application/json");
        var problem = await (await owner.PostAsync("/elsa/api/workflow-definitions", content, TestContext.Current.CancellationToken))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("body", problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        var list = await owner.GetJsonAsync("/elsa/api/workflow-definitions?versionOptions=AllVersions&SearchTerm=repeated");
        Assert.DoesNotContain(list.GetProperty("items").EnumerateArray(), d => d.GetProperty("definitionId").GetString() == "repeated-key");
    }

    [Fact]
    public async Task A_sound_definition_still_saves()
    {
        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);

        var response = await owner.SaveAsync(Cycle("sound_definition-1", delay: true));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void Every_shipped_workflow_passes_the_rules()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "workflows"), "*.json");

        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            DefinitionRules.Check(DefinitionDocument.Parse(File.ReadAllText(file)), WorkflowLimits.Default.MaxActivitiesPerDefinition);
        }
    }

    // Its unsafe id differs from the refused theory's: the host is shared, and the theory asserts its id is never stored.
    [Fact]
    public async Task Export_file_names_are_safe_even_for_unsafe_values_stored_before_the_rules()
    {
        using (var scope = host.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            db.Definitions.AddRange(Legacy("legacy-v1", "../../etc/shadow", "legacy"), Legacy("legacy-name-v1", "legacy-name", "..\\..\\legacy"));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        using var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var bulk = await owner.PostAsJsonAsync("/elsa/api/bulk-actions/export/workflow-definitions", new { ids = new[] { "legacy-v1" } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, bulk.StatusCode);
        using var archive = new ZipArchive(await bulk.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("------etc-shadow-v1.json", entry.FullName);
        await using (var stream = await entry.OpenAsync(TestContext.Current.CancellationToken))
        {
            var document = await JsonSerializer.DeserializeAsync<JsonObject>(stream, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Equal("../../etc/shadow", (string)document!["definitionId"]!);
        }

        var single = await owner.GetAsync(new Uri("/elsa/api/workflow-definitions/legacy-name/export", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, single.StatusCode);
        Assert.Equal("------legacy.json", single.Content.Headers.ContentDisposition!.FileNameStar);
    }

    private WorkflowDefinitionRecord Legacy(string versionId, string definitionId, string name)
    {
        var json = DefinitionDocument.ToStoredJson(Cycle("legacy", delay: false));
        return new WorkflowDefinitionRecord
        {
            Id = versionId,
            DefinitionId = definitionId,
            Name = name,
            Version = 1,
            IsLatest = true,
            TenantId = "hsb",
            CreatedAt = host.Clock.GetUtcNow(),
            Json = json,
            ContentHash = DefinitionDocument.Hash(json),
        };
    }
}
