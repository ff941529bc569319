using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>A process owner changes the lifecycle in Studio: new tickets follow the new version, running ones their own.</summary>
public sealed class ProcessChangeScenarios
{
    [Fact]
    public async Task A_published_lifecycle_without_unit_extensions_governs_new_tickets_while_running_tickets_finish_on_their_version()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9));
        var running = await s.RegisterAsync(Intake("Complaint"));
        await s.ActAsync(HotlineRole.Dispatcher, running, "dispatch", new { leadUnitId = s.Unit });
        await s.ActAsync(HotlineRole.UnitHandler, running, "sign");
        var oldVersion = Assert.Single(InstancesOf(await s.TicketAsync(running), "ticket-lifecycle")).GetProperty("version").GetInt32();

        // The process owner opens the published lifecycle, takes extension requests out of handling, and publishes it.
        var owner = await s.AsAsync(HotlineRole.ProcessOwner);
        var model = JsonNode.Parse(await owner.GetStringAsync(new Uri("/elsa/api/workflow-definitions/by-definition-id/ticket-lifecycle?versionOptions=Published", UriKind.Relative), TestContext.Current.CancellationToken))!.AsObject();
        var root = model["root"]!.AsObject();
        var handling = root["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "handling")!;
        var actions = JsonNode.Parse(handling["actions"]!["expression"]!["value"]!.GetValue<string>())!.AsArray();
        actions.Remove(actions.Single(a => a!.GetValue<string>() == "ExtensionRequested"));
        handling["actions"]!["expression"]!["value"] = actions.ToJsonString();
        var connections = root["connections"]!.AsArray();
        connections.Remove(connections.Single(c => c!["source"]!["activity"]!.GetValue<string>() == "handling" && c["source"]!["port"]!.GetValue<string>() == "ExtensionRequested"));
        var saved = await owner.PostAsJsonAsync("/elsa/api/workflow-definitions", new { model, publish = true }, TestContext.Current.CancellationToken);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var fresh = await s.RegisterAsync(Intake("Complaint", content: "新版本流程下的工单"));
        await s.ActAsync(HotlineRole.Dispatcher, fresh, "dispatch", new { leadUnitId = s.Unit });
        await s.ActAsync(HotlineRole.UnitHandler, fresh, "sign");
        var newVersion = Assert.Single(InstancesOf(await s.TicketAsync(fresh), "ticket-lifecycle")).GetProperty("version").GetInt32();
        Assert.True(newVersion > oldVersion);

        var extension = new { workingDays = 3, reason = "需协调多部门" };
        await s.AdvanceToAsync(At(2025, 10, 9, 9)); // inside QU's application window
        var refused = await (await s.Handler).TryActAsync(fresh, "extension", extension);
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("workflow.step-not-expected", problem.GetProperty("code").GetString());

        var ticket = await s.ActAsync(HotlineRole.UnitHandler, running, "extension", extension);
        Assert.Contains("ExtensionRequested", ticket.Actions());
        Assert.Equal(oldVersion, Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("version").GetInt32());
        await s.ActAsync(HotlineRole.Reviewer, running, "extension/forward"); // QU-EXT-4: the city centre consents
        ticket = await s.ActAsync(HotlineRole.Reviewer, running, "extension/approve");
        Assert.Equal(At(2025, 10, 14, 9), ticket.Clock("Handle").DueAt()); // due Fri 10 Oct 09:00; + 3 wd: Sat 11 (worked), Mon 13, Tue 14
    }
}
