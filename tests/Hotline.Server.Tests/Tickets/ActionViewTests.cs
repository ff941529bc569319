using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// What an action answers is the ticket as a GET right after it shows it, unit names included, although the acting node
/// keeps the tenant's unit names between requests: a rename on another node of the same database shows in this node's
/// next view, a refused rename changes no view.
/// </summary>
public sealed class ActionViewTests : IAsyncDisposable
{
    // In UTC, as the system clock gives it: an action's answer carries the offset of the clock's reading, a GET the
    // database's UTC, so a clock set at +08:00 would differ in the offset alone (the same instants).
    private static readonly DateTimeOffset Friday = new DateTimeOffset(2025, 9, 26, 15, 0, 0, TicketApi.Shanghai).ToUniversalTime();
    private readonly HotlineHost acting = new();
    private HotlineHost? editing;

    private static Guid QuUnit => DemoAccessSeeder.DemoUnitId("qu");

    [Fact]
    public async Task Each_action_s_response_equals_the_GET_after_it()
    {
        acting.Clock.SetUtcNow(Friday);
        using var dispatcher = await acting.ClientAsync("qu", HotlineRole.Dispatcher);
        using var handler = await acting.ClientAsync("qu", HotlineRole.UnitHandler);
        using var reviewer = await acting.ClientAsync("qu", HotlineRole.Reviewer);

        var registered = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = registered.GetProperty("number").GetString()!;
        await SameAsGetAsync(dispatcher, number, registered);
        await SameAsGetAsync(dispatcher, number, await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit }));
        acting.Clock.Advance(TimeSpan.FromHours(2));
        await SameAsGetAsync(handler, number, await handler.ActAsync(number, "sign"));
        var replied = await handler.ActAsync(number, "reply", new
        {
            measures = "电话告知提取所需材料：身份证、不动产权证书、银行卡",
            callerNotice = "已电话答复来电人",
            resolution = "Resolved",
            fullyAnswered = true,
        });
        await SameAsGetAsync(handler, number, replied);
        await SameAsGetAsync(reviewer, number, await reviewer.ActAsync(number, "reply/accept"));
        var revisited = await reviewer.ActAsync(number, "revisit", new { rating = "Satisfied" });
        await SameAsGetAsync(reviewer, number, revisited);

        // The timeline is whole in the last answer: every action, in order.
        Assert.Equal(["Registered", "Dispatched", "Signed", "Replied", "ReplyAccepted", "Revisited"], revisited.Actions());
        Assert.Equal(
            [1, 2, 3, 4, 5, 6],
            revisited.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt32()).ToArray());
    }

    /// <summary>
    /// The instances an action answers with come from what its unit of work read under the lock and saved, not from a
    /// read after the commit: with a co-unit's countersign part, ended instances and instances the action started, every
    /// answer still equals the GET after it, on both databases. A stale revision and another county are refused as before.
    /// </summary>
    [Theory]
    [InlineData(Lifecycle.Scenario.Sqlite)]
    [InlineData(Lifecycle.Scenario.Postgres)]
    public async Task Each_answer_lists_the_ticket_s_instances_as_the_GET_after_it_with_co_units_and_ended_ones(string database)
    {
        await using var s = await Lifecycle.Scenario.StartAsync("qu", Lifecycle.Scenario.At(2025, 9, 26, 14), database);
        var dispatcher = await s.Dispatcher;
        var registered = await dispatcher.RegisterAsync(Lifecycle.Scenario.Intake("Complaint"));
        var number = registered.GetProperty("number").GetString()!;
        await SameAsGetAsync(dispatcher, number, registered);
        await SameAsGetAsync(dispatcher, number, await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch",
            new { leadUnitId = s.Unit, coUnitIds = new[] { s.CoUnit }, mode = "Countersign" }));
        var coUnitHandler = await s.AsAsync(HotlineRole.UnitHandler, coUnit: true);
        await SameAsGetAsync(coUnitHandler, number, await s.ActAsync(HotlineRole.UnitHandler, number, "countersign-reply", new { measures = "本单位部分已办结" }, coUnit: true));
        var handler = await s.Handler;
        await SameAsGetAsync(handler, number, await s.ActAsync(HotlineRole.UnitHandler, number, "sign"));
        // The timers of the stopped clocks ring: their watches end.
        await s.AdvanceToAsync(Lifecycle.Scenario.At(2025, 9, 29, 16));
        var replied = await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new
        {
            measures = "已现场核实并处理",
            callerNotice = "已电话答复来电人",
            resolution = "Resolved",
            fullyAnswered = true,
        });
        await SameAsGetAsync(handler, number, replied);

        // A stale revision and another county's dispatcher change nothing, and the next answer still equals the GET.
        var reviewer = await s.Reviewer;
        var stale = await reviewer.TryActAsync(number, "reply/accept", ifMatch: replied.GetProperty("revision").GetInt32() - 1);
        Assert.Equal("ticket.concurrency-conflict", (await stale.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
        using var otherCounty = await s.Host.ClientAsync("hk", HotlineRole.Reviewer);
        await (await otherCounty.TryActAsync(number, "reply/accept")).ProblemAsync(HttpStatusCode.NotFound);
        await SameAsGetAsync(handler, number, replied);

        await SameAsGetAsync(reviewer, number, await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept"));
        var revisited = await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Satisfied" });
        await SameAsGetAsync(reviewer, number, revisited);
        var statuses = revisited.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("status").GetString()).ToList();
        Assert.True(statuses.Contains("Finished"), string.Join(", ", statuses));
        Assert.Contains("Running", statuses);
    }

    [Fact]
    public async Task A_unit_renamed_on_another_node_is_named_so_in_this_node_s_next_action()
    {
        var ct = TestContext.Current.CancellationToken;
        acting.Clock.SetUtcNow(Friday);
        using var dispatcher = await acting.ClientAsync("qu", HotlineRole.Dispatcher);
        using var handler = await acting.ClientAsync("qu", HotlineRole.UnitHandler);
        editing = new HotlineHost(acting.DataFolder); // a second node on the same database
        editing.Clock.SetUtcNow(Friday);
        using var admin = await editing.ClientAsync("qu", HotlineRole.Admin);
        using var otherAdmin = await editing.ClientAsync("hk", HotlineRole.Admin);
        using var otherDispatcher = await editing.ClientAsync("qu", HotlineRole.Dispatcher);

        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var dispatched = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit });
        var name = LeadName(dispatched);

        // Refused renames change no name: the wrong role, another county's administrator, an empty name.
        Assert.Equal(HttpStatusCode.Forbidden, (await otherDispatcher.PutAsJsonAsync($"/api/units/{QuUnit}/name", new { name = "不该改的名字" }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherAdmin.PutAsJsonAsync($"/api/units/{QuUnit}/name", new { name = "别县改的名字" }, ct)).StatusCode);
        var empty = await admin.PutAsJsonAsync($"/api/units/{QuUnit}/name", new { name = "" }, ct);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal("application/problem+json", empty.Content.Headers.ContentType?.MediaType);
        var signed = await handler.ActAsync(number, "sign");
        Assert.Equal(name, LeadName(signed));
        await SameAsGetAsync(handler, number, signed);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/units/{QuUnit}/name", new { name = "渠县住房公积金中心（改名）" }, ct)).StatusCode);
        var replied = await handler.ActAsync(number, "reply", new
        {
            measures = "电话告知提取所需材料",
            callerNotice = "已电话答复来电人",
            resolution = "Resolved",
            fullyAnswered = true,
        });
        Assert.Equal("渠县住房公积金中心（改名）", LeadName(replied));
        await SameAsGetAsync(handler, number, replied);
    }

    private static string LeadName(JsonElement ticket) =>
        ticket.GetProperty("units").EnumerateArray().Single(a => a.GetProperty("role").GetString() == "Lead").GetProperty("unitName").GetString()!;

    private static async Task SameAsGetAsync(HttpClient client, string number, JsonElement answered)
    {
        var read = await client.GetJsonAsync($"/api/tickets/{number}");
        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(answered.GetRawText()), JsonNode.Parse(read.GetRawText())),
            $"The action answered\n{answered.GetRawText()}\nbut a GET after it reads\n{read.GetRawText()}");
    }

    public async ValueTask DisposeAsync()
    {
        if (editing is not null)
        {
            await editing.DisposeAsync();
        }

        await acting.DisposeAsync();
    }
}
