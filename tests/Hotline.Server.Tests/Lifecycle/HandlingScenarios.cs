using System.Net;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>The main path of the lifecycle: registration, dispatch, signing, reply, review, revisit, redo and archive.</summary>
public sealed class HandlingScenarios
{
    private static readonly object Reply = new { measures = "已现场处理并修复", callerNotice = "已电话告知来电人", resolution = "Resolved" };

    [Fact]
    public async Task HSB_DSP_1_HSB_DL_2_a_complaint_runs_from_registration_to_archive_through_its_workflow()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        var ticket = await s.TicketAsync(number);
        Assert.Equal(At(2025, 9, 27, 2), ticket.Clock("Dispatch").DueAt()); // 12 h to dispatch
        var lifecycle = Assert.Single(InstancesOf(ticket, "ticket-lifecycle"));
        Assert.Equal(lifecycle.GetProperty("id").GetString(), ticket.GetProperty("workflowInstanceId").GetString());

        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2025, 10, 1, 15), ticket.Clock("Handle").DueAt()); // 5 natural days, holiday or not
        Assert.Contains(("ticket-dispatched", Address(HotlineRole.UnitHandler, "hsb")), await s.NoticesAsync(number));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.AdvanceToAsync(At(2025, 9, 30, 10));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", Reply);
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Satisfied" });
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");

        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        lifecycle = Assert.Single(InstancesOf(ticket, "ticket-lifecycle"));
        Assert.Equal("Finished", lifecycle.GetProperty("status").GetString());
        var journal = await s.JournalAsync(lifecycle.GetProperty("id").GetString()!);
        string[] steps = ["registered", "triage", "awaitSign", "handling", "replyReview", "revisit", "afterRevisit"];
        foreach (var step in steps)
        {
            Assert.Contains(journal, j => j.ActivityId == step && j.Event == "Completed" && j.Actor is { Length: > 0 });
        }

        // The overdue timer of the stopped handling clock rang after the reply and did nothing.
        await s.AdvanceToAsync(At(2025, 10, 1, 15, 1));
        Assert.DoesNotContain("DeadlineReached", (await s.TicketAsync(number)).Actions());
    }

    [Fact]
    public async Task Workflow_an_action_the_current_step_does_not_expect_is_refused_and_nothing_is_saved()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9));
        var number = await s.RegisterAsync();
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.ActAsync(HotlineRole.UnitHandler, number, "return", new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis = "三定方案", suggestedUnit = "县水务局" });
        var before = await s.TicketAsync(number);

        // The centre adds a co-unit while the unit's return is under review: allowed by the ticket, not by the process.
        var response = await (await s.Dispatcher).TryActAsync(number, "co-units", new { unitId = s.CoUnit });
        var problem = await response.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal("workflow.step-not-expected", problem.GetProperty("code").GetString());
        Assert.Contains("ReturnApproved, ReturnRejected", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var after = await s.TicketAsync(number);
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Equal(before.GetProperty("units").GetArrayLength(), after.GetProperty("units").GetArrayLength());
    }

    [Fact]
    public async Task Workflow_a_retried_action_with_the_same_idempotency_key_replays_without_moving_the_workflow_again()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9));
        var number = await s.RegisterAsync();
        var dispatcher = await s.Dispatcher;
        var first = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = s.Unit }, key: "dispatch-1");
        var again = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = s.Unit }, key: "dispatch-1");
        Assert.Equal(first.GetProperty("revision").GetInt32(), again.GetProperty("revision").GetInt32());
        var journal = await s.JournalAsync(again.GetProperty("workflowInstanceId").GetString()!);
        Assert.Single(journal, j => j.ActivityId == "triage" && j.Event == "Completed");
    }

    [Fact]
    public async Task HSB_REV_1_HSB_RPL_1_a_sent_back_reply_returns_to_the_unit_on_its_original_deadline()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", Reply);
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "reply/send-back", new { reason = "未说明处理结果" });
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.Equal(At(2025, 10, 1, 15), ticket.Clock("Handle").DueAt());
        Assert.Contains(("reply-sent-back", Address(HotlineRole.UnitHandler, "hsb")), await s.NoticesAsync(number));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", Reply);
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        Assert.Equal("Completed", ticket.GetProperty("state").GetString());
        Assert.Equal(1, ticket.GetProperty("redoCount").GetInt32());
    }

    [Fact]
    public async Task HL_RPL_5_HL_RDO_1_a_sent_back_reply_is_redone_within_two_working_days_and_a_late_redo_is_supervised()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("HelpRequest"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理" });
        AssertCites(problem, "HL-RPL-5");
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", resolution = "Explained" });
        await s.AdvanceToAsync(At(2025, 9, 30, 9));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "reply/send-back", new { reason = "未回复群众" });
        Assert.Equal(At(2025, 10, 10, 9), ticket.Clock("Redo").DueAt()); // two working days after the holiday

        await s.AdvanceToAsync(At(2025, 10, 10, 9, 1));
        ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("Redo").GetProperty("overdue").GetBoolean());
        Assert.Contains("Supervised", ticket.Actions()); // HL-SUP-5: an overdue redo gets a supervision notice
        Assert.Contains(("supervision-opened", Address(HotlineRole.UnitLeader, "hl")), await s.NoticesAsync(number));
    }

    [Fact]
    public async Task HL_RVS_1_HL_RVS_2_a_dissatisfied_revisit_orders_a_revisit_review_due_in_three_working_days()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("HelpRequest"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", resolution = "Resolved" });
        await s.AdvanceToAsync(At(2025, 9, 29, 10));
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.AdvanceToAsync(At(2025, 9, 29, 11));
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied", note = "单位未联系" });
        await s.AdvanceToAsync(At(2025, 9, 29, 12));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "redo", new { reason = "未先行联系", revisitReviewOrder = true });
        Assert.Equal(At(2025, 10, 10, 12), ticket.Clock("Redo").DueAt());
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已上门复核", resolution = "Resolved" });
    }

    [Fact]
    public async Task HSB_RPL_4_a_caller_who_cannot_be_reached_at_the_revisit_closes_the_ticket_for_archive()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", Reply);
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { callerUnreachable = true, note = "三次致电未接通" });
        Assert.Equal("Closed", ticket.GetProperty("state").GetString());
        Assert.Equal(JsonValueKindNull, ticket.GetProperty("satisfaction").ValueKind);
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
    }

    private const System.Text.Json.JsonValueKind JsonValueKindNull = System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task HSB_EMG_1_an_emergency_is_redirected_and_archived_without_a_unit()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("HelpRequest", content: "楼道起火冒烟"));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "redirect-emergency", new { line = "119", fireHazard = true });
        Assert.Equal("Redirected", ticket.GetProperty("state").GetString());
        Assert.All(ticket.GetProperty("clocks").EnumerateArray(), c => Assert.False(c.GetProperty("running").GetBoolean()));
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HL_TRM_1_a_termination_signed_by_the_deputy_leader_and_approved_by_the_centre_ends_the_lifecycle()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "termination", new { facts = "已依法处理三次", basis = "信访条例", signedBy = "DeputyLeader" });
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "termination/approve");
        Assert.Equal("Terminated", ticket.GetProperty("state").GetString());
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
    }
}
