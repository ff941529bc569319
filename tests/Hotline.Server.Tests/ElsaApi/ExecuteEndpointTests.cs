using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Security.RunawayDefinitions;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// Running a definition as Elsa 3.8's <c>Execute/PostEndpoint</c>, <c>Execute/GetEndpoint</c> and <c>Dispatch/Endpoint</c>
/// do (Elsa.Workflows.Api): the body is read only when it is JSON and not blank, a faulted run is 500 with its state,
/// and <c>x-elsa-workflow-cannot-start</c> is .NET's <c>True</c>/<c>False</c>.
/// </summary>
public sealed class ExecuteEndpointTests : IDisposable
{
    private const string Greeting = "greeting";
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Start → WriteLine → End, published; and Start → Fault, published.</summary>
    private async Task<HttpClient> OwnerWithDefinitions()
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        var greeting = Definition(Greeting, [Activity("start", "Elsa.Start"), Activity("write", "Elsa.WriteLine", ("text", Literal("hello"))), Activity("end", "Elsa.End")],
            [Connect("start", "write"), Connect("write", "end")]);
        var faulting = Definition("faulting", [Activity("start", "Elsa.Start"), Activity("fault", "Elsa.Fault", ("message", Literal("boom")))], [Connect("start", "fault")]);
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(greeting, publish: true)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(faulting, publish: true)).StatusCode);
        return owner;
    }

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, HttpContent? content) =>
        client.PostAsync(new Uri("/elsa/api" + path, UriKind.Relative), content, Token);

    private static async Task<JsonNode> Body(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;

    [Theory]
    [InlineData(null, null)]
    [InlineData("", "application/json")]
    [InlineData("   ", "application/json")]
    [InlineData("anything", "text/plain")]
    public async Task A_post_without_a_json_body_runs_the_published_version(string? body, string? contentType)
    {
        using var owner = await OwnerWithDefinitions();
        HttpContent? content = body is null ? null : new StringContent(body, Encoding.UTF8, contentType!);
        if (content is not null && contentType is not null)
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }

        var response = await Post(owner, $"/workflow-definitions/{Greeting}/execute", content);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("False", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        var instanceId = Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id"));
        var state = (await Body(response))["workflowState"]!;
        Assert.Equal(instanceId, (string)state["id"]!);
        Assert.Equal("Finished", (string)state["subStatus"]!);
    }

    [Fact]
    public async Task Get_execute_takes_its_input_from_the_query_string()
    {
        using var owner = await OwnerWithDefinitions();
        var input = Uri.EscapeDataString("""{"Name":"张三"}""");
        var response = await owner.GetAsync(new Uri($"/elsa/api/workflow-definitions/{Greeting}/execute?input={input}&correlationId=run-1", UriKind.Relative), Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("False", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        var state = (await Body(response))["workflowState"]!;
        Assert.Equal("张三", (string)state["input"]!["Name"]!);
        Assert.Equal("run-1", (string)state["correlationId"]!);

        var (bad, problem) = await owner.GetJson($"/workflow-definitions/{Greeting}/execute?input=not-json");
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.NotNull(problem!["errors"]!["input"]);
    }

    [Fact]
    public async Task A_run_that_faults_answers_500_with_the_workflow_state()
    {
        using var owner = await OwnerWithDefinitions();
        var response = await Post(owner, "/workflow-definitions/faulting/execute", null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("False", Assert.Single(response.Headers.GetValues("x-elsa-workflow-cannot-start")));
        var state = (await Body(response))["workflowState"]!;
        Assert.Equal("Faulted", (string)state["subStatus"]!);
        Assert.Single(state["incidents"]!.AsArray());
        Assert.Equal(Assert.Single(response.Headers.GetValues("x-elsa-workflow-instance-id")), (string)state["id"]!);
    }

    [Fact]
    public async Task A_missing_version_is_a_plain_404_and_a_malformed_json_body_a_400()
    {
        using var owner = await OwnerWithDefinitions();
        var missing = await Post(owner, "/workflow-definitions/no-such-definition/execute", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.False(missing.Headers.Contains("x-elsa-workflow-cannot-start"));

        var malformed = await Post(owner, $"/workflow-definitions/{Greeting}/execute", new StringContent("{\"input\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        var badVersion = await Post(owner, $"/workflow-definitions/{Greeting}/execute", new StringContent("""{"versionOptions":"Sideways"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.StatusCode);
        Assert.Equal(0, (int)(await owner.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
    }

    [Fact]
    public async Task Dispatch_answers_the_new_instance_id()
    {
        using var owner = await OwnerWithDefinitions();
        var (status, body) = await owner.PostJson($"/workflow-definitions/{Greeting}/dispatch", new { correlationId = "dispatched", input = new { Name = "李四" } });

        Assert.Equal(HttpStatusCode.OK, status);
        var instanceId = (string)body!["workflowInstanceId"]!;
        var (_, instance) = await owner.GetJson($"/workflow-instances/{instanceId}");
        Assert.Equal("dispatched", (string)instance!["correlationId"]!);
        Assert.Equal("Finished", (string)instance["subStatus"]!);

        var (chosen, _) = await owner.PostJson($"/workflow-definitions/{Greeting}/dispatch", new { instanceId = "my-own-id" });
        Assert.Equal(HttpStatusCode.BadRequest, chosen);
        Assert.Equal(HttpStatusCode.OK, (await Post(owner, $"/workflow-definitions/{Greeting}/dispatch", null)).StatusCode);
    }

    [Fact]
    public async Task Strangers_readers_and_other_counties_cannot_run_a_definition()
    {
        using var owner = await OwnerWithDefinitions();
        using var anonymous = host.Anonymous();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        using var otherCounty = await host.ClientAsync("qu", HotlineRole.ProcessOwner);

        foreach (var path in new[] { $"/workflow-definitions/{Greeting}/execute", $"/workflow-definitions/{Greeting}/dispatch" })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Post(anonymous, path, null)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await Post(auditor, path, null)).StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, (await Post(otherCounty, path, null)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.GetJson($"/workflow-definitions/{Greeting}/execute")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await otherCounty.GetJson($"/workflow-definitions/{Greeting}/execute")).Status);
        Assert.Equal(0, (int)(await owner.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
    }
}
