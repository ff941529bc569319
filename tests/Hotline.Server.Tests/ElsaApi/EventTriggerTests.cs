using System.Net;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Security.RunawayDefinitions;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>
/// Elsa's authenticated event trigger (<c>Events/TriggerAuthenticated</c>, <c>POST /events/{eventName}/trigger</c> with
/// input and correlation id): it resumes the caller's tenant's <c>Elsa.Event</c> bookmarks of that name and starts its
/// published definitions with an <c>Elsa.Event</c> trigger of that name, and never reaches another tenant.
/// </summary>
public sealed class EventTriggerTests : IDisposable
{
    private readonly HotlineHost host = HotlineHost.ForWorkflowDesign();

    public void Dispose() => host.Dispose();

    private static JsonObject Waiting(string definitionId) => Definition(
        definitionId,
        [Activity("start", "Elsa.Start"), Activity("approved", "Elsa.Event", ("eventName", Literal("Approved"))), Activity("end", "Elsa.End")],
        [Connect("start", "approved"), Connect("approved", "end")]);

    private static JsonObject Triggered(string definitionId)
    {
        var trigger = Activity("onApproved", "Elsa.Event", ("eventName", Literal("Approved")));
        trigger["customProperties"] = new JsonObject { ["canStartWorkflow"] = true };
        return Definition(definitionId, [trigger, Activity("end", "Elsa.End")], [Connect("onApproved", "end")]);
    }

    private async Task<(HttpClient Owner, string InstanceId)> WaitingInstance(string correlationId)
    {
        var owner = await host.ClientAsync("hl", HotlineRole.ProcessOwner);
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(Waiting("waits-for-approval"), publish: true)).StatusCode);
        var (status, run) = await owner.PostJson("/workflow-definitions/waits-for-approval/execute", new { correlationId });
        Assert.Equal(HttpStatusCode.OK, status);
        return (owner, (string)run!["workflowState"]!["id"]!);
    }

    [Fact]
    public async Task Triggering_an_event_resumes_the_waiting_instance_of_that_correlation_and_starts_event_triggered_definitions()
    {
        var (owner, waiting) = await WaitingInstance("case-1");
        using var _ = owner;
        var (_, other) = await owner.PostJson("/workflow-definitions/waits-for-approval/execute", new { correlationId = "case-2" });
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(Triggered("starts-on-approval"), publish: true)).StatusCode);

        var (status, body) = await owner.PostJson("/events/Approved/trigger", new { correlationId = "case-1", input = new { by = "张三" } });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, (int)body!["resumed"]!);
        Assert.Equal(1, (int)body["started"]!);
        Assert.Equal("Finished", (string)(await owner.GetJson($"/workflow-instances/{waiting}")).Body!["subStatus"]!);
        Assert.Equal("Suspended", (string)(await owner.GetJson($"/workflow-instances/{(string)other!["workflowState"]!["id"]!}")).Body!["subStatus"]!);
        var (_, started) = await owner.PostJson("/workflow-instances", new { definitionId = "starts-on-approval" });
        var row = Assert.Single(started!["items"]!.AsArray(), i => (string)i!["definitionId"]! == "starts-on-approval")!;
        Assert.Equal("case-1", (string)row["correlationId"]!);
        Assert.Equal("Finished", (string)row["subStatus"]!);

        // Aimed at one instance, the event resumes only it and starts nothing.
        var (_, aimed) = await owner.PostJson("/events/Approved/trigger", new { workflowInstanceId = (string)other["workflowState"]!["id"]! });
        Assert.Equal(1, (int)aimed!["resumed"]!);
        Assert.Equal(0, (int)aimed["started"]!);
    }

    [Fact]
    public async Task An_event_never_reaches_another_county()
    {
        var (owner, waiting) = await WaitingInstance("case-1");
        using var _ = owner;
        Assert.Equal(HttpStatusCode.OK, (await owner.SaveAsync(Triggered("starts-on-approval"), publish: true)).StatusCode);
        using var countyB = await host.ClientAsync("qu", HotlineRole.ProcessOwner);

        var (status, body) = await countyB.PostJson("/events/Approved/trigger", new { correlationId = "case-1" });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, (int)body!["resumed"]!);
        Assert.Equal(0, (int)body["started"]!);
        var (aimed, aimedBody) = await countyB.PostJson("/events/Approved/trigger", new { workflowInstanceId = waiting });
        Assert.Equal(HttpStatusCode.OK, aimed);
        Assert.Equal(0, (int)aimedBody!["resumed"]!);

        Assert.Equal("Suspended", (string)(await owner.GetJson($"/workflow-instances/{waiting}")).Body!["subStatus"]!);
        Assert.Equal(1, (int)(await owner.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);
        Assert.Equal(0, (int)(await countyB.PostJson("/workflow-instances", new { })).Body!["totalCount"]!);

        // County A's own trigger still works after B's attempts.
        Assert.Equal(1, (int)(await owner.PostJson("/events/Approved/trigger", new { })).Body!["resumed"]!);
    }

    [Fact]
    public async Task Strangers_readers_and_bad_bodies_are_refused_and_change_nothing()
    {
        var (owner, waiting) = await WaitingInstance("case-1");
        using var _ = owner;
        using var anonymous = host.Anonymous();
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostJson("/events/Approved/trigger", new { })).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await auditor.PostJson("/events/Approved/trigger", new { })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/events/Approved/trigger", "{\"input\":[1,")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson("/events/Approved/trigger", """{"input":"not an object"}""")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await owner.PostJson($"/events/{new string('x', 201)}/trigger", new { })).Status);

        Assert.Equal("Suspended", (string)(await owner.GetJson($"/workflow-instances/{waiting}")).Body!["subStatus"]!);
    }
}
