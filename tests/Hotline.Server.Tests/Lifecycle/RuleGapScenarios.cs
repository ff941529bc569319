using Hotline.Server.Tests.Attachments;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>
/// Refusals that name the rule behind them, and the behaviour the regulations ask for at the edges of the lifecycle:
/// termination, late returns, co-unit returns, the third-party panel, and workflows ending with their ticket.
/// </summary>
public sealed class RuleGapScenarios
{
    private static readonly object Recording = new { fileName = "通话录音.mp3", contentType = "audio/mpeg", length = 1024, storageKey = "blob/1" };

    /// <summary>Posts an action that must be refused with <paramref name="status"/>; asserts the ticket did not change.</summary>
    private static async Task<JsonElement> RefusedUnchangedAsync(Scenario s, HotlineRole role, string number, string action, object? body,
        HttpStatusCode status, bool coUnit = false)
    {
        var before = await s.TicketAsync(number);
        var response = await (await s.AsAsync(role, coUnit)).TryActAsync(number, action, body);
        var problem = await response.ProblemAsync(status);
        var after = await s.TicketAsync(number);
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Equal(before.GetProperty("state").GetString(), after.GetProperty("state").GetString());
        Assert.Equal(before.Actions(), after.Actions());
        return problem;
    }

    private static JsonElement Last(JsonElement ticket, string action) =>
        ticket.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("action").GetString() == action);

    [Fact]
    public async Task HSB_EMG_1_dispatching_a_ticket_redirected_to_an_emergency_line_is_refused_with_the_rule()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("HelpRequest", content: "楼道起火冒烟"));
        await s.ActAsync(HotlineRole.Dispatcher, number, "redirect-emergency", new { line = "119", fireHazard = true });
        var problem = await RefusedUnchangedAsync(s, HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit }, HttpStatusCode.Conflict);
        Assert.Equal("ticket.invalid-state", problem.GetProperty("code").GetString());
        AssertCites(problem, "HSB-EMG-1");
    }

    /// <summary>A QU complaint dispatched Fri 26 Sep 2025 15:00, replied and rated dissatisfied at <paramref name="ratedAt"/>.</summary>
    private static async Task<(Scenario S, string Number)> QuDissatisfiedAsync(DateTimeOffset ratedAt)
    {
        var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(ratedAt.AddHours(-2));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理" });
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.AdvanceToAsync(ratedAt);
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied" });
        return (s, number);
    }

    [Fact]
    public async Task QU_SCR_1_QU_SCR_2_an_application_after_the_window_lapsed_and_the_ticket_was_archived_cites_the_window()
    {
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 29, 10));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 10, 9, 10, 1));
        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "screening",
            new { explanation = "已妥善处理", evidence = new[] { Recording } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("screening.window-closed", problem.GetProperty("code").GetString());
        AssertCites(problem, "QU-SCR-1");
        AssertCites(problem, "QU-SCR-2");
    }

    [Fact]
    public async Task QU_SCR_4_evidence_after_the_evidence_limit_lapsed_and_the_ticket_was_archived_cites_the_limit_and_the_watchers_end()
    {
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 26, 20));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 26, 21));
        await s.ActAsync(HotlineRole.UnitHandler, number, "screening", new { explanation = "已妥善处理", evidence = new[] { await s.EvidenceAsync(number) } });
        await s.ActAsync(HotlineRole.Reviewer, number, "screening/evidence-request", new { what = "补充现场照片" });
        await s.AdvanceToAsync(At(2025, 9, 28, 22, 1));
        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "screening/evidence",
            new { note = "补充照片", evidence = new[] { Recording } }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("screening.evidence-window-closed", problem.GetProperty("code").GetString());
        AssertCites(problem, "QU-SCR-4");

        // The archived ticket's watchers ended with it: no instance still runs, and the journal says why.
        var ticket = await s.TicketAsync(number);
        Assert.All(ticket.GetProperty("workflows").EnumerateArray(), w => Assert.Equal("Finished", w.GetProperty("status").GetString()));
        await AssertWatchersEndedAsync(s, ticket, "ScreeningLapsed");
    }

    /// <summary>Every supervision instance of the ticket is cancelled, with the closing action in its journal.</summary>
    private static async Task AssertWatchersEndedAsync(Scenario s, JsonElement ticket, string closingAction)
    {
        var supervision = InstancesOf(ticket, "supervision").ToList();
        Assert.NotEmpty(supervision);
        Assert.All(supervision, w => Assert.Equal("Finished", w.GetProperty("status").GetString()));
        var cancelled = supervision.Where(w => w.GetProperty("subStatus").GetString() == "Cancelled").ToList();
        Assert.NotEmpty(cancelled);
        var auditor = await s.AsAsync(HotlineRole.Auditor);
        foreach (var instance in cancelled)
        {
            var journal = await auditor.GetJsonAsync($"/elsa/api/workflow-instances/{instance.GetProperty("id").GetString()}/journal?take=500");
            Assert.Contains(journal.GetProperty("items").EnumerateArray(), j =>
                j.GetProperty("eventName").GetString() == "Canceled"
                && j.TryGetProperty("message", out var message) && message.GetString()?.Contains(closingAction, StringComparison.Ordinal) == true);
        }
    }

    [Fact]
    public async Task QU_TRM_1_QU_TRM_2_a_termination_without_the_written_opinion_is_refused_a_valid_one_ends_the_lifecycle_and_the_matter_is_not_taken_again()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "termination", new { facts = "同一诉求已依法处理三次", basis = " " },
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("termination.opinion-missing", problem.GetProperty("code").GetString());
        AssertCites(problem, "QU-TRM-1");

        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "termination", new { facts = "同一诉求已依法处理三次", basis = "《信访工作条例》第三十五条" });
        Assert.Equal("Terminated", ticket.GetProperty("state").GetString());
        Assert.Contains("QU-TRM-1", Last(ticket, "Terminated").GetProperty("ruleIds").GetString(), StringComparison.Ordinal);
        Assert.Equal("Running", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
        await AssertWatchersEndedAsync(s, ticket, "Terminated");
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());

        // QU-TRM-2: the same caller's same matter is not accepted again.
        var dispatcher = await s.Dispatcher;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = JsonContent.Create(new
            {
                channel = "Phone",
                caller = new { name = "李四", phone = "13912345678", address = "城关镇建设路12号" },
                category = "Complaint",
                content = "小区门口道路破损，雨天积水严重",
                repeatOf = number,
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        var refused = await (await dispatcher.SendAsync(request, TestContext.Current.CancellationToken)).ProblemAsync(HttpStatusCode.UnprocessableEntity);
        AssertCites(refused, "QU-TRM-2");
    }

    [Fact]
    public async Task HSB_RT_4_an_approved_escalated_return_records_the_rule_and_HSB_RT_5_refusals_cite_their_item()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 26, 17));
        // HSB-RT-5(2): no basis for an out-of-duty return.
        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "return",
            new { reason = "OutOfDuty", explanation = "不属于本单位职责", suggestedUnit = "区住建局" }, HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "HSB-RT-5(2)");

        await s.ActAsync(HotlineRole.UnitHandler, number, "return", new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis = "三定方案", suggestedUnit = "区住建局" });
        var ticket = await s.ActAsync(HotlineRole.EscalationReviewer, number, "return/approve");
        Assert.Equal("HSB-RT-4", Last(ticket, "ReturnApproved").GetProperty("ruleIds").GetString());

        // A second ticket: the reviewer refuses a return on item (1), which the decision records.
        var second = await s.SignedTicketAsync(Intake("Complaint", content: "路灯不亮"));
        await s.ActAsync(HotlineRole.UnitHandler, second, "return", new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis = "三定方案", suggestedUnit = "区住建局" });
        ticket = await s.ActAsync(HotlineRole.EscalationReviewer, second, "return/reject", new { reason = "属于法定职责", grounds = new[] { "(1)" } });
        Assert.Equal("HSB-RT-5(1)", Last(ticket, "ReturnRejected").GetProperty("ruleIds").GetString());

        // HSB-RT-5(6): after an extension application the unit may not return the ticket.
        var third = await s.SignedTicketAsync(Intake("Complaint", content: "噪音扰民"));
        await s.AdvanceToAsync(At(2025, 9, 29, 10));
        await s.ActAsync(HotlineRole.UnitHandler, third, "extension", new { reason = "需协调多部门", workingDays = 2, callerNotified = true });
        problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, third, "return",
            new { reason = "RegistrationError", explanation = "地址登记错误" }, HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "HSB-RT-5(6)");
    }

    [Fact]
    public async Task HSB_JNT_an_approved_co_unit_return_leaves_the_lifecycle_in_handling_not_waiting_for_redispatch()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, coUnitIds = new[] { s.CoUnit } });
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.AdvanceToAsync(At(2025, 9, 26, 16));
        await s.ActAsync(HotlineRole.UnitHandler, number, "return",
            new { reason = "RegistrationError", explanation = "协办事项登记有误" }, coUnit: true);
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "return/approve");
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.Contains("HandlingContinues", ticket.Actions());
        // The lead unit replies: the lifecycle expects it (it is in handling again), and no redispatch is awaited.
        ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", callerNotice = "已电话告知" });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());
    }

    [Fact]
    public async Task QU_RT_2_QU_INT_1_a_late_return_counted_as_overdue_notifies_the_unit_leader_and_calls_for_the_interview()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "return",
            new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis = "三定方案", suggestedUnit = "县水务局" });
        var counted = Last(ticket, "OverdueCounted");
        Assert.Equal("QU-RT-2", counted.GetProperty("ruleIds").GetString());
        var notices = await s.NoticesAsync(number);
        Assert.Contains(("supervision-opened", Address(HotlineRole.UnitLeader, "qu")), notices);
        Assert.Contains(("interview-scheduled", Address(HotlineRole.Supervisor, "qu")), notices);
    }

    [Fact]
    public async Task HK_SCR_2_the_panel_ruling_has_an_endpoint_a_reasonable_one_sends_the_ticket_back_and_an_unreasonable_one_is_archived()
    {
        await using var s = await StartAsync("hk", At(2026, 3, 2, 9));
        async Task<string> DissatisfiedAsync(string content)
        {
            var number = await s.SignedTicketAsync(Intake("Complaint", content: content));
            await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "现场核实并处理", callerNotice = "电话答复" });
            await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
            await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied" });
            return number;
        }

        var unreasonable = await DissatisfiedAsync("噪音扰民");
        // Only the centre rules, and an archive before the ruling is refused.
        await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, unreasonable, "screening/panel-ruling", new { reasonable = false, reason = "x" }, HttpStatusCode.Forbidden);
        await RefusedUnchangedAsync(s, HotlineRole.Reviewer, unreasonable, "archive", null, HttpStatusCode.Conflict);
        var ticket = await s.ActAsync(HotlineRole.Reviewer, unreasonable, "screening/panel-ruling", new { reasonable = false, reason = "诉求不合理" });
        Assert.Equal("HK-SCR-2", Last(ticket, "PanelRuled").GetProperty("ruleIds").GetString());
        Assert.Equal("Dissatisfied", ticket.GetProperty("state").GetString());
        ticket = await s.ActAsync(HotlineRole.Reviewer, unreasonable, "archive");
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());

        var reasonable = await DissatisfiedAsync("路灯不亮");
        var problem = await RefusedUnchangedAsync(s, HotlineRole.Reviewer, reasonable, "screening/panel-ruling", new { reasonable = true, reason = "诉求合理" },
            HttpStatusCode.UnprocessableEntity);
        Assert.Equal("ticket.input-missing", problem.GetProperty("code").GetString());
        ticket = await s.ActAsync(HotlineRole.Reviewer, reasonable, "screening/panel-ruling", new { reasonable = true, reason = "诉求合理", resolveBy = At(2026, 3, 10, 17) });
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        ticket = await s.ActAsync(HotlineRole.UnitHandler, reasonable, "reply", new { measures = "按评议会要求解决", callerNotice = "电话答复" });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());
    }

    [Fact]
    public async Task HK_SCR_2_another_tenants_reviewer_cannot_rule_on_the_ticket()
    {
        await using var s = await StartAsync("hk", At(2026, 3, 2, 9));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        using var stranger = await s.Host.ClientAsync("qu", HotlineRole.Reviewer);
        var response = await stranger.TryActAsync(number, "screening/panel-ruling", new { reasonable = false, reason = "x" });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var anonymous = s.Host.Server.CreateClient();
        response = await anonymous.TryActAsync(number, "screening/panel-ruling", new { reasonable = false, reason = "x" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task HSB_EXT_2_HSB_EXT_3_the_extension_records_what_the_caller_was_told_and_a_reply_after_two_extensions_needs_the_interim_account()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 2, reason = "需协调多部门", callerNotified = true });
        var requested = Last(ticket, "ExtensionRequested");
        Assert.Equal("HSB-EXT-2", requested.GetProperty("ruleIds").GetString());
        var told = JsonDocument.Parse(requested.GetProperty("data").GetString()!).RootElement.GetProperty("callerNotice");
        Assert.Equal("需协调多部门", told.GetProperty("reason").GetString());
        Assert.True(told.TryGetProperty("promisedBy", out _));
        await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 2, reason = "等待检测结果", callerNotified = true });
        await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");

        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "reply",
            new { measures = "正在协调", callerNotice = "已电话告知", interimResult = "已完成现场勘查", followUpPlan = "下周施工" }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("reply.interim-missing", problem.GetProperty("code").GetString());
        AssertCites(problem, "HSB-EXT-3");
        ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new
        {
            measures = "正在协调",
            callerNotice = "已电话告知，诉求人表示理解",
            interimResult = "已完成现场勘查",
            unfinishedReason = "需等待汛期结束后施工",
            followUpPlan = "十月底前完成修复",
        });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());
    }

    [Fact]
    public async Task HL_SUP_5_HL_SUP_6_A_27_supervision_of_a_joint_ticket_names_and_notifies_the_late_co_unit_too()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, coUnitIds = new[] { s.CoUnit } });
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        // The automatic overdue supervision (HL-SUP-5) names the co-unit that gave no opinion, and both leaders hear of it.
        await s.AdvanceToAsync(At(2025, 10, 10, 15, 1));
        var ticket = await s.TicketAsync(number);
        var automatic = Last(ticket, "Supervised");
        Assert.Contains(s.CoUnit.ToString(), automatic.GetProperty("data").GetString(), StringComparison.Ordinal);
        var notices = await s.NoticesAsync(number);
        Assert.Contains(("supervision-opened", Address(HotlineRole.UnitLeader, "hl")), notices);
        Assert.Contains(("supervision-opened", Address(HotlineRole.UnitLeader, "hl", coUnit: true)), notices);

        // A supervisor's own supervision does the same.
        var before = notices.Count(n => n == ("supervision-opened", Address(HotlineRole.UnitLeader, "hl", coUnit: true)));
        await s.AdvanceToAsync(At(2025, 10, 11, 9));
        ticket = await s.ActAsync(HotlineRole.Supervisor, number, "supervise", new { form = "Written", grounds = new[] { "overdue" }, text = "会办件超期，请协办单位即报意见" });
        Assert.Contains(s.CoUnit.ToString(), Last(ticket, "Supervised").GetProperty("data").GetString(), StringComparison.Ordinal);
        notices = await s.NoticesAsync(number);
        Assert.True(notices.Count(n => n == ("supervision-opened", Address(HotlineRole.UnitLeader, "hl", coUnit: true))) > before);
    }

    [Fact]
    public async Task QU_URG_1_a_special_item_reported_to_the_local_government_at_registration_is_recorded_notified_and_dispatched()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 27, 21));
        var intake = new
        {
            channel = "Phone",
            caller = new { name = "李四", phone = "13912345678" },
            category = "HelpRequest",
            urgency = "SpecialUrgent",
            content = "山体滑坡阻断道路",
            localGovernmentReport = "已电话报告城关镇人民政府值班室（张某）",
        };
        var number = await s.RegisterAsync(intake);
        var ticket = await s.TicketAsync(number);
        var reported = Last(ticket, "LocalGovernmentReported");
        Assert.Equal("QU-URG-1", reported.GetProperty("ruleIds").GetString());
        Assert.Contains(("local-government-reported", Address(HotlineRole.Supervisor, "qu")), await s.NoticesAsync(number));

        // The report is on record: dispatch needs no separate timestamp.
        await s.AdvanceToAsync(At(2025, 9, 27, 22));
        ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal("Dispatched", ticket.GetProperty("state").GetString());

        // Without a report the dispatch is still refused with the rule, and nothing changes.
        var unreported = await s.RegisterAsync(Intake("HelpRequest", urgency: "SpecialUrgent", content: "河道污染"));
        var problem = await RefusedUnchangedAsync(s, HotlineRole.Dispatcher, unreported, "dispatch", new { leadUnitId = s.Unit }, HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "QU-URG-1");
        Assert.DoesNotContain(await s.NoticesAsync(unreported), n => n.Kind == "local-government-reported");
    }

    [Fact]
    public async Task HL_TRM_1_a_termination_applied_for_before_signing_reaches_the_centres_decision()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        var problem = await RefusedUnchangedAsync(s, HotlineRole.UnitHandler, number, "termination", new { facts = "", basis = "信访条例", signedBy = "DeputyLeader" },
            HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "HL-TRM-1");
        await s.ActAsync(HotlineRole.UnitHandler, number, "termination", new { facts = "已依法处理三次", basis = "信访条例", signedBy = "DeputyLeader" });
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "termination/approve");
        Assert.Equal("Terminated", ticket.GetProperty("state").GetString());
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
    }
}
