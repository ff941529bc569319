using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// The refusals, retries, conflicts, queues and isolation a client of the ticket API relies on. The tests share
/// one host and its clock, which only moves forward, so none of them depends on the date it starts at.
/// </summary>
public sealed class TicketApiTests : IClassFixture<HotlineHost>
{
    private readonly HotlineHost host;

    public TicketApiTests(HotlineHost host)
    {
        this.host = host;
        _ = host.Services; // start the host: migrations and demo tenants
    }

    private Guid QuUnit => DemoAccessSeeder.DemoUnitId("qu");

    [Fact]
    public async Task A_refused_action_answers_problem_details_with_code_and_rule_and_changes_nothing()
    {
        var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var handler = await host.ClientAsync("hk", HotlineRole.UnitHandler);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hk") });
        await handler.ActAsync(number, "sign");
        var before = await handler.GetJsonAsync($"/api/tickets/{number}");

        // HK-RT-1: a return must be applied for within 24 h after signing.
        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        var response = await handler.TryActAsync(number, "return", new
        {
            reason = "OutOfDuty",
            explanation = "不属于本单位职责",
            basis = "三定方案",
            suggestedUnit = "县自然资源局",
            signedBy = "HeadLeader",
        });

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("return.window-closed", problem.GetProperty("code").GetString());
        Assert.Contains("HK-RT-1", problem.GetProperty("ruleId").GetString(), StringComparison.Ordinal);
        var after = await handler.GetJsonAsync($"/api/tickets/{number}");
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Equal(before.Actions(), after.Actions());
    }

    [Fact]
    public async Task A_retried_action_with_the_same_idempotency_key_applies_once()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var first = await dispatcher.RegisterAsync(TicketApi.Consultation(), key: "call-2025-10-10-001");
        var retry = await dispatcher.RegisterAsync(TicketApi.Consultation(), key: "call-2025-10-10-001");
        var number = first.GetProperty("number").GetString()!;
        Assert.Equal(number, retry.GetProperty("number").GetString());

        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit }, key: "dispatch-1");
        var again = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit }, key: "dispatch-1");

        Assert.Equal(["Registered", "Dispatched"], again.Actions());
    }

    [Fact]
    public async Task A_stale_revision_is_a_conflict_not_a_lost_update()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = ticket.GetProperty("number").GetString()!;
        var seen = ticket.GetProperty("revision").GetInt32();
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit });

        var stale = await dispatcher.TryActAsync(number, "redispatch", new { leadUnitId = QuUnit }, ifMatch: seen);

        var problem = await stale.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("ticket.concurrency-conflict", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_retry_of_an_applied_action_replays_even_though_its_revision_is_now_stale()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = ticket.GetProperty("number").GetString()!;
        var seen = ticket.GetProperty("revision").GetInt32();
        var first = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit }, key: "dispatch-once", ifMatch: seen);
        Assert.True(first.IsSuccessStatusCode);

        // The answer was lost; the client retries with the same key and the revision it saw before.
        var retry = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit }, key: "dispatch-once", ifMatch: seen);
        Assert.True(retry.IsSuccessStatusCode, await retry.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var after = await dispatcher.GetJsonAsync($"/api/tickets/{number}");
        Assert.Equal(["Registered", "Dispatched"], after.Actions());
    }

    [Fact]
    public async Task An_action_outside_the_role_is_forbidden_and_one_without_a_key_is_refused()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var handler = await host.ClientAsync("qu", HotlineRole.UnitHandler);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;

        var forbidden = await handler.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit });
        Assert.Equal("access.denied", (await forbidden.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());

        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{number}/dispatch")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { leadUnitId = QuUnit }),
        };
        var keyless = await dispatcher.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("ticket.input-missing", (await keyless.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Tenants_never_see_each_others_tickets()
    {
        var qu = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var hl = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var number = (await qu.RegisterAsync(TicketApi.Consultation("渠县独有的诉求"))).GetProperty("number").GetString()!;

        var read = await hl.GetAsync(new Uri($"/api/tickets/{number}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        var act = await hl.TryActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });
        Assert.Equal(HttpStatusCode.NotFound, act.StatusCode);
        var list = await hl.GetJsonAsync("/api/tickets?text=渠县独有");
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task Lists_and_queues_show_masked_rows_with_a_deadline_light()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var handler = await host.ClientAsync("qu", HotlineRole.UnitHandler);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("路灯不亮请求维修-队列测试"))).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit });

        var toSign = await handler.GetJsonAsync("/api/queues/to-sign?text=队列测试");
        var row = Assert.Single(toSign.GetProperty("items").EnumerateArray());
        Assert.Equal(number, row.GetProperty("number").GetString());
        Assert.Equal("138****5678", row.GetProperty("callerPhone").GetString());
        Assert.Equal("normal", row.GetProperty("light").GetString());

        // QU-SGN-1: one working day to sign; ten calendar days pass it whatever the holidays.
        host.Clock.Advance(TimeSpan.FromDays(10));
        var overdue = await dispatcher.GetJsonAsync("/api/tickets?overdue=true&text=队列测试");
        Assert.Equal("overdue", Assert.Single(overdue.GetProperty("items").EnumerateArray()).GetProperty("light").GetString());
        var forbiddenQueue = await handler.GetAsync(new Uri("/api/queues/to-dispatch", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, forbiddenQueue.StatusCode);
    }

    [Fact]
    public async Task A_body_that_does_not_bind_is_a_clear_400_and_changes_nothing()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;

        var response = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = "not-a-unit-id" });

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("request.unreadable", problem.GetProperty("code").GetString());
        var ticket = await dispatcher.GetJsonAsync($"/api/tickets/{number}");
        Assert.Equal("Registered", ticket.GetProperty("state").GetString());
    }
}
