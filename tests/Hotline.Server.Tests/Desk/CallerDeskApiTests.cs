using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// The intake desk's API: a caller's earlier tickets (<c>POST /api/callers/history</c>), likely duplicates
/// (<c>POST /api/tickets/duplicates</c>), phones matched by their digits and never through a GET, and merge links in the ticket view. Each read of
/// a caller by phone is recorded per ticket (HK-PRV-1, HL-PRV-1, QU-PRV-1); refusals are problem details and record
/// nothing; another tenant's callers are never found.
/// </summary>
public sealed class CallerDeskApiTests
{
    private static readonly DateTimeOffset Monday = At(2025, 9, 29, 10);
    private const string Phone = "13912345678";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Call(string phone, string content, string? location = null, string category = "Complaint") => new
    {
        channel = "Phone",
        caller = new { name = "王五", phone },
        category,
        content,
        location,
    };

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, object body) =>
        await client.PostAsJsonAsync(path, body, Ct);

    private static async Task<JsonElement> OkAsync(HttpClient client, string path, object body)
    {
        var response = await PostAsync(client, path, body);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<JsonElement[]> AccessesAsync(Scenario s, string number) =>
        (await (await s.AsAsync(HotlineRole.Auditor)).GetFromJsonAsync<JsonElement[]>($"/api/access/personal-data-accesses?ticketId={number}", Ct))!;

    private static string[] Numbers(JsonElement list) => [.. list.EnumerateArray().Select(t => t.GetProperty("number").GetString()!)];

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task HK_PRV_1_HL_PRV_1_QU_PRV_1_a_callers_history_lists_their_tickets_with_states_and_replies_and_records_each_read(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var answered = await s.SignedTicketAsync(Call(Phone, "小区门口路灯不亮"));
        await s.ActAsync(HotlineRole.UnitHandler, answered, "reply", new { measures = "已更换路灯灯泡" });
        await s.AdvanceToAsync(Monday.AddHours(1));
        var open = await s.RegisterAsync(Call("139-1234-5678", "楼道堆放杂物"));
        var stranger = await s.RegisterAsync(Call("13700000000", "噪音扰民"));

        // Written with dashes, the phone finds both spellings; newest first.
        var history = await OkAsync(await s.Dispatcher, "/api/callers/history", new { phone = "139-1234-5678" });
        var tickets = history.GetProperty("tickets");
        Assert.Equal([open, answered], Numbers(tickets));
        var first = tickets[1];
        Assert.Equal("Replied", first.GetProperty("state").GetString());
        Assert.Equal("已更换路灯灯泡", first.GetProperty("reply").GetString());
        Assert.Equal("Registered", tickets[0].GetProperty("state").GetString());
        Assert.DoesNotContain(Phone, history.GetRawText(), StringComparison.Ordinal);

        foreach (var number in new[] { answered, open })
        {
            var access = Assert.Single(await AccessesAsync(s, number));
            Assert.Equal("Phone", access.GetProperty("field").GetString());
            Assert.Equal("来电历史：受理来电", access.GetProperty("purpose").GetString());
        }

        Assert.Empty(await AccessesAsync(s, stranger));

        // A reviewer (who merges) may look up with a purpose of their own. Typed as digits, the phone finds the ticket
        // registered with dashes too (matched on the stored digits).
        var reviewed = await OkAsync(await s.Reviewer, "/api/callers/history", new { phone = Phone, purpose = "并单核对" });
        Assert.Equal([open, answered], Numbers(reviewed.GetProperty("tickets")));
        Assert.Contains(await AccessesAsync(s, answered), a => a.GetProperty("purpose").GetString() == "来电历史：并单核对");
    }

    [Fact]
    public async Task Caller_history_is_refused_without_credentials_to_other_roles_and_for_bad_phones_recording_nothing_and_never_crosses_tenants()
    {
        await using var s = await StartAsync("qu", Monday);
        var ticket = await s.RegisterAsync(Call(Phone, "小区门口路灯不亮"));

        using var stranger = s.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(stranger, "/api/callers/history", new { phone = Phone })).StatusCode);
        foreach (var role in new[] { HotlineRole.UnitHandler, HotlineRole.Supervisor, HotlineRole.Auditor })
        {
            var denied = await (await PostAsync(await s.AsAsync(role), "/api/callers/history", new { phone = Phone })).ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("access.denied", denied.GetProperty("code").GetString());
        }

        foreach (var bad in new object[] { new { phone = "12" }, new { phone = "<script>" }, new { phone = "" }, new { purpose = "x" } })
        {
            var problem = await (await PostAsync(await s.Dispatcher, "/api/callers/history", bad)).ProblemAsync(HttpStatusCode.BadRequest);
            Assert.Equal("request.invalid", problem.GetProperty("code").GetString());
            Assert.Equal("phone", problem.GetProperty("field").GetString());
        }

        Assert.Empty(await AccessesAsync(s, ticket));

        // Another county's dispatcher with the same phone finds none of this county's tickets, and is recorded nowhere.
        var other = await s.Host.ClientAsync("hl", HotlineRole.Dispatcher);
        Assert.Empty(Numbers((await OkAsync(other, "/api/callers/history", new { phone = Phone })).GetProperty("tickets")));
        Assert.Empty(await AccessesAsync(s, ticket));
        // …and the other way round: this county does not see that county's caller.
        await other.RegisterAsync(Call("13600000000", "公交站台破损"));
        Assert.Empty(Numbers((await OkAsync(await s.Dispatcher, "/api/callers/history", new { phone = "13600000000" })).GetProperty("tickets")));
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task Likely_duplicates_are_the_same_caller_or_the_same_place_with_similar_content_within_the_tenants_window(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var earlier = await s.RegisterAsync(Call(Phone, "幸福小区3栋门口下水道堵塞，污水外溢", "幸福小区3栋"));
        var elsewhere = await s.RegisterAsync(Call("13700000000", "幸福小区3栋门口下水道堵塞，污水外溢", "解放路8号"));
        var dispatcher = await s.Dispatcher;

        var sameCaller = (await OkAsync(dispatcher, "/api/tickets/duplicates", new { phone = Phone })).GetProperty("duplicates");
        Assert.Equal([earlier], Numbers(sameCaller));
        Assert.Equal("SameCaller", sameCaller[0].GetProperty("reason").GetString());
        Assert.Single(await AccessesAsync(s, earlier), a => a.GetProperty("purpose").GetString()!.StartsWith("疑似重复工单检查", StringComparison.Ordinal));

        var samePlace = (await OkAsync(dispatcher, "/api/tickets/duplicates",
            new { phone = "13500000000", location = "幸福小区3栋", content = "3栋门口下水道又堵了，污水流到路上" })).GetProperty("duplicates");
        Assert.Equal([earlier], Numbers(samePlace));
        Assert.Equal("SameLocation", samePlace[0].GetProperty("reason").GetString());
        Assert.DoesNotContain(elsewhere, Numbers(samePlace));
        // Same place, another matter: not a duplicate.
        Assert.Empty((await OkAsync(dispatcher, "/api/tickets/duplicates",
            new { location = "幸福小区3栋", content = "咨询社保卡办理流程" })).GetProperty("duplicates").EnumerateArray());

        // Past the default seven days the earlier call no longer counts; a tenant that widens the window sees it again.
        await s.AdvanceToAsync(Monday.AddDays(8));
        Assert.Empty((await OkAsync(dispatcher, "/api/tickets/duplicates", new { phone = Phone })).GetProperty("duplicates").EnumerateArray());
        var admin = await s.AsAsync(HotlineRole.Admin);
        var invalid = await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { merge = new { duplicateWindowDays = 0 } } }, Ct);
        Assert.Equal("policy.invalid", (await invalid.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var widened = await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { merge = new { duplicateWindowDays = 30 } } }, Ct);
        Assert.Equal(HttpStatusCode.OK, widened.StatusCode);
        Assert.Equal([earlier], Numbers((await OkAsync(dispatcher, "/api/tickets/duplicates", new { phone = Phone })).GetProperty("duplicates")));
    }

    [Fact]
    public async Task The_duplicate_check_is_refused_without_credentials_to_other_roles_and_for_bad_input_and_never_crosses_tenants()
    {
        await using var s = await StartAsync("qu", Monday);
        var ticket = await s.RegisterAsync(Call(Phone, "幸福小区3栋门口下水道堵塞", "幸福小区3栋"));
        var body = new { phone = Phone, location = "幸福小区3栋", content = "幸福小区3栋门口下水道堵塞" };

        using var stranger = s.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(stranger, "/api/tickets/duplicates", body)).StatusCode);
        var denied = await (await PostAsync(await s.Handler, "/api/tickets/duplicates", body)).ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("access.denied", denied.GetProperty("code").GetString());
        var bad = await (await PostAsync(await s.Dispatcher, "/api/tickets/duplicates", new { phone = "电话" })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("request.invalid", bad.GetProperty("code").GetString());
        var unreadable = await (await (await s.Dispatcher).PostAsync("/api/tickets/duplicates", new StringContent("{\"phone\":", System.Text.Encoding.UTF8, "application/json"), Ct))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("request.unreadable", unreadable.GetProperty("code").GetString());
        Assert.Empty(await AccessesAsync(s, ticket));

        var other = await s.Host.ClientAsync("hl", HotlineRole.Dispatcher);
        Assert.Empty((await OkAsync(other, "/api/tickets/duplicates", body)).GetProperty("duplicates").EnumerateArray());
        Assert.Empty(await AccessesAsync(s, ticket));
    }

    [Fact]
    public async Task A_phone_is_not_searched_through_a_url_only_through_the_audited_caller_history()
    {
        await using var s = await StartAsync("qu", Monday);
        var ticket = await s.RegisterAsync(Call("139-1234-5678", "小区门口路灯不亮"));
        await s.RegisterAsync(Call("13700000000", "噪音扰民"));
        var dispatcher = await s.Dispatcher;

        // The GET text search of queues and tickets matches number, content and location, never a caller's phone.
        foreach (var path in new[] { $"/api/queues/to-dispatch?text={Phone}", $"/api/tickets?text={Phone}", "/api/tickets?text=139-1234-5678" })
            Assert.Empty((await dispatcher.GetJsonAsync(path)).GetProperty("items").EnumerateArray());
        Assert.Empty(await AccessesAsync(s, ticket));

        // The POST look-up finds it by its digits, masked nowhere in a URL, and records the read once per ticket.
        Assert.Equal([ticket], Numbers((await OkAsync(dispatcher, "/api/callers/history", new { phone = Phone })).GetProperty("tickets")));
        Assert.Single(await AccessesAsync(s, ticket));

        // Another tenant's dispatcher looking the phone up finds nothing and records nothing here.
        var other = await s.Host.ClientAsync("hl", HotlineRole.Dispatcher);
        Assert.Empty(Numbers((await OkAsync(other, "/api/callers/history", new { phone = Phone })).GetProperty("tickets")));
        Assert.Single(await AccessesAsync(s, ticket));
    }

    [Fact]
    public async Task The_ticket_view_links_a_merged_duplicate_and_its_main_ticket_both_ways()
    {
        await using var s = await StartAsync("qu", Monday);
        var main = await s.RegisterAsync(Call(Phone, "小区门口路灯不亮"));
        var duplicate = await s.RegisterAsync(Call(Phone, "小区门口路灯还是不亮"));
        Assert.Equal(JsonValueKind.Null, (await s.TicketAsync(duplicate)).GetProperty("mergedInto").ValueKind);

        await s.ActAsync(HotlineRole.Dispatcher, duplicate, "merge", new { intoTicket = main, reason = "同一事项重复来电" });
        Assert.Equal(main, (await s.TicketAsync(duplicate)).GetProperty("mergedInto").GetString());
        Assert.Equal([duplicate], (await s.TicketAsync(main)).GetProperty("mergedDuplicates").EnumerateArray().Select(d => d.GetString()!));

        await s.ActAsync(HotlineRole.Dispatcher, duplicate, "unmerge", new { reason = "并错了" });
        Assert.Equal(JsonValueKind.Null, (await s.TicketAsync(duplicate)).GetProperty("mergedInto").ValueKind);
        Assert.Empty((await s.TicketAsync(main)).GetProperty("mergedDuplicates").EnumerateArray());
    }
}
