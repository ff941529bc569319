using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.ElsaApi;

public sealed class DescriptorLookupTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task Expression_descriptors_offer_a_type_beyond_literal_object_variable_so_the_editor_does_not_crash()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (status, body) = await client.GetJson("/descriptors/expression-descriptors");

        Assert.Equal(HttpStatusCode.OK, status);
        var types = body!["items"]!.AsArray().Select(i => (string)i!["type"]!).ToList();
        Assert.Contains(types, t => t is not ("Literal" or "Object" or "Variable" or "Input"));
        Assert.Equal(types.Count, (int)body["count"]!);
        var javaScript = body["items"]!.AsArray().Single(i => (string)i!["type"]! == "JavaScript")!;
        Assert.Equal("javascript", (string)javaScript["properties"]!["MonacoLanguage"]!);
        Assert.True((bool)javaScript["isBrowsable"]!);
    }

    [Fact]
    public async Task Activity_descriptors_cover_the_flowchart_root_and_the_toolbox_with_unique_type_versions()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (status, body) = await client.GetJson("/descriptors/activities?Refresh=True");

        Assert.Equal(HttpStatusCode.OK, status);
        var items = body!["items"]!.AsArray();
        Assert.Equal(items.Count, (int)body["count"]!);
        var keys = items.Select(d => ((string)d!["typeName"]!, (int)d["version"]!)).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());

        var flowchart = items.Single(d => (string)d!["typeName"]! == "Elsa.Flowchart")!;
        Assert.True((bool)flowchart["isContainer"]!);
        var start = items.Single(d => (string)d!["typeName"]! == "Elsa.Start")!;
        Assert.True((bool)start["isStart"]!);
        Assert.Equal("Action", (string)start["kind"]!);
        var decision = items.Single(d => (string)d!["typeName"]! == "Elsa.FlowDecision")!;
        Assert.Equal(["True", "False"], decision["ports"]!.AsArray().Select(p => (string)p!["name"]!));
        foreach (var descriptor in items)
        {
            Assert.IsType<JsonArray>(descriptor!["inputs"]);
            Assert.IsType<JsonArray>(descriptor["outputs"]);
            Assert.IsType<JsonArray>(descriptor["ports"]);
            Assert.NotNull((string?)descriptor["category"]);
            Assert.All(descriptor["inputs"]!.AsArray(), i => Assert.True((bool)i!["isBrowsable"]!));
        }
    }

    [Fact]
    public async Task Variable_types_are_unique_aliases()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (_, body) = await client.GetJson("/descriptors/variables");
        var names = body!["items"]!.AsArray().Select(i => (string)i!["typeName"]!).ToList();
        Assert.Contains("String", names);
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    [Theory]
    [InlineData("/descriptors/workflow-activation-strategies")]
    [InlineData("/descriptors/incident-strategies")]
    [InlineData("/descriptors/log-persistence-strategies")]
    [InlineData("/descriptors/commit-strategies/workflows")]
    [InlineData("/descriptors/commit-strategies/activities")]
    [InlineData("/descriptors/output-converters?sourceType=String&destinationType=Int32")]
    [InlineData("/features/installed")]
    public async Task Lookup_lists_answer_200_with_an_items_array(string path)
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (status, body) = await client.GetJson(path);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.IsType<JsonArray>(body!["items"]);
    }

    [Fact]
    public async Task Storage_drivers_carry_priority_and_deprecation()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (_, body) = await client.GetJson("/descriptors/storage-drivers");
        var driver = body!["items"]!.AsArray().First()!;
        Assert.NotNull((string?)driver["typeName"]);
        Assert.NotNull(driver["priority"]);
        Assert.False((bool)driver["deprecated"]!);
    }

    [Fact]
    public async Task Installed_features_never_advertise_realtime_updates()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var (_, body) = await client.GetJson("/features/installed");
        Assert.DoesNotContain(body!["items"]!.AsArray(), f => ((string?)f!["fullName"])?.Contains("RealTime", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Javascript_type_definitions_answer_plain_text()
    {
        using var client = await host.ClientAsync("hl", HotlineRole.Auditor);
        var response = await client.PostAsync(new Uri("/elsa/api/scripting/javascript/type-definitions/x", UriKind.Relative),
            new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }
}
