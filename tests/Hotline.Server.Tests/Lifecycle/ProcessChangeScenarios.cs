using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
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

    private static readonly object Reply = new { measures = "已现场处理并修复", callerNotice = "已电话告知来电人", resolution = "Resolved" };

    [Fact]
    public async Task A_process_owner_migrates_a_running_ticket_to_a_version_that_adds_the_reply_review_and_the_ticket_follows_it()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 9));
        var owner = await s.AsAsync(HotlineRole.ProcessOwner);

        // Version A: the shipped lifecycle without the reply review (a reply goes straight to the revisit).
        var withReview = await PublishedLifecycleAsync(owner);
        var withoutReview = withReview.DeepClone().AsObject();
        var root = withoutReview["root"]!.AsObject();
        var activities = root["activities"]!.AsArray();
        foreach (var id in new[] { "replyReview", "notifySentBack" })
        {
            activities.Remove(activities.Single(a => a!["id"]!.GetValue<string>() == id));
        }

        var connections = root["connections"]!.AsArray();
        foreach (var connection in connections.Where(c => c!["source"]!["activity"]!.GetValue<string>() is "replyReview" or "notifySentBack").ToList())
        {
            connections.Remove(connection);
        }

        connections.Single(c => c!["source"]!["activity"]!.GetValue<string>() == "handling" && c["source"]!["port"]!.GetValue<string>() == "Replied")!["target"]!["activity"] = "revisit";
        var versionA = await SaveAndPublishAsync(owner, withoutReview);

        var migrated = await s.RegisterAsync(Intake("Complaint"));
        var stays = await s.RegisterAsync(Intake("Complaint", content: "留在旧版本的工单"));
        foreach (var number in new[] { migrated, stays })
        {
            await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
            await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
            Assert.Equal(versionA, Lifecycle(await s.TicketAsync(number)).GetProperty("version").GetInt32());
        }

        // Version B adds the reply review back; the owner moves one running ticket to it.
        var versionB = await SaveAndPublishAsync(owner, withReview);
        var instanceId = Lifecycle(await s.TicketAsync(migrated)).GetProperty("id").GetString()!;
        var dryRun = await owner.PostAsJsonAsync("/elsa/api/alterations/dry-run", new { correlationIds = new[] { migrated }, definitionIds = new[] { "ticket-lifecycle" } }, TestContext.Current.CancellationToken);
        Assert.Equal(instanceId, Assert.Single((await dryRun.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken))!["workflowInstanceIds"]!.AsArray())!.GetValue<string>());
        var run = await owner.PostAsJsonAsync("/elsa/api/alterations/run", new
        {
            alterations = new[] { new { type = "Migrate", targetVersion = versionB } },
            workflowInstanceIds = new[] { instanceId },
        }, TestContext.Current.CancellationToken);
        var result = (await run.Content.ReadFromJsonAsync<JsonNode>(TestContext.Current.CancellationToken))!["results"]![0]!;
        Assert.True(result["isSuccessful"]!.GetValue<bool>(), result.ToJsonString());
        Assert.Equal(versionB, Lifecycle(await s.TicketAsync(migrated)).GetProperty("version").GetInt32());
        Assert.Contains(await s.JournalAsync(instanceId), j => j.ActivityId == "Workflow1" && j.Event == "Migrated" && !string.IsNullOrEmpty(j.Actor));

        // The migrated ticket's reply now waits for the centre's review; the other ticket's lifecycle has no such step.
        await s.AdvanceToAsync(At(2025, 9, 29, 10));
        await s.ActAsync(HotlineRole.UnitHandler, migrated, "reply", Reply);
        var ticket = await s.ActAsync(HotlineRole.Reviewer, migrated, "reply/accept");
        Assert.Contains("ReplyAccepted", ticket.Actions());
        Assert.Contains(await s.JournalAsync(instanceId), j => j.ActivityId == "replyReview" && j.Event == "Completed");

        await s.ActAsync(HotlineRole.UnitHandler, stays, "reply", Reply);
        var refused = await (await s.Reviewer).TryActAsync(stays, "reply/accept");
        var problem = await refused.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("workflow.step-not-expected", problem.GetProperty("code").GetString());
        Assert.Equal(versionA, Lifecycle(await s.TicketAsync(stays)).GetProperty("version").GetInt32());
    }

    private static JsonElement Lifecycle(JsonElement ticket) => Assert.Single(InstancesOf(ticket, "ticket-lifecycle"));

    private static async Task<JsonObject> PublishedLifecycleAsync(HttpClient owner) =>
        JsonNode.Parse(await owner.GetStringAsync(new Uri("/elsa/api/workflow-definitions/by-definition-id/ticket-lifecycle?versionOptions=Published", UriKind.Relative), TestContext.Current.CancellationToken))!.AsObject();

    private static async Task<int> SaveAndPublishAsync(HttpClient owner, JsonObject model)
    {
        var saved = await owner.PostAsJsonAsync("/elsa/api/workflow-definitions", new { model, publish = true }, TestContext.Current.CancellationToken);
        var body = await saved.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(saved.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["workflowDefinition"]!["version"]!.GetValue<int>();
    }
}
