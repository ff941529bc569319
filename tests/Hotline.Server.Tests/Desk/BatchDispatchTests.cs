using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// 批量派单 from the dispatch queue (<see cref="TicketBatch"/>) and the dispatch form's order (<see cref="DispatchDraft"/>):
/// each ticket goes through the runner as one form submission would, with the co-units, handling class and deadline; one
/// refusal is reported for its ticket and leaves the others dispatched; another tenant's ticket is not found; a wrong role
/// changes nothing; a repeated batch applies once.
/// </summary>
public sealed class BatchDispatchTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TicketBatch Batch => host.Services.GetRequiredService<TicketBatch>();

    private async Task<string> RegisterAsync(string tenant, string content) =>
        (await (await host.ClientAsync(tenant, HotlineRole.Dispatcher)).RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;

    private async Task<TicketSheet> ReadAsync(string tenant, string number) =>
        (await host.Services.GetRequiredService<TicketReader>().ReadAsync(WorkbenchUsers.Demo(tenant, HotlineRole.Supervisor), number, Ct))!;

    [Fact]
    public async Task A_batch_dispatches_each_ticket_with_co_units_class_and_deadline_and_reports_the_refused_ones()
    {
        var first = await RegisterAsync("hsb", "红寺堡镇路灯不亮");
        var second = await RegisterAsync("hsb", "红寺堡镇路面破损");
        var done = await RegisterAsync("hsb", "红寺堡镇井盖缺失");
        await (await host.ClientAsync("hsb", HotlineRole.Dispatcher)).ActAsync(done, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hsb") });
        var foreign = await RegisterAsync("hl", "惠农区路灯不亮");
        var foreignBefore = await ReadAsync("hl", foreign);
        var doneBefore = await ReadAsync("hsb", done);

        var dueOn = TimeZoneInfo.ConvertTime(host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).Date.AddDays(10);
        var draft = new DispatchDraft { CoUnitIds = [DemoAccessSeeder.DemoCoUnitId("hsb")], HandlingClass = HandlingClass.Complex, DueOn = dueOn };
        var command = TicketCommand.Dispatch(draft.Order(DemoAccessSeeder.DemoUnitId("hsb"), "请一并处理"));
        var dispatcher = WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher);

        // A unit handler may not dispatch: every ticket is refused, none changes.
        var denied = await Batch.ActOnEachAsync(WorkbenchUsers.Demo("hsb", HotlineRole.UnitHandler), [first, second], command, "batch-denied", null, Ct);
        Assert.All(denied, o => Assert.Equal("ticket.role-not-allowed", o.Refusal?.Code));
        Assert.Equal(TicketState.Registered, (await ReadAsync("hsb", first)).State);

        var outcomes = await Batch.ActOnEachAsync(dispatcher, [first, second, done, foreign], command, "batch-1", null, Ct);
        Assert.Equal([first, second, done, foreign], outcomes.Select(o => o.Number));
        Assert.Null(outcomes[0].Refusal);
        Assert.Null(outcomes[1].Refusal);
        Assert.Equal("ticket.invalid-state", outcomes[2].Refusal?.Code);
        Assert.Equal("ticket.not-found", outcomes[3].Refusal?.Code);
        Assert.Equal(doneBefore.Revision, (await ReadAsync("hsb", done)).Revision);
        Assert.Equal(foreignBefore.Revision, (await ReadAsync("hl", foreign)).Revision);

        foreach (var number in new[] { first, second })
        {
            var sheet = await ReadAsync("hsb", number);
            Assert.Equal(TicketState.Dispatched, sheet.State);
            Assert.Equal("Complex", sheet.View.HandlingClass);
            Assert.Contains(sheet.Units, u => u.UnitId == DemoAccessSeeder.DemoCoUnitId("hsb") && u.Role == "CoUnit");
            Assert.Contains(sheet.View.Clocks, c => c.Running && c.DueAt == new DateTimeOffset(dueOn.AddDays(1), TimeSpan.FromHours(8)));
        }

        // The same batch again (a double click) replays: nothing moves.
        var revision = (await ReadAsync("hsb", first)).Revision;
        var again = await Batch.ActOnEachAsync(dispatcher, [first], command, "batch-1", null, Ct);
        Assert.Null(Assert.Single(again).Refusal);
        Assert.Equal(revision, (await ReadAsync("hsb", first)).Revision);
    }
}
