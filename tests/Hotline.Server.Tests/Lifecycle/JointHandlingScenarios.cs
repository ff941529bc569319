using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>主办/协办 through the joint-handling flow: one instance per co-unit, late co-units flagged and escalated.</summary>
public sealed class JointHandlingScenarios
{
    [Fact]
    public async Task HL_JNT_1_HL_JNT_2_a_late_co_unit_is_flagged_and_escalated_and_the_lead_replies_once_for_all()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, coUnitIds = new[] { s.CoUnit } });
        Assert.Equal(At(2025, 10, 10, 15), ticket.Clock("CoUnitOpinion").DueAt()); // by the handling deadline (§5.1)
        var joint = Assert.Single(InstancesOf(ticket, "joint-handling"));
        Assert.Contains(("co-unit-requested", Address(HotlineRole.UnitHandler, "hl", coUnit: true)), await s.NoticesAsync(number));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        // HL-JNT-2: no reply before every opinion is in.
        await s.AdvanceToAsync(At(2025, 10, 9, 9));
        var problem = await s.RefusedAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "汇总意见", resolution = "Resolved" });
        AssertCites(problem, "HL-JNT-2");

        await s.AdvanceToAsync(At(2025, 10, 10, 15, 1));
        ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("CoUnitOpinion").GetProperty("overdue").GetBoolean());
        var notices = await s.NoticesAsync(number);
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "hl", coUnit: true)), notices);
        Assert.Contains(("deadline-overdue", Address(HotlineRole.Dispatcher, "hl")), notices);

        await s.AdvanceToAsync(At(2025, 10, 10, 16));
        await s.ActAsync(HotlineRole.UnitHandler, number, "co-unit-opinion", new { opinion = "配合意见：已排查管线" }, coUnit: true);
        ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "汇总各单位意见", callerNotice = "已电话答复", resolution = "Resolved" });
        Assert.Equal("Replied", ticket.GetProperty("state").GetString());
        Assert.Equal("Finished", InstancesOf(ticket, "joint-handling").Single(i => i.GetProperty("id").GetString() == joint.GetProperty("id").GetString()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task QU_JNT_4_a_co_unit_added_later_is_asked_and_may_not_return_the_ticket()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 28, 10));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "co-units", new { unitId = s.CoUnit });
        Assert.Equal(At(2025, 10, 10, 15), ticket.Clock("CoUnitOpinion").DueAt());
        Assert.Single(InstancesOf(ticket, "joint-handling"));
        Assert.Contains(("co-unit-requested", Address(HotlineRole.UnitHandler, "qu", coUnit: true)), await s.NoticesAsync(number));

        var response = await (await s.AsAsync(HotlineRole.UnitHandler, coUnit: true)).TryActAsync(number, "return",
            new { reason = "OutOfDuty", explanation = "x", basis = "y", suggestedUnit = "z" });
        var problem = await response.ProblemAsync(System.Net.HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "QU-JNT-4");
        await s.ActAsync(HotlineRole.UnitHandler, number, "co-unit-opinion", new { opinion = "同意主办单位处理方案" }, coUnit: true);
        ticket = await s.TicketAsync(number);
        Assert.False(ticket.Clock("CoUnitOpinion").GetProperty("running").GetBoolean());
    }
}
