using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// <c>POST /api/tickets/dispatch-batch</c>: the queue's 批量派单 over HTTP, through the same <see cref="TicketBatch"/>.
/// Per-ticket results; a batch wrong as a whole (no key, no tickets, too many, the lead among the co-units, an over-long
/// note) is refused as problem details before any ticket moves; no credentials, a wrong role and another tenant's tickets
/// change nothing; a retry with the same key replays.
/// </summary>
public sealed class BatchDispatchApiTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private const string Path = "/api/tickets/dispatch-batch";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> RegisterAsync(string tenant, string content) =>
        (await (await host.ClientAsync(tenant, HotlineRole.Dispatcher)).RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;

    private async Task<(string State, int Revision)> StateAsync(string tenant, string number)
    {
        var view = await (await host.ClientAsync(tenant, HotlineRole.Dispatcher)).GetJsonAsync($"/api/tickets/{number}");
        return (view.GetProperty("state").GetString()!, view.GetProperty("revision").GetInt32());
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, object body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(body, options: HotlineHost.Json) };
        if (key is not null)
            request.Headers.Add("Idempotency-Key", key);
        return client.SendAsync(request, Ct);
    }

    private static async Task<JsonElement[]> ResultsAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"dispatch-batch answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray().ToArray();
    }

    [Fact]
    public async Task A_batch_dispatches_each_ticket_reports_each_refusal_and_a_retry_replays()
    {
        var first = await RegisterAsync("hsb", "红寺堡镇路灯不亮");
        var second = await RegisterAsync("hsb", "红寺堡镇路面破损");
        var foreign = await RegisterAsync("hl", "惠农区路灯不亮");
        var foreignBefore = await StateAsync("hl", foreign);
        var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var body = new { numbers = new[] { first, second, foreign, second }, leadUnitId = DemoAccessSeeder.DemoUnitId("hsb"), coUnitIds = new[] { DemoAccessSeeder.DemoCoUnitId("hsb") }, handlingClass = "Complex", note = "请一并处理" };

        var results = await ResultsAsync(await PostAsync(dispatcher, body, "api-batch-1"));
        Assert.Equal([first, second, foreign], results.Select(r => r.GetProperty("number").GetString()));
        Assert.True(results[0].GetProperty("dispatched").GetBoolean());
        Assert.True(results[1].GetProperty("dispatched").GetBoolean());
        // Another county's ticket is not found, and stays as it was.
        Assert.False(results[2].GetProperty("dispatched").GetBoolean());
        Assert.Equal("ticket.not-found", results[2].GetProperty("code").GetString());
        Assert.Equal(foreignBefore, await StateAsync("hl", foreign));

        var view = await dispatcher.GetJsonAsync($"/api/tickets/{first}");
        Assert.Equal("Dispatched", view.GetProperty("state").GetString());
        Assert.Equal("Complex", view.GetProperty("handlingClass").GetString());
        Assert.Contains(view.GetProperty("units").EnumerateArray(), u => u.GetProperty("role").GetString() == "CoUnit");

        // The same batch again replays; an already dispatched ticket in a new batch is refused for its state.
        var before = await StateAsync("hsb", first);
        Assert.All(await ResultsAsync(await PostAsync(dispatcher, body, "api-batch-1")), r => Assert.True(r.GetProperty("dispatched").GetBoolean() || r.GetProperty("number").GetString() == foreign));
        Assert.Equal(before, await StateAsync("hsb", first));
        var again = Assert.Single(await ResultsAsync(await PostAsync(dispatcher, new { numbers = new[] { first }, leadUnitId = DemoAccessSeeder.DemoUnitId("hsb") }, "api-batch-2")));
        Assert.Equal("ticket.invalid-state", again.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync("hsb", first));
    }

    [Fact]
    public async Task A_batch_is_refused_without_credentials_to_other_roles_and_for_bad_input_changing_nothing()
    {
        var number = await RegisterAsync("hsb", "红寺堡镇下水道堵塞");
        var before = await StateAsync("hsb", number);
        var lead = DemoAccessSeeder.DemoUnitId("hsb");
        var body = new { numbers = new[] { number }, leadUnitId = lead };

        using (var stranger = host.CreateClient())
            Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(stranger, body, "no-credentials")).StatusCode);
        foreach (var role in new[] { HotlineRole.UnitHandler, HotlineRole.Supervisor, HotlineRole.Auditor })
        {
            var denied = await (await PostAsync(await host.ClientAsync("hsb", role), body, $"denied-{role}")).ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("access.denied", denied.GetProperty("code").GetString());
        }

        var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var bad = new (object Body, string? Key, string Code, string Field)[]
        {
            (body, null, "ticket.input-missing", "Idempotency-Key"),
            (body, new string('k', TicketBatch.MaxBatchKeyLength + 1), "ticket.input-missing", "Idempotency-Key"),
            (new { numbers = Array.Empty<string>(), leadUnitId = lead }, "bad-empty", "request.out-of-range", "numbers"),
            (new { numbers = Enumerable.Range(0, TicketBatch.MaxTickets + 1).Select(i => $"HSB-20260101-{i:0000}").Append(number).ToArray(), leadUnitId = lead }, "bad-many", "request.out-of-range", "numbers"),
            (new { numbers = new[] { number }, leadUnitId = lead, coUnitIds = new[] { lead } }, "bad-co-unit", "dispatch.unit-invalid", "coUnitIds"),
            (new { numbers = new[] { number }, leadUnitId = Guid.Empty }, "bad-lead", "request.invalid", "leadUnitId"),
            (new { numbers = new[] { number }, leadUnitId = lead, note = new string('注', 4001) }, "bad-note", "ticket.input-too-long", "note"),
        };
        foreach (var (badBody, key, code, field) in bad)
        {
            var problem = await (await PostAsync(dispatcher, badBody, key)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal(code, problem.GetProperty("code").GetString());
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }

        var unreadable = await (await dispatcher.PostAsync(Path, new StringContent("{\"numbers\":", System.Text.Encoding.UTF8, "application/json"), Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("request.unreadable", unreadable.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync("hsb", number));

        // The other direction: this county's dispatcher cannot reach another county's ticket either.
        var hlDispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var foreign = Assert.Single(await ResultsAsync(await PostAsync(hlDispatcher, new { numbers = new[] { number }, leadUnitId = DemoAccessSeeder.DemoUnitId("hl") }, "hl-batch")));
        Assert.Equal("ticket.not-found", foreign.GetProperty("code").GetString());
        Assert.Equal(before, await StateAsync("hsb", number));
    }
}
