using System.Net;
using System.Text;
using System.Text.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Input the API does not guess about: a reused idempotency key with another request, an If-Match that names no
/// revision, a repeated JSON property, list filters out of range and a caller phone that is no phone are refused as
/// problem details, and nothing is stored or changed.
/// </summary>
public sealed class InputRuleTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_refused_and_with_the_same_body_replays_the_first_result()
    {
        var (dispatcher, number) = await RegisteredAsync();
        var first = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("qu") }, key: "dispatch-reuse");

        var reused = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoCoUnitId("qu") }, key: "dispatch-reuse");
        var otherAction = await dispatcher.TryActAsync(number, "co-units", new { unitId = DemoAccessSeeder.DemoCoUnitId("qu") }, key: "dispatch-reuse");
        var retry = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("qu") }, key: "dispatch-reuse");

        Assert.Equal("ticket.idempotency-key-reused", (await reused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal("ticket.idempotency-key-reused", (await otherAction.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal(first.GetProperty("revision").GetInt32(), retry.GetProperty("revision").GetInt32());
        Assert.Equal(UnitIds(first), UnitIds(retry));
        var now = await ReadAsync(number);
        Assert.Equal(first.GetProperty("revision").GetInt32(), now.GetProperty("revision").GetInt32());
        Assert.Equal(["Registered", "Dispatched"], now.Actions());
    }

    [Fact]
    public async Task A_registration_key_reused_for_another_call_is_refused_and_registers_nothing()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var first = await dispatcher.RegisterAsync(TicketApi.Consultation("咨询社保卡补办"), key: "call-reuse");
        var total = await TotalAsync(dispatcher);

        var other = await dispatcher.SendAsync(Post("/api/tickets", JsonSerializer.Serialize(TicketApi.Consultation("咨询户口迁移"), HotlineHost.Json), "call-reuse"), Ct);
        var again = await dispatcher.RegisterAsync(TicketApi.Consultation("咨询社保卡补办"), key: "call-reuse");

        Assert.Equal("ticket.idempotency-key-reused", (await other.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        Assert.Equal(first.GetProperty("number").GetString(), again.GetProperty("number").GetString());
        Assert.Equal(total, await TotalAsync(dispatcher));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("\"abc\"")]
    [InlineData("\"1\", \"2\"")]
    public async Task An_if_match_that_names_no_revision_is_a_bad_request_and_changes_nothing(string ifMatch)
    {
        var (dispatcher, number) = await RegisteredAsync();
        var before = await ReadAsync(number);
        var request = Post($"/api/tickets/{number}/dispatch", $$"""{"leadUnitId":"{{DemoAccessSeeder.DemoUnitId("qu")}}"}""", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);

        var response = await dispatcher.SendAsync(request, Ct);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("request.if-match-invalid", "If-Match"), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
        await AssertUnchangedAsync(number, before);
    }

    [Fact]
    public async Task A_weak_or_bare_revision_in_if_match_is_still_understood()
    {
        var (dispatcher, number) = await RegisteredAsync();
        var revision = (await ReadAsync(number)).GetProperty("revision").GetInt32();
        var request = Post($"/api/tickets/{number}/dispatch", $$"""{"leadUnitId":"{{DemoAccessSeeder.DemoUnitId("qu")}}"}""", Guid.NewGuid().ToString());
        request.Headers.TryAddWithoutValidation("If-Match", $"W/\"{revision}\"");

        Assert.Equal(HttpStatusCode.OK, (await dispatcher.SendAsync(request, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_repeated_json_property_is_a_bad_request_in_the_ticket_and_the_access_api()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var admin = await host.ClientAsync("qu", HotlineRole.Admin);
        var total = await TotalAsync(dispatcher);
        var users = (await admin.GetJsonAsync("/api/access/users")).GetArrayLength();

        var ticket = await dispatcher.SendAsync(Post("/api/tickets",
            """{"channel":"Phone","caller":{"name":"张三","phone":"13812345678"},"category":"Consultation","content":"咨询","content":"另一诉求"}""",
            Guid.NewGuid().ToString()), Ct);
        var user = await admin.SendAsync(Post("/api/access/users",
            """{"userName":"twice","userName":"admin2","displayName":"x","roles":["reviewer"],"password":"Water!Works2026"}""", null), Ct);

        Assert.Equal("request.unreadable", (await ticket.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal("request.unreadable", (await user.ProblemAsync(HttpStatusCode.BadRequest)).GetProperty("code").GetString());
        Assert.Equal(total, await TotalAsync(dispatcher));
        Assert.Equal(users, (await admin.GetJsonAsync("/api/access/users")).GetArrayLength());
    }

    [Theory]
    [InlineData("/api/tickets?dueWithinHours=1e15", "dueWithinHours")]
    [InlineData("/api/tickets?dueWithinHours=-1", "dueWithinHours")]
    [InlineData("/api/tickets?dueWithinHours=NaN", "dueWithinHours")]
    [InlineData("/api/tickets?pageSize=100000", "pageSize")]
    [InlineData("/api/tickets?page=0", "page")]
    [InlineData("/api/tickets?page=2147483647", "page")]
    [InlineData("/api/tickets?from=0001-01-01T00:00:00Z", "from")]
    [InlineData("/api/tickets?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("/api/queues/to-dispatch?pageSize=100000", "pageSize")]
    [InlineData("/api/queues/due-soon?dueWithinHours=1e15", "dueWithinHours")]
    public async Task A_list_filter_out_of_its_range_is_a_bad_request_not_a_server_error(string path, string field)
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);

        var response = await dispatcher.GetAsync(new Uri(path, UriKind.Relative), Ct);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(("request.out-of-range", field), (problem.GetProperty("code").GetString(), problem.GetProperty("field").GetString()));
    }

    [Fact]
    public async Task Filters_at_the_edges_of_their_ranges_are_answered()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);

        await dispatcher.GetJsonAsync("/api/tickets?dueWithinHours=0&page=1&pageSize=200");
        await dispatcher.GetJsonAsync("/api/tickets?dueWithinHours=8784&page=100000&pageSize=1");
    }

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("13812345678<b>")]
    [InlineData("12")]
    [InlineData("123456789012345678901")]
    [InlineData("138 1234 abcd")]
    public async Task A_caller_phone_that_is_no_phone_is_refused_and_nothing_is_stored(string phone)
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var total = await TotalAsync(dispatcher);

        var response = await dispatcher.SendAsync(Post("/api/tickets",
            JsonSerializer.Serialize(new { channel = "Phone", caller = new { name = "张三", phone }, category = "Consultation", content = "咨询" }),
            Guid.NewGuid().ToString()), Ct);

        var problem = await response.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("intake.caller-phone-invalid", problem.GetProperty("code").GetString());
        Assert.Contains("caller.phone", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(total, await TotalAsync(dispatcher));
    }

    [Theory]
    [InlineData("110")]
    [InlineData("0953-5012345")]
    [InlineData("+86 (138) 1234-5678")]
    public async Task Phones_as_people_write_them_are_accepted(string phone)
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);

        await dispatcher.RegisterAsync(new { channel = "Phone", caller = new { name = "张三", phone }, category = "Consultation", content = "咨询" });
    }

    private static string[] UnitIds(JsonElement ticket) =>
        ticket.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unitId").GetString()!).ToArray();

    private async Task<(HttpClient Dispatcher, string Number)> RegisteredAsync()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        return (dispatcher, ticket.GetProperty("number").GetString()!);
    }

    private async Task<JsonElement> ReadAsync(string number) =>
        await (await host.ClientAsync("qu", HotlineRole.Auditor)).GetJsonAsync($"/api/tickets/{number}");

    private async Task AssertUnchangedAsync(string number, JsonElement before)
    {
        var after = await ReadAsync(number);
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        Assert.Equal(before.Actions(), after.Actions());
    }

    private static async Task<int> TotalAsync(HttpClient client) =>
        (await client.GetJsonAsync("/api/tickets")).GetProperty("totalCount").GetInt32();

    private static HttpRequestMessage Post(string path, string json, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        return request;
    }
}
