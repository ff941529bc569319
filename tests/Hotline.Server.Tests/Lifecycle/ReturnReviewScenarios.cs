using System.Net;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>退办 / 提级退办审核 through the return-review flow, around National Day 2025 and in March 2026.</summary>
public sealed class ReturnReviewScenarios
{
    private static object OutOfDuty(string? basis = "《城市道路管理条例》第十条", string? suggested = "区住建局", string? signedBy = null, bool complex = false) =>
        new { reason = "OutOfDuty", explanation = "不属于本单位职责", basis, suggestedUnit = suggested, signedBy, complexCase = complex };

    private static async Task<(Scenario S, string Number)> HsbComplaintSignedAsync(string database = Sqlite)
    {
        var s = await StartAsync("hsb", At(2025, 9, 26, 14), database);
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2025, 9, 26, 16));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        return (s, number);
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task HSB_RT_3_HSB_RT_4_a_return_inside_12_hours_goes_to_the_escalated_review_whose_approval_frees_the_ticket_for_redispatch(string database)
    {
        var (s, number) = await HsbComplaintSignedAsync(database);
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 27, 3)); // the last minute of the 12-hour window from receipt at 15:00
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty());
        Assert.Equal(At(2025, 10, 1, 15), ticket.Clock("Handle").DueAt()); // CC-10: the clock runs on during review
        Assert.Contains(("return-escalated", Address(HotlineRole.EscalationReviewer, "hsb")), await s.NoticesAsync(number));
        Assert.DoesNotContain(await s.NoticesAsync(number), n => n.Kind == "return-submitted");

        // HSB-RT-4: the centre's reviewer may not decide an escalated return.
        var refused = await (await s.Reviewer).TryActAsync(number, "return/approve");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        await s.AdvanceToAsync(At(2025, 9, 28, 9));
        ticket = await s.ActAsync(HotlineRole.EscalationReviewer, number, "return/approve");
        Assert.Equal("Returned", ticket.GetProperty("state").GetString());
        var notices = await s.NoticesAsync(number);
        Assert.Contains(("return-decided", Address(HotlineRole.Dispatcher, "hsb")), notices);
        Assert.Contains(("return-decided", Address(HotlineRole.UnitHandler, "hsb")), notices);

        await s.AdvanceToAsync(At(2025, 9, 28, 10));
        ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "redispatch", new { leadUnitId = s.CoUnit });
        Assert.Equal(At(2025, 10, 3, 10), ticket.Clock("Handle").DueAt()); // CC-8: five natural days from the new unit's receipt
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign", coUnit: true);

        var review = Assert.Single(InstancesOf(ticket, "return-review"));
        Assert.Equal("Finished", review.GetProperty("status").GetString());
        var journal = await s.JournalAsync(ticket.GetProperty("workflowInstanceId").GetString()!);
        Assert.Contains(journal, j => j.ActivityId == "returnReview" && j.Event == "Completed" && j.Actor?.StartsWith("EscalationReviewer:", StringComparison.Ordinal) == true);
        Assert.Contains(journal, j => j.ActivityId == "awaitRedispatch" && j.Event == "Completed" && j.Actor?.StartsWith("Dispatcher:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task HSB_RT_3_a_return_one_minute_after_the_12_hour_window_is_refused_and_changes_nothing()
    {
        var (s, number) = await HsbComplaintSignedAsync();
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 27, 3, 1));
        var before = await s.TicketAsync(number);
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty());
        AssertCites(problem, "HSB-RT-3");
        var after = await s.TicketAsync(number);
        Assert.Equal(before.GetProperty("revision").GetInt32(), after.GetProperty("revision").GetInt32());
        Assert.Empty(InstancesOf(after, "return-review"));
    }

    [Fact]
    public async Task HSB_RT_5_A_05_a_rejected_return_goes_back_to_the_unit_with_its_clock_running_and_a_second_return_is_refused()
    {
        var (s, number) = await HsbComplaintSignedAsync();
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 26, 17));
        await s.ActAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty());
        await s.AdvanceToAsync(At(2025, 9, 26, 18));
        var ticket = await s.ActAsync(HotlineRole.EscalationReviewer, number, "return/reject", new { reason = "属于法定职责", grounds = new[] { "HSB-RT-5(1)" } });
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.Equal(At(2025, 10, 1, 15), ticket.Clock("Handle").DueAt());
        Assert.Contains(("return-decided", Address(HotlineRole.UnitHandler, "hsb")), await s.NoticesAsync(number));

        await s.AdvanceToAsync(At(2025, 9, 26, 19));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty());
        AssertCites(problem, "HSB-RT-5");

        // Back in handling: the unit replies on the original deadline.
        ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已现场处理", callerNotice = "已电话告知来电人" });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());
    }

    [Fact]
    public async Task HSB_RT_1_A_33_a_registration_error_has_no_window_and_is_reviewed_by_the_centre_reviewer()
    {
        var (s, number) = await HsbComplaintSignedAsync();
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 30, 10));
        await s.ActAsync(HotlineRole.UnitHandler, number, "return", new { reason = "RegistrationError", explanation = "地址登记错误" });
        Assert.Contains(("return-submitted", Address(HotlineRole.Reviewer, "hsb")), await s.NoticesAsync(number));
        await s.AdvanceToAsync(At(2025, 9, 30, 11));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "return/approve");
        Assert.Equal("Returned", ticket.GetProperty("state").GetString());
    }

    [Fact]
    public async Task HL_RT_1_HL_RT_2_a_return_after_one_working_day_is_refused_unless_the_case_is_complex()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));

        await s.AdvanceToAsync(At(2025, 9, 28, 15, 1)); // Sun 28 Sep is a working day: one working day ended at 15:00
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: "三定方案", signedBy: "DeputyLeader"));
        AssertCites(problem, "HL-RT-1");
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: "三定方案", signedBy: "DeputyLeader", complex: true));
        Assert.Contains(("return-submitted", Address(HotlineRole.Reviewer, "hl")), await s.NoticesAsync(number));
        Assert.Single(InstancesOf(ticket, "return-review"));
    }

    [Fact]
    public async Task HL_RT_3_after_the_centre_refused_a_return_the_unit_may_not_return_again()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2025, 9, 26, 16));
        await s.ActAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: "三定方案", signedBy: "DeputyLeader"));
        await s.AdvanceToAsync(At(2025, 9, 26, 17));
        await s.ActAsync(HotlineRole.Reviewer, number, "return/reject", new { reason = "指定谁、谁主管" });
        await s.AdvanceToAsync(At(2025, 9, 26, 18));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: "三定方案", signedBy: "DeputyLeader"));
        AssertCites(problem, "HL-RT-3");
    }

    [Fact]
    public async Task QU_RT_2_a_late_return_is_still_reviewed_and_the_unit_counts_it_as_an_overdue_case()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2025, 9, 29, 9)); // after the one-working-day window (Sun 28 Sep 15:00)
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: "三定方案", suggested: "县水务局"));
        var requested = ticket.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("action").GetString() == "ReturnRequested");
        Assert.Contains("QU-RT-2", requested.GetProperty("ruleIds").ToString(), StringComparison.Ordinal);
        Assert.Single(InstancesOf(ticket, "return-review"));
    }

    [Fact]
    public async Task HK_RT_1_HK_RT_2_the_review_has_one_working_day_and_an_overdue_review_is_supervised()
    {
        await using var s = await StartAsync("hk", At(2026, 3, 2, 9));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2026, 3, 2, 10));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2026, 3, 3, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        await s.AdvanceToAsync(At(2026, 3, 4, 9, 1)); // 24 h after signing, plus a minute
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "return", OutOfDuty(basis: null, suggested: "县城管局", signedBy: "HeadLeader"));
        AssertCites(problem, "HK-RT-1");

        var s2 = s; // same host: a second ticket returned in time
        var second = await s2.RegisterAsync(Intake("Complaint", content: "小区路灯不亮"));
        await s.ActAsync(HotlineRole.Dispatcher, second, "dispatch", new { leadUnitId = s.Unit });
        await s.ActAsync(HotlineRole.UnitHandler, second, "sign");
        await s.AdvanceToAsync(At(2026, 3, 4, 10));
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, second, "return", OutOfDuty(basis: null, suggested: "县城管局", signedBy: "HeadLeader"));
        Assert.Equal(At(2026, 3, 5, 10), ticket.Clock("ReturnReview").DueAt());

        await s.AdvanceToAsync(At(2026, 3, 5, 10, 1));
        ticket = await s.TicketAsync(second);
        Assert.True(ticket.Clock("ReturnReview").GetProperty("overdue").GetBoolean());
        await s.ActAsync(HotlineRole.Reviewer, second, "return/reject", new { reason = "属本单位职责" });
        ticket = await s.TicketAsync(second);
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
    }
}
