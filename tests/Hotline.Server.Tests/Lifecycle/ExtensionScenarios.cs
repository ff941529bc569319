using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>延期: requests, decisions and the clocks they move; the handling timer follows the moved deadline.</summary>
public sealed class ExtensionScenarios
{
    private static async Task<(Scenario S, string Number)> SignedAsync(string tenant, string category, DateTimeOffset registered, DateTimeOffset dispatched, DateTimeOffset signed)
    {
        var s = await StartAsync(tenant, registered);
        var number = await s.RegisterAsync(Intake(category));
        await s.AdvanceToAsync(dispatched);
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        await s.AdvanceToAsync(signed);
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        return (s, number);
    }

    [Fact]
    public async Task HSB_EXT_1_CC_9_a_granted_extension_moves_the_deadline_and_the_handling_timer_waits_for_the_new_one()
    {
        var (s, number) = await SignedAsync("hsb", "Complaint", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 2, reason = "需协调", callerNotified = true });
        Assert.Contains(("extension-requested", Address(HotlineRole.Reviewer, "hsb")), await s.NoticesAsync(number));
        await s.AdvanceToAsync(At(2025, 9, 29, 10));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        // Due Wed 1 Oct 15:00 (a holiday): +2 wd from a non-working day ends at 24:00 of Fri 10 Oct.
        Assert.Equal(At(2025, 10, 11, 0), ticket.Clock("Handle").DueAt());

        await s.AdvanceToAsync(At(2025, 10, 1, 15, 1)); // the old deadline's timer rings and waits on
        ticket = await s.TicketAsync(number);
        Assert.DoesNotContain("DeadlineReached", ticket.Actions());
        await s.AdvanceToAsync(At(2025, 10, 11, 0, 1));
        ticket = await s.TicketAsync(number);
        Assert.Contains("DeadlineReached", ticket.Actions());
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "hsb")), await s.NoticesAsync(number));
    }

    [Fact]
    public async Task HSB_EXT_1_HSB_EXT_2_a_refused_extension_a_missing_caller_notice_and_a_third_application_are_refused()
    {
        var (s, number) = await SignedAsync("hsb", "Complaint", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 6, reason = "x", callerNotified = true });
        AssertCites(problem, "HSB-EXT-1");
        problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "x" });
        AssertCites(problem, "HSB-EXT-2");

        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "x", callerNotified = true });
        await s.AdvanceToAsync(At(2025, 9, 29, 10));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/deny", new { reason = "理由不足" });
        Assert.Equal(At(2025, 10, 1, 15), ticket.Clock("Handle").DueAt()); // a refusal moves nothing
        Assert.Contains(("extension-decided", Address(HotlineRole.UnitHandler, "hsb")), await s.NoticesAsync(number));

        await s.AdvanceToAsync(At(2025, 9, 29, 11));
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "y", callerNotified = true });
        await s.AdvanceToAsync(At(2025, 9, 29, 12));
        await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        await s.AdvanceToAsync(At(2025, 9, 30, 9));
        problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "z", callerNotified = true });
        AssertCites(problem, "HSB-EXT-1");
    }

    [Fact]
    public async Task HL_EXT_3_HL_EXT_1_an_extension_only_inside_the_last_two_working_days_signed_by_the_deputy_leader()
    {
        var (s, number) = await SignedAsync("hl", "Complaint", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        var application = new { workingDays = 3, reason = "需执法程序", signedBy = "DeputyLeader" };
        await s.AdvanceToAsync(At(2025, 9, 30, 14, 59));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", application);
        AssertCites(problem, "HL-EXT-3");
        await s.AdvanceToAsync(At(2025, 10, 9, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", application);
        await s.AdvanceToAsync(At(2025, 10, 9, 10));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        Assert.Equal(At(2025, 10, 14, 15), ticket.Clock("Handle").DueAt()); // Sat 11 Oct is a working day
    }

    [Fact]
    public async Task QU_EXT_3_a_consultation_cannot_be_extended_and_the_refusal_leaves_its_deadline()
    {
        var (s, number) = await SignedAsync("qu", "Consultation", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 9, 28, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "需查档" });
        AssertCites(problem, "QU-EXT-3");
        var ticket = await s.TicketAsync(number);
        Assert.Equal(At(2025, 9, 29, 15), ticket.Clock("Handle").DueAt());
        Assert.DoesNotContain("ExtensionRequested", ticket.Actions());
    }

    [Fact]
    public async Task QU_EXT_1_QU_EXT_2_an_extension_asked_too_late_or_too_long_is_refused()
    {
        var (s, number) = await SignedAsync("qu", "Complaint", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 10, 9, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 4, reason = "复杂" });
        AssertCites(problem, "QU-EXT-2");
        await s.AdvanceToAsync(At(2025, 10, 10, 15, 1));
        problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 3, reason = "复杂" });
        AssertCites(problem, "QU-EXT-1");
        Assert.Contains("DeadlineReached", (await s.TicketAsync(number)).Actions()); // the timer marked it overdue at 15:00:00.001
    }

    [Fact]
    public async Task HK_EXT_1_HK_EXT_2_at_least_24_hours_before_expiry_at_most_twice_each_no_longer_than_the_original_limit()
    {
        var (s, number) = await SignedAsync("hk", "HelpRequest", At(2026, 3, 2, 9), At(2026, 3, 2, 10), At(2026, 3, 2, 11));
        await using var _ = s;
        Assert.Equal(At(2026, 3, 10, 10), (await s.TicketAsync(number)).Clock("Handle").DueAt());
        await s.AdvanceToAsync(At(2026, 3, 9, 10));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 7, reason = "x" });
        AssertCites(problem, "HK-EXT-2");
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 6, reason = "x" });
        await s.AdvanceToAsync(At(2026, 3, 9, 11));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        Assert.Equal(At(2026, 3, 18, 10), ticket.Clock("Handle").DueAt());
        await s.AdvanceToAsync(At(2026, 3, 16, 10));
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "y" });
        await s.AdvanceToAsync(At(2026, 3, 16, 11));
        await s.ActAsync(HotlineRole.Reviewer, number, "extension/deny", new { reason = "no" });
        await s.AdvanceToAsync(At(2026, 3, 16, 12));
        problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 1, reason = "z" });
        AssertCites(problem, "HK-EXT-2");
    }

    [Fact]
    public async Task HK_EXT_1_an_extension_asked_within_24_hours_of_the_deadline_is_refused()
    {
        var (s, number) = await SignedAsync("hk", "HelpRequest", At(2026, 3, 2, 9), At(2026, 3, 2, 10), At(2026, 3, 2, 11));
        await using var _ = s;
        await s.AdvanceToAsync(At(2026, 3, 9, 10, 1));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 2, reason = "x" });
        AssertCites(problem, "HK-EXT-1");
    }

    [Fact]
    public async Task Workflow_a_pending_extension_decision_does_not_take_a_reply_until_it_is_decided()
    {
        var (s, number) = await SignedAsync("qu", "Complaint", At(2025, 9, 26, 14), At(2025, 9, 26, 15), At(2025, 9, 26, 15, 30));
        await using var _ = s;
        await s.AdvanceToAsync(At(2025, 10, 9, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 3, reason = "复杂" });
        var before = await s.TicketAsync(number);
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理" }, System.Net.HttpStatusCode.Conflict);
        Assert.Equal("workflow.step-not-expected", problem.GetProperty("code").GetString());
        Assert.Contains("ExtensionApproved", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(before.GetProperty("revision").GetInt32(), (await s.TicketAsync(number)).GetProperty("revision").GetInt32());
    }
}
