using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// A whole ticket lifecycle through the HTTP API on a fake clock: register, dispatch, sign, reply, review, revisit and
/// archive for a QU consultation dispatched on the Friday before National Day 2025, whose Sunday is a working day.
/// </summary>
public sealed class TicketLifecycleApiTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static readonly TimeSpan Shanghai = TicketApi.Shanghai;
    private Guid QuUnit => DemoAccessSeeder.DemoUnitId("qu");

    [Fact]
    public async Task QU_DSP_1_QU_SGN_1_QU_DL_1_a_consultation_runs_from_registration_to_archive_with_deadlines_to_the_minute()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 26, 9, 0, 0, Shanghai));
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var handler = await host.ClientAsync("qu", HotlineRole.UnitHandler);
        var reviewer = await host.ClientAsync("qu", HotlineRole.Reviewer);

        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = ticket.GetProperty("number").GetString()!;
        Assert.StartsWith("QU-20250926-", number, StringComparison.Ordinal);
        Assert.Equal("Registered", ticket.GetProperty("state").GetString());
        Assert.Equal("138****5678", ticket.GetProperty("caller").GetProperty("phone").GetString());

        // Friday 15:00 before National Day 2025; Sunday 28 September is an adjusted working day.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 26, 15, 0, 0, Shanghai));
        ticket = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit });
        Assert.Equal("Dispatched", ticket.GetProperty("state").GetString());
        Assert.Equal(new DateTimeOffset(2025, 9, 28, 15, 0, 0, Shanghai), ticket.Clock("Sign").DueAt());
        Assert.Equal(new DateTimeOffset(2025, 9, 29, 15, 0, 0, Shanghai), ticket.Clock("Handle").DueAt());

        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 28, 10, 0, 0, Shanghai));
        ticket = await handler.ActAsync(number, "sign");
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.False(ticket.Clock("Sign").GetProperty("running").GetBoolean());
        Assert.Equal("normal", ticket.Clock("Handle").GetProperty("light").GetString());

        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 29, 11, 0, 0, Shanghai));
        ticket = await handler.ActAsync(number, "reply", new
        {
            measures = "电话告知提取所需材料：身份证、不动产权证书、银行卡",
            callerNotice = "已于9月29日10时电话答复来电人",
            resolution = "Resolved",
            fullyAnswered = true,
        });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());

        ticket = await reviewer.ActAsync(number, "reply/accept");
        ticket = await reviewer.ActAsync(number, "revisit", new { rating = "Satisfied" });
        ticket = await reviewer.ActAsync(number, "archive");

        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Equal(
            ["Registered", "Dispatched", "Signed", "Replied", "ReplyAccepted", "Revisited", "Archived"],
            ticket.Actions());
        var roles = ticket.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("role").GetString()!).ToArray();
        Assert.Equal(["Dispatcher", "Dispatcher", "UnitHandler", "UnitHandler", "Reviewer", "Reviewer", "Reviewer"], roles);
    }
}
