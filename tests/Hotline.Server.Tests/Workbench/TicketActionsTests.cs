using Hotline.Application.Names;
using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Screening;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The ticket page's action forms (<see cref="TicketActions"/>) through the whole host: an action moves the ticket
/// on through its workflow; a refusal quotes its rule and changes nothing; a form submitted twice applies once; a
/// page showing an old revision is told someone else acted first.
/// </summary>
public sealed class TicketActionsTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TicketActions Actions => host.Services.GetRequiredService<TicketActions>();

    private TicketReader Reader => host.Services.GetRequiredService<TicketReader>();

    [Fact]
    public async Task Dispatch_sign_and_reply_move_the_ticket_through_its_workflow()
    {
        var (number, sheet) = await RegisteredAsync("hsb", "红寺堡镇路灯不亮");
        var units = await Actions.UnitsAsync(User("hsb", HotlineRole.Dispatcher), Ct);
        var unit = Assert.Single(units, u => u.Id == DemoAccessSeeder.DemoUnitId("hsb"));
        Assert.DoesNotContain(units, u => u.Id == DemoAccessSeeder.DemoUnitId("hl"));

        sheet = await ActAsync("hsb", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(unit.Id, Note: "请尽快处理")));
        Assert.Equal(TicketState.Dispatched, sheet.State);
        Assert.Equal(unit.Name, Assert.Single(sheet.Units).UnitName);
        Assert.NotNull(sheet.View.WorkflowInstanceId);

        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());
        Assert.Equal(TicketState.Handling, sheet.State);

        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet,
            TicketCommand.Reply(new ReplyContent("已更换灯具", "已电话告知来电人", ResolutionType.Resolved, FullyAnswered: true)));
        Assert.Equal(TicketState.Replied, sheet.State);

        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.SendBackReply("未说明维修时间"));
        Assert.Equal(TicketState.Handling, sheet.State);
        Assert.Equal("未说明维修时间", sheet.View.Timeline[^1].Reason);
        Assert.Equal("Reviewer", sheet.View.Timeline[^1].Role);
        Assert.Equal(number, sheet.Number);
    }

    [Fact]
    public async Task A_refused_action_quotes_its_rule_and_changes_nothing()
    {
        var (number, sheet) = await RegisteredAsync("hl", "华龙区小区停水");
        sheet = await ActAsync("hl", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hl"))));
        sheet = await ActAsync("hl", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());

        // HL-RPL-5: a reply states how the request was resolved.
        var refusal = await Actions.ActAsync(User("hl", HotlineRole.UnitHandler), number,
            TicketCommand.Reply(new ReplyContent("已处理")), ActionAttempt.Open(sheet.Revision), Ct);

        Assert.NotNull(refusal);
        Assert.Contains("HL-RPL-5", refusal.RuleIds);
        Assert.False(string.IsNullOrWhiteSpace(refusal.Message));
        var after = await ReadAsync("hl", number);
        Assert.Equal((TicketState.Handling, sheet.Revision, sheet.View.Timeline.Count), (after.State, after.Revision, after.View.Timeline.Count));

        // A role the regulations do not give the action is refused as well, and nothing changes.
        var denied = await Actions.ActAsync(User("hl", HotlineRole.Dispatcher), number, TicketCommand.Sign(), ActionAttempt.Open(sheet.Revision), Ct);
        Assert.NotNull(denied);
        Assert.Equal(sheet.Revision, (await ReadAsync("hl", number)).Revision);
    }

    [Fact]
    public async Task A_form_submitted_twice_applies_once_and_a_stale_page_is_told_to_reload()
    {
        var (number, sheet) = await RegisteredAsync("qu", "渠县道路破损");
        var dispatcher = User("qu", HotlineRole.Dispatcher);
        var attempt = ActionAttempt.Open(sheet.Revision);
        var command = TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("qu")));

        Assert.Null(await Actions.ActAsync(dispatcher, number, command, attempt, Ct));
        Assert.Null(await Actions.ActAsync(dispatcher, number, command, attempt, Ct));

        var after = await ReadAsync("qu", number);
        Assert.Single(after.View.Timeline, e => e.Action == "Dispatched");
        Assert.Equal(TicketState.Dispatched, after.State);

        // Another form opened on the page before the dispatch: its revision is stale, it applies nothing.
        var stale = await Actions.ActAsync(dispatcher, number,
            TicketCommand.Redispatch(new DispatchOrder(DemoAccessSeeder.DemoCoUnitId("qu"))), ActionAttempt.Open(sheet.Revision), Ct);
        Assert.NotNull(stale);
        Assert.Equal("ticket.concurrency-conflict", stale.Code);
        Assert.Contains("请刷新页面", stale.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(stale.Message, char.IsAsciiLetter); // no English left in a conflict message
        Assert.Equal(after.Revision, (await ReadAsync("qu", number)).Revision);
    }

    [Fact]
    public async Task The_review_revisit_redo_return_and_archive_forms_reach_their_steps()
    {
        var (_, sheet) = await RegisteredAsync("hsb", "红寺堡镇垃圾清运不及时");
        sheet = await ActAsync("hsb", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hsb"))));
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());
        var reply = new ReplyContent("已安排清运", "已电话告知", ResolutionType.Resolved, FullyAnswered: true);
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.Reply(reply));
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.AcceptReply("答复完整"));
        Assert.Equal(TicketState.Completed, sheet.State);
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.Revisit(new RevisitResult(SatisfactionRating.Dissatisfied, Note: "仍未清运")));
        Assert.Equal(TicketState.Dissatisfied, sheet.State);
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.Redo("群众不满意，发回重办", revisitReviewOrder: false));
        Assert.Equal(TicketState.Handling, sheet.State);
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.Reply(reply));
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.AcceptReply(null));
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.Revisit(new RevisitResult(SatisfactionRating.Satisfied)));
        Assert.Equal(TicketState.Closed, sheet.State);
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.Archive("办结归档"));
        Assert.Equal(TicketState.Archived, sheet.State);

        // A return (退办) inside HSB's 12 hours is decided by the escalation reviewer, whom the return form's permissions name.
        var (_, returned) = await RegisteredAsync("hsb", "红寺堡镇河道治理");
        returned = await ActAsync("hsb", HotlineRole.Dispatcher, returned, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hsb"))));
        returned = await ActAsync("hsb", HotlineRole.UnitHandler, returned, TicketCommand.Sign());
        returned = await ActAsync("hsb", HotlineRole.UnitHandler, returned, TicketCommand.RequestReturn(
            new ReturnApplication(ReturnReason.OutOfDuty, "不属于本单位职责", "《城市道路管理条例》第十条", "区住建局")));
        returned = await ActAsync("hsb", HotlineRole.EscalationReviewer, returned, TicketCommand.ApproveReturn(null));
        Assert.Equal(TicketState.Returned, returned.State);
    }

    [Fact]
    public async Task The_reject_first_contact_supervise_screening_and_interview_forms_act_or_quote_their_rule()
    {
        // 不予受理 with a ground the form offers from HSB's list; one not on it is refused with HSB-GEN-3.
        var choices = await Actions.ChoicesAsync(User("hsb", HotlineRole.Dispatcher), Ct);
        Assert.Contains("petition", choices.ExclusionGrounds);
        Assert.Contains("120", choices.EmergencyLines);
        var (rejectedNumber, rejected) = await RegisteredAsync("hsb", "咨询某民事纠纷诉讼进展");
        var unknown = await Actions.ActAsync(User("hsb", HotlineRole.Dispatcher), rejectedNumber,
            TicketCommand.Reject("weather", "请咨询法院"), ActionAttempt.Open(rejected.Revision), Ct);
        Assert.NotNull(unknown);
        Assert.Contains("HSB-GEN-3", unknown.RuleIds);
        Assert.Equal(rejected.Revision, (await ReadAsync("hsb", rejectedNumber)).Revision);
        rejected = await ActAsync("hsb", HotlineRole.Dispatcher, rejected, TicketCommand.Reject("litigation", "已在诉讼中，请向法院咨询"));
        Assert.Equal(TicketState.Rejected, rejected.State);

        // 先行联系 and 督办 on a ticket in hand; the supervision is on the timeline with HSB's ground.
        var (_, sheet) = await RegisteredAsync("hsb", "红寺堡镇排水沟堵塞");
        sheet = await ActAsync("hsb", HotlineRole.Dispatcher, sheet, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("hsb"))));
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.Sign());
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet, TicketCommand.FirstContact("已电话联系来电人，约定明日现场查看"));
        Assert.Equal("FirstContactRecorded", sheet.View.Timeline[^1].Action);
        sheet = await ActAsync("hsb", HotlineRole.Supervisor, sheet,
            TicketCommand.Supervise(new SupervisionNotice(SupervisionForm.Phone, [choices.SupervisionGrounds[0]], "请加快办理")));
        Assert.Equal("Supervised", sheet.View.Timeline[^1].Action);
        Assert.Equal(TicketState.Handling, sheet.State);

        // HSB has no screening procedure: 申请甄别 is refused and the dissatisfied ticket stays as it is.
        sheet = await ActAsync("hsb", HotlineRole.UnitHandler, sheet,
            TicketCommand.Reply(new ReplyContent("已疏通", "已告知", ResolutionType.Resolved, FullyAnswered: true)));
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.AcceptReply(null));
        sheet = await ActAsync("hsb", HotlineRole.Reviewer, sheet, TicketCommand.Revisit(new RevisitResult(SatisfactionRating.Dissatisfied)));
        var screening = await Actions.ActAsync(User("hsb", HotlineRole.UnitHandler), sheet.Number,
            TicketCommand.ApplyForScreening(new ScreeningApplication("来电人诉求超出职责", [new AttachmentRef("现场照片.jpg", "image/jpeg", 0, "evidence/1")])),
            ActionAttempt.Open(sheet.Revision), Ct);
        Assert.NotNull(screening);
        Assert.Equal("screening.not-provided", screening.Code);
        var after = await ReadAsync("hsb", sheet.Number);
        Assert.Equal((TicketState.Dissatisfied, sheet.Revision), (after.State, after.Revision));

        // 约谈 in QU: the unit's first overdue this year is answered at the level the profile lists first (QU-INT-1).
        var levels = (await Actions.ChoicesAsync(User("qu", HotlineRole.Supervisor), Ct)).InterviewLevels;
        var (_, interviewed) = await RegisteredAsync("qu", "渠县农贸市场占道经营");
        interviewed = await ActAsync("qu", HotlineRole.Dispatcher, interviewed, TicketCommand.Dispatch(new DispatchOrder(DemoAccessSeeder.DemoUnitId("qu"))));
        var tooHigh = await Actions.ActAsync(User("qu", HotlineRole.Supervisor), interviewed.Number,
            TicketCommand.Interview(DemoAccessSeeder.DemoUnitId("qu"), levels[^1], "推诿扯皮"), ActionAttempt.Open(interviewed.Revision), Ct);
        Assert.NotNull(tooHigh);
        Assert.Contains("QU-INT-1", tooHigh.RuleIds);
        interviewed = await ActAsync("qu", HotlineRole.Supervisor, interviewed, TicketCommand.Interview(DemoAccessSeeder.DemoUnitId("qu"), levels[0], "推诿扯皮"));
        Assert.Equal("Interviewed", interviewed.View.Timeline[^1].Action);
    }

    [Theory]
    [InlineData("hsb")]
    [InlineData("hl")]
    [InlineData("qu")]
    [InlineData("hk")]
    public async Task Every_ground_a_form_offers_has_its_chinese_name(string tenant)
    {
        var choices = await Actions.ChoicesAsync(User(tenant, HotlineRole.Supervisor), Ct);

        var unnamed = choices.ExclusionGrounds.Concat(choices.AppealGrounds).Concat(choices.SupervisionGrounds)
            .Where(g => Labels.Ground(g) == g);
        Assert.Empty(unnamed);
    }

    private static CurrentUser User(string tenant, HotlineRole role) => WorkbenchUsers.Demo(tenant, role);

    private async Task<(string Number, TicketSheet Sheet)> RegisteredAsync(string tenant, string content)
    {
        var dispatcher = await host.ClientAsync(tenant, HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;
        return (number, await ReadAsync(tenant, number));
    }

    private async Task<TicketSheet> ReadAsync(string tenant, string number) =>
        (await Reader.ReadAsync(User(tenant, HotlineRole.Supervisor), number, Ct))!;

    private async Task<TicketSheet> ActAsync(string tenant, HotlineRole role, TicketSheet sheet, TicketCommand command)
    {
        var refusal = await Actions.ActAsync(User(tenant, role), sheet.Number, command, ActionAttempt.Open(sheet.Revision), Ct);
        Assert.Null(refusal);
        var after = await ReadAsync(tenant, sheet.Number);
        Assert.True(after.Revision > sheet.Revision);
        return after;
    }
}
