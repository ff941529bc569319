using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Tests.Tickets;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.JointHandling;

/// <summary>QU countersign tickets (会签工单): each unit handles its own part with its own clocks.</summary>
public sealed class CountersignTests
{
    private readonly TicketFixture _f = new("QU");

    private TicketFixture Countersigned()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint);
        _f.Ticket.Dispatch(_f.Dispatcher("2025-09-26 15:00"), new DispatchOrder(UnitA, [UnitB], Mode: JointMode.Countersign));
        return _f;
    }

    [Fact]
    public void QU_JNT_1_each_part_gets_its_own_sign_and_handling_clock()
    {
        Countersigned();
        Assert.Equal(At("2025-10-10 15:00"), _f.Due(DeadlineKind.Handle, UnitB));
        Assert.Equal(At("2025-09-28 15:00"), _f.Due(DeadlineKind.Sign, UnitB));
        _f.Ticket.Sign(_f.Unit("2025-09-26 16:00", UnitB));
        Assert.Equal(TicketState.Dispatched, _f.Ticket.State); // the lead has not signed yet
        Assert.Null(_f.Ticket.Clock(DeadlineKind.Sign, UnitB));
        Assert.NotNull(_f.Ticket.Clock(DeadlineKind.Sign, UnitA));
    }

    [Fact]
    public void QU_JNT_1_A_27_a_late_part_is_overdue_for_its_own_unit_only_and_the_ticket_waits_for_parts_in_time()
    {
        Countersigned().Sign("2025-09-26 16:00");
        _f.Ticket.Sign(_f.Unit("2025-09-26 16:00", UnitB));
        var reply = new ReplyContent("本单位部分已办结");
        _f.Refused(ErrorCodes.ReplyCoUnitOpinionsMissing, null, () => _f.Ticket.Reply(_f.Unit("2025-10-09 09:00"), reply));
        _f.Ticket.RequestExtension(_f.Unit("2025-10-09 09:00"), new Hotline.Tickets.Extensions.ExtensionApplication(3, "需检测"));
        _f.Ticket.ForwardExtension(_f.Reviewer("2025-10-09 09:30")); // QU-EXT-4: the city centre decides
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-10-09 10:00"));
        Assert.Equal((At("2025-10-14 15:00"), At("2025-10-10 15:00")), (_f.Due(DeadlineKind.Handle, UnitA), _f.Due(DeadlineKind.Handle, UnitB)));

        _f.Ticket.ReplyToCountersignPart(_f.Unit("2025-10-10 15:01", UnitB), reply);
        _f.Ticket.Reply(_f.Unit("2025-10-13 09:00"), reply);
        Assert.True(_f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.Handle && c.UnitId == UnitB).Overdue);
        Assert.False(_f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.Handle && c.UnitId == UnitA).Overdue);
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
    }

    [Fact]
    public void Countersign_is_refused_where_the_profile_does_not_provide_it()
    {
        var hsb = new TicketFixture("HSB").Register("2025-09-26 14:00", TicketCategory.Complaint);
        hsb.Refused(ErrorCodes.CountersignNotAvailable, null,
            () => hsb.Ticket.Dispatch(hsb.Dispatcher("2025-09-26 15:00"), new DispatchOrder(UnitA, [UnitB], Mode: JointMode.Countersign)));
    }

    [Fact]
    public void HSB_JNT_1_lead_and_co_units_a_late_co_unit_does_not_block_the_consolidated_reply()
    {
        var hsb = new TicketFixture("HSB").Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00", coUnits: [UnitB, UnitC]).Sign("2025-09-26 16:00");
        hsb.Ticket.GiveCoUnitOpinion(hsb.Unit("2025-09-27 09:00", UnitB), "同意");
        var reply = new ReplyContent("汇总意见后答复", "电话告知");
        hsb.Refused(ErrorCodes.ReplyCoUnitOpinionsMissing, "HSB-JNT-1", () => hsb.Ticket.Reply(hsb.Unit("2025-10-01 15:00"), reply));
        hsb.Ticket.Reply(hsb.Unit("2025-10-01 15:01"), reply); // UnitC's opinion was due at the handling deadline (§5.1)
        Assert.True(hsb.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.CoUnitOpinion && c.UnitId == UnitC).Overdue);
    }
}
