using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tests.Tickets;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Termination;

/// <summary>A terminated matter (终结办理) stays terminated: QU does not accept it again, HL does not dispatch it again.</summary>
public sealed class TerminatedMatterTests
{
    private static Ticket Repeat(TicketFixture f, string number) =>
        Ticket.Register(f.Dispatcher("2025-10-09 09:00"), "t", number + "-2",
            new TicketIntake("phone", f.Ticket.Caller, TicketCategory.Complaint, "又来电", RepeatOf: f.Ticket.Number), f.Ticket);

    [Fact]
    public void QU_TRM_2_QU_GEN_2_4_the_same_callers_terminated_matter_is_not_accepted_again()
    {
        var f = new TicketFixture("QU").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        f.Ticket.RequestTermination(f.Unit("2025-09-29 09:00"), new TerminationApplication("同一事项反复投诉", "已依法处理"));
        var error = Assert.Throws<TicketRuleViolation>(() => Repeat(f, "QU"));
        Assert.Equal((ErrorCodes.TerminatedMatter, "QU-TRM-2"), (error.Code, error.RuleIds[0]));
    }

    [Fact]
    public void HL_TRM_1_a_terminated_matter_is_registered_but_not_dispatched_again()
    {
        var f = new TicketFixture("HL").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        f.Ticket.RequestTermination(f.Unit("2025-09-29 09:00"), new TerminationApplication("已依法处理三次", "信访条例", LeaderLevel.DeputyLeader));
        f.Ticket.ApproveTermination(f.Reviewer("2025-09-29 10:00"));
        f.Ticket.Archive(f.Reviewer("2025-09-29 11:00"));
        var repeat = Repeat(f, "HL");
        Assert.True(repeat.MatterTerminated);
        var error = Assert.Throws<TicketRuleViolation>(() => repeat.Dispatch(f.Dispatcher("2025-10-09 10:00"), new DispatchOrder(UnitB)));
        Assert.Equal((ErrorCodes.DispatchTerminatedMatter, "HL-TRM-1"), (error.Code, error.RuleIds[0]));
        Assert.Equal(TicketState.Registered, repeat.State);
    }

    [Fact]
    public void A_repeat_of_a_matter_that_was_not_terminated_is_handled_as_usual()
    {
        var f = new TicketFixture("QU").Register("2025-09-26 14:00", TicketCategory.Complaint);
        var repeat = Repeat(f, "QU");
        Assert.False(repeat.MatterTerminated);
        repeat.Dispatch(f.Dispatcher("2025-10-09 10:00"), new DispatchOrder(UnitA));
        Assert.Equal(TicketState.Dispatched, repeat.State);
    }
}
