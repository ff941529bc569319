using Hotline.Server.Tests.Attachments;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>甄别 / 申诉 after a dissatisfied rating, through the screening flow and the window and evidence timers.</summary>
public sealed class ScreeningScenarios
{
    private static readonly object Recording = new { fileName = "通话录音.mp3", contentType = "audio/mpeg", length = 1024, storageKey = "blob/1" };

    /// <summary>A QU complaint dispatched Fri 26 Sep 2025 15:00, replied and rated dissatisfied at <paramref name="ratedAt"/>.</summary>
    private static async Task<(Scenario S, string Number)> QuDissatisfiedAsync(DateTimeOffset ratedAt, string database = Sqlite)
    {
        var s = await StartAsync("qu", At(2025, 9, 26, 14), database);
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(At(2025, 9, 26, 15, 30));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.AdvanceToAsync(ratedAt.AddHours(-2));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理" });
        await s.AdvanceToAsync(ratedAt.AddHours(-1));
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.AdvanceToAsync(ratedAt);
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied" });
        return (s, number);
    }

    [Fact]
    public async Task QU_SCR_1_QU_SCR_3_an_application_in_time_is_reviewed_within_a_working_day_and_its_decision_notified()
    {
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 29, 10));
        await using var _ = s;
        var ticket = await s.TicketAsync(number);
        Assert.Equal(At(2025, 10, 9, 10), ticket.Clock("ScreeningWindow").DueAt()); // two working days across National Day
        await s.AdvanceToAsync(At(2025, 9, 30, 9));
        ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "screening", new { explanation = "已妥善处理", evidence = new[] { await s.EvidenceAsync(number) } });
        Assert.Equal(At(2025, 10, 9, 9), ticket.Clock("ScreeningReview").DueAt());
        Assert.Single(InstancesOf(ticket, "screening"));
        await s.AdvanceToAsync(At(2025, 9, 30, 10));
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "screening/decision", new { upheld = true, reason = "初审通过，报市中心" });
        Assert.Equal("Closed", ticket.GetProperty("state").GetString());
        Assert.Contains(("screening-decided", Address(HotlineRole.UnitHandler, "qu")), await s.NoticesAsync(number));
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.All(InstancesOf(ticket, "screening").Concat(InstancesOf(ticket, "ticket-lifecycle")), i => Assert.Equal("Finished", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task QU_SCR_1_an_application_one_minute_after_the_window_is_refused()
    {
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 29, 10));
        await using var _ = s;
        // The window's own timer lapses the screening first (QU-SCR-2), so the late application meets an archived ticket.
        await s.AdvanceToAsync(At(2025, 10, 9, 10, 1));
        var response = await (await s.Handler).TryActAsync(number, "screening", new { explanation = "已妥善处理", evidence = new[] { Recording } });
        Assert.False(response.IsSuccessStatusCode);
        var ticket = await s.TicketAsync(number);
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Empty(InstancesOf(ticket, "screening"));
    }

    [Fact]
    public async Task QU_SCR_1_QU_SCR_2_after_the_monthly_cut_off_the_window_lapses_and_the_ticket_is_archived_as_dissatisfied()
    {
        // Rated Tue 30 Sep: +2 wd would be Fri 10 Oct, but the cut-off (1 Oct, rolled to Thu 9 Oct) ends the window at 24:00.
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 30, 10));
        await using var _ = s;
        var ticket = await s.TicketAsync(number);
        Assert.Equal(At(2025, 10, 10, 0), ticket.Clock("ScreeningWindow").DueAt());
        await s.AdvanceToAsync(At(2025, 10, 10, 0, 1));
        ticket = await s.TicketAsync(number);
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Equal("Dissatisfied", ticket.GetProperty("satisfaction").GetString());
        var lapsed = ticket.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("action").GetString() == "ScreeningLapsed");
        Assert.Equal("QU-SCR-2", lapsed.GetProperty("ruleIds").GetString());
        Assert.Equal("Finished", Assert.Single(InstancesOf(ticket, "ticket-lifecycle")).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task QU_SCR_4_CC_5_evidence_not_given_within_24_working_hours_ends_the_screening_as_dissatisfied(string database)
    {
        var (s, number) = await QuDissatisfiedAsync(At(2025, 9, 26, 20), database);
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 26, 21));
        await s.ActAsync(HotlineRole.UnitHandler, number, "screening", new { explanation = "已妥善处理", evidence = new[] { await s.EvidenceAsync(number) } });
        await s.AdvanceToAsync(At(2025, 9, 26, 22));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "screening/evidence-request", new { what = "补充现场照片" });
        Assert.Equal(At(2025, 9, 28, 22), ticket.Clock("Evidence").DueAt()); // Saturday stands still
        await s.AdvanceToAsync(At(2025, 9, 28, 22, 1));
        ticket = await s.TicketAsync(number);
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Contains("ScreeningLapsed", ticket.Actions());
        Assert.All(InstancesOf(ticket, "screening"), i => Assert.Equal("Finished", i.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task HK_SCR_1_an_appeal_on_a_listed_ground_signed_by_the_head_leader_is_upheld_and_leaves_the_satisfaction_count()
    {
        await using var s = await StartAsync("hk", At(2026, 3, 2, 9));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2026, 3, 2, 10));
        await s.AdvanceToAsync(At(2026, 3, 3, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "现场核实并处理", callerNotice = "电话答复" });
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.AdvanceToAsync(At(2026, 3, 4, 10));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied" });
        Assert.DoesNotContain(ticket.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("kind").GetString() == "ScreeningWindow");

        var evidence = await s.EvidenceAsync(number, "执法记录.pdf");
        await s.AdvanceToAsync(At(2026, 3, 20, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "screening", new { explanation = "依法处理", evidence = new[] { evidence }, ground = "dislike", signedBy = "HeadLeader" });
        AssertCites(problem, "HK-SCR-1");
        await s.ActAsync(HotlineRole.UnitHandler, number, "screening", new { explanation = "依法处理", evidence = new[] { evidence }, ground = "lawEnforcementCase", signedBy = "HeadLeader" });
        await s.AdvanceToAsync(At(2026, 3, 21, 9));
        await s.ActAsync(HotlineRole.Reviewer, number, "screening/decision", new { upheld = true, reason = "市中心审核通过" });
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "archive");
        Assert.Equal("Archived", ticket.GetProperty("state").GetString());
        Assert.Contains(("screening-decided", Address(HotlineRole.UnitHandler, "hk")), await s.NoticesAsync(number));
    }

    [Fact]
    public async Task HSB_a_profile_without_screening_refuses_an_application_and_the_centre_orders_a_redo()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", callerNotice = "已告知" });
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied" });
        var response = await (await s.Handler).TryActAsync(number, "screening", new { explanation = "x", evidence = new[] { Recording } });
        Assert.False(response.IsSuccessStatusCode);
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "redo", new { reason = "群众不满意，发回重办" });
        Assert.Equal("Handling", ticket.GetProperty("state").GetString()); // WZ-RDO-1
    }
}
