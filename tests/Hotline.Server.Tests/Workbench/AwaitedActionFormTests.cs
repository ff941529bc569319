using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The ticket page offers the forms whose steps the ticket's workflows wait for (their waiting bookmarks), and the new
/// forms — reassign, refuse a termination, the unit leader's sign-offs — act through the same runner as the API.
/// </summary>
public sealed class AwaitedActionFormTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TicketActions Actions => host.Services.GetRequiredService<TicketActions>();

    private TicketReader Reader => host.Services.GetRequiredService<TicketReader>();

    private static CurrentUser User(string tenant, HotlineRole role) => WorkbenchUsers.Demo(tenant, role);

    private async Task<TicketSheet> ReadAsync(string tenant, string number) => (await Reader.ReadAsync(User(tenant, HotlineRole.Supervisor), number, Ct))!;

    private async Task<TicketSheet> ActAsync(string tenant, HotlineRole role, TicketSheet sheet, TicketCommand command)
    {
        var refusal = await Actions.ActAsync(User(tenant, role), sheet.Number, command, ActionAttempt.Open(sheet.Revision), Ct);
        Assert.Null(refusal);
        return await ReadAsync(tenant, sheet.Number);
    }

    [Fact]
    public async Task HSB_GEN_1_a_dispatched_ticket_offers_the_dispatcher_reassignment_because_the_lifecycle_awaits_it()
    {
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("路灯不亮"))).GetProperty("number").GetString()!;
        var sheet = await ReadAsync("hsb", number);
        Assert.Contains("Dispatched", sheet.Awaits);
        Assert.Contains(HotlineAction.Dispatch, OfferedActions.For(User("hsb", HotlineRole.Dispatcher), sheet.State, sheet.Awaits));

        sheet = await ActAsync("hsb", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hsb"))));
        Assert.Contains("Reassigned", sheet.Awaits);
        var offered = OfferedActions.For(User("hsb", HotlineRole.Dispatcher), sheet.State, sheet.Awaits);
        Assert.Contains(HotlineAction.Redispatch, offered); // its form reassigns before signing
        Assert.DoesNotContain(HotlineAction.Dispatch, offered);
        Assert.DoesNotContain(HotlineAction.Reject, offered);
        sheet = await ActAsync("hsb", HotlineRole.Dispatcher, sheet, TicketCommand.Reassign(new DispatchOrder(DemoAccessSeeder.DemoCoUnitId("hsb")), "职责属另一单位"));
        Assert.Equal("Reassigned", sheet.View.Timeline[^1].Action);

        // Nothing awaits a sign-off the workflow has no step for: with no awaited steps only the trigger forms stay.
        Assert.Empty(OfferedActions.For(User("hsb", HotlineRole.Dispatcher), sheet.State, []).Intersect([HotlineAction.Dispatch, HotlineAction.Redispatch]));
    }

    [Fact]
    public async Task HL_TRM_1_the_decision_form_is_offered_while_a_termination_waits_and_refusing_it_returns_to_handling()
    {
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("反复来电"))).GetProperty("number").GetString()!;
        var sheet = await ReadAsync("hl", number);
        sheet = await ActAsync("hl", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hl"))));
        sheet = await ActAsync("hl", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());
        var reviewer = User("hl", HotlineRole.Reviewer);
        Assert.DoesNotContain(HotlineAction.DecideTermination, OfferedActions.For(reviewer, sheet.State, sheet.Awaits));

        // The unit leader's sign-off form applies with the leader's signature.
        var leader = User("hl", HotlineRole.UnitLeader);
        Assert.Contains(HotlineAction.SignOffExtension, OfferedActions.For(leader, sheet.State, sheet.Awaits));
        Assert.Contains(HotlineAction.SignOffReturn, OfferedActions.For(leader, sheet.State, sheet.Awaits));
        sheet = await ActAsync("hl", HotlineRole.UnitLeader, sheet, TicketCommand.RequestTermination(new TerminationApplication("已依法处理三次", "信访条例", LeaderLevel.DeputyLeader)));
        Assert.Contains(HotlineAction.DecideTermination, OfferedActions.For(reviewer, sheet.State, sheet.Awaits));
        Assert.DoesNotContain(HotlineAction.RequestExtension, OfferedActions.For(User("hl", HotlineRole.UnitHandler), sheet.State, sheet.Awaits));

        var refusal = await Actions.ActAsync(reviewer, number, TicketCommand.RefuseTermination(" "), ActionAttempt.Open(sheet.Revision), Ct);
        Assert.Equal("ticket.input-missing", refusal?.Code);
        sheet = await ActAsync("hl", HotlineRole.Reviewer, sheet, TicketCommand.RefuseTermination("诉求尚有合理部分"));
        Assert.Equal(TicketState.Handling, sheet.State);
        Assert.Contains("HL-TRM-1", sheet.View.Timeline[^1].RuleIds);
        Assert.DoesNotContain(HotlineAction.DecideTermination, OfferedActions.For(reviewer, sheet.State, sheet.Awaits));
        Assert.Contains(HotlineAction.Reply, OfferedActions.For(User("hl", HotlineRole.UnitHandler), sheet.State, sheet.Awaits));
    }

    [Fact]
    public async Task HK_SCR_2_a_dissatisfied_ticket_offers_the_panel_ruling_form_where_a_panel_exists_and_its_ruling_reaches_the_lifecycle()
    {
        using var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(new
        {
            channel = "Phone",
            caller = new { name = "张三丰", phone = "13812345678" },
            category = "Complaint",
            content = "噪音扰民，夜间施工",
            urgency = "Normal",
        })).GetProperty("number").GetString()!;
        var sheet = await ReadAsync("hk", number);
        sheet = await ActAsync("hk", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hk"))));
        sheet = await ActAsync("hk", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());
        sheet = await ActAsync("hk", HotlineRole.UnitHandler, sheet, TicketCommand.Reply(new ReplyContent("现场核实并处理", "电话答复")));
        sheet = await ActAsync("hk", HotlineRole.Reviewer, sheet, TicketCommand.AcceptReply(null));
        sheet = await ActAsync("hk", HotlineRole.Reviewer, sheet, TicketCommand.Revisit(new RevisitResult(SatisfactionRating.Dissatisfied, false, null)));
        Assert.Equal(TicketState.Dissatisfied, sheet.State);

        var reviewer = User("hk", HotlineRole.Reviewer);
        Assert.Contains("PanelRuled", sheet.Awaits);
        Assert.Contains(HotlineAction.DecideScreening, OfferedActions.For(reviewer, sheet.State, sheet.Awaits));
        Assert.True((await Actions.ChoicesAsync(reviewer, Ct)).ThirdPartyPanel);
        Assert.False((await Actions.ChoicesAsync(User("hsb", HotlineRole.Reviewer), Ct)).ThirdPartyPanel);

        // A reasonable ruling needs the panel's deadline; the refusal changes nothing.
        var refusal = await Actions.ActAsync(reviewer, number, TicketCommand.RecordPanelRuling(true, "诉求合理", null), ActionAttempt.Open(sheet.Revision), Ct);
        Assert.Equal("ticket.input-missing", refusal?.Code);
        Assert.Equal(sheet.Revision, (await ReadAsync("hk", number)).Revision);

        sheet = await ActAsync("hk", HotlineRole.Reviewer, sheet, TicketCommand.RecordPanelRuling(false, "诉求不合理", null));
        Assert.Equal("PanelRuled", sheet.View.Timeline[^1].Action);
        Assert.Contains("HK-SCR-2", sheet.View.Timeline[^1].RuleIds);
        sheet = await ActAsync("hk", HotlineRole.Reviewer, sheet, TicketCommand.Archive(null));
        Assert.Equal(TicketState.Archived, sheet.State);
    }
}
