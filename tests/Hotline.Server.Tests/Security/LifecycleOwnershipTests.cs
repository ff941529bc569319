using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.ElsaApi;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Issue 14: a county's process owner and administrator change only their own county's lifecycle. Each test has its own
/// host, since it changes a demo county's published flows.
/// </summary>
public sealed class LifecycleOwnershipTests
{
    [Theory]
    [InlineData("hk", "hsb")]
    [InlineData("hsb", "hk")]
    public async Task Publishing_supervision_in_one_county_leaves_anothers_and_its_next_ticket_on_its_own(string owner, string county)
    {
        await using var host = new HotlineHost();
        var designer = await host.ClientAsync(owner, HotlineRole.ProcessOwner);
        var theirs = await host.ClientAsync(county, HotlineRole.ProcessOwner);
        var (_, before) = await theirs.GetJson("/workflow-definitions/by-definition-id/supervision?versionOptions=Published");

        var (_, model) = await designer.GetJson("/workflow-definitions/by-definition-id/supervision?versionOptions=Published");
        var edited = model!.DeepClone().AsObject();
        edited["description"] = $"{owner} changed this";
        var (status, saved) = await designer.PostJson("/workflow-definitions", new { model = edited, publish = true });
        Assert.Equal(HttpStatusCode.OK, status);
        var ownerVersion = (int)saved!["workflowDefinition"]!["version"]!;
        Assert.Equal((int)model!["version"]! + 1, ownerVersion);

        var (_, after) = await theirs.GetJson("/workflow-definitions/by-definition-id/supervision?versionOptions=Published");
        Assert.True(JsonNode.DeepEquals(before, after), $"{county}'s supervision changed:\n{after}");

        // The other county's next ticket starts its own published flows, never a version of the owner's.
        var number = await host.DispatchedTicketAsync(county);
        var ticket = await (await host.ClientAsync(county, HotlineRole.Reviewer)).GetJsonAsync($"/api/tickets/{number}");
        var (_, versions) = await theirs.GetJson("/workflow-definitions?versionOptions=Published&PageSize=100");
        var published = versions!["items"]!.AsArray().ToDictionary(d => (string)d!["definitionId"]!, d => (int)d!["version"]!);
        Assert.All(ticket.GetProperty("workflows").EnumerateArray(), w =>
            Assert.Equal(published[w.GetProperty("definitionId").GetString()!], w.GetProperty("version").GetInt32()));
    }

    [Theory]
    [InlineData("hk", "qu")]
    [InlineData("qu", "hk")]
    public async Task Retracting_the_lifecycle_in_one_county_leaves_another_registering(string owner, string county)
    {
        await using var host = new HotlineHost();
        var admin = await host.ClientAsync(owner, HotlineRole.Admin);
        var (status, _) = await admin.PostJson("/workflow-definitions/ticket-lifecycle/retract", new { });
        Assert.Equal(HttpStatusCode.OK, status);

        // The retracting county can no longer register: its own workflows have ended.
        var refused = await (await host.ClientAsync(owner, HotlineRole.Dispatcher)).SendAsync(
            new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
            {
                Content = System.Net.Http.Json.JsonContent.Create(TicketApi.Consultation(), options: HotlineHost.Json),
                Headers = { { "Idempotency-Key", Guid.NewGuid().ToString() } },
            },
            TestContext.Current.CancellationToken);
        Assert.Equal("workflow.step-not-expected", (await refused.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());

        var number = await host.DispatchedTicketAsync(county);
        var (_, lifecycle) = await (await host.ClientAsync(county, HotlineRole.ProcessOwner)).GetJson("/workflow-definitions/by-definition-id/ticket-lifecycle?versionOptions=Published");
        Assert.True((bool)lifecycle!["isPublished"]!);
        Assert.NotNull(await host.LifecycleInstanceAsync(county, number));
    }
}
