using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>What holds for every action: idempotency, roles, units, states, history.</summary>
public sealed class TicketActionTests
{
    private readonly TicketFixture _f = new("QU");

    [Fact]
    public void A_repeated_idempotency_key_returns_the_original_event_and_applies_nothing()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var first = _f.Ticket.Sign(_f.As(HotlineRole.UnitHandler, "2025-09-26 16:00", UnitA, key: "sign-1"));
        var revision = _f.Ticket.Revision;
        var again = _f.Ticket.Sign(_f.As(HotlineRole.UnitHandler, "2025-09-26 17:00", UnitA, key: "sign-1"));
        Assert.Same(first, again);
        Assert.Equal(revision, _f.Ticket.Revision);
        Assert.Single(_f.Ticket.Events, e => e.Action == TicketAction.Signed);
    }

    [Fact]
    public void An_idempotency_key_reused_for_another_action_is_refused_as_another_request_not_a_conflict()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Ticket.Sign(_f.As(HotlineRole.UnitHandler, "2025-09-26 16:00", UnitA, key: "same"));
        var error = _f.Refused(ErrorCodes.IdempotencyKeyReused, null,
            () => _f.Ticket.RecordFirstContact(_f.As(HotlineRole.UnitHandler, "2025-09-26 16:30", UnitA, key: "same"), "called"));
        // The client's mistake (422), like the same key with another body; a conflict (409) is the ticket's state.
        Assert.False(error.IsConflict);
    }

    [Fact]
    public void Only_the_assigned_unit_acts_and_only_in_its_role()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Refused(ErrorCodes.UnitNotAssigned, null, () => _f.Ticket.Sign(_f.Unit("2025-09-26 16:00", UnitB)));
        _f.Refused(ErrorCodes.RoleNotAllowed, null, () => _f.Ticket.Sign(_f.Dispatcher("2025-09-26 16:00")));
        _f.Refused(ErrorCodes.RoleNotAllowed, null, () => _f.Ticket.Dispatch(_f.Unit("2025-09-26 16:00"), new DispatchOrder(UnitB)));
    }

    [Fact]
    public void Actions_out_of_order_are_refused_as_invalid_state()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint);
        var error = _f.Refused(ErrorCodes.InvalidState, null, () => _f.Ticket.AcceptReply(_f.Reviewer("2025-09-26 15:00")));
        Assert.True(error.IsConflict);
        _f.Refused(ErrorCodes.InvalidState, null, () => _f.Ticket.Redispatch(_f.Dispatcher("2025-09-26 15:00"), new DispatchOrder(UnitA)));
    }

    [Fact]
    public void A_lead_unit_cannot_also_be_a_co_unit()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint);
        _f.Refused(ErrorCodes.DispatchUnitInvalid, null, () => _f.Ticket.Dispatch(_f.Dispatcher("2025-09-26 15:00"), new DispatchOrder(UnitA, [UnitA])));
    }

    [Fact]
    public void The_history_records_who_when_and_in_which_role_in_sequence()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 16:00");
        Assert.Equal([1, 2, 3], _f.Ticket.Events.Select(e => e.Sequence));
        var signed = _f.Ticket.Events[^1];
        Assert.Equal((TicketAction.Signed, "UnitHandler", UnitA, At("2025-09-26 16:00")), (signed.Action, signed.Role, signed.UnitId!.Value, signed.At));
    }

    [Fact]
    public void Supervision_with_a_deadline_starts_a_clock_and_names_late_co_units()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", coUnits: [UnitB]);
        var coUnitClock = _f.Ticket.Clock(DeadlineKind.CoUnitOpinion, UnitB)!;
        _f.Ticket.DeadlineReached(_f.Timer("2025-10-10 15:01"), coUnitClock.Id);
        var supervisor = _f.As(HotlineRole.Supervisor, "2025-10-11 09:00");
        var supervised = _f.Ticket.Supervise(supervisor, new SupervisionNotice(SupervisionForm.Written, ["overdue"], "限期办结", DueAt: At("2025-10-15 18:00")));
        Assert.Contains(UnitB.ToString(), supervised.DataJson!, StringComparison.Ordinal);
        Assert.Equal(At("2025-10-15 18:00"), _f.Due(DeadlineKind.Supervision));
    }

    [Fact]
    public void HSB_GEN_1_the_centre_may_reassign_until_the_unit_signs_then_the_unit_owns_the_ticket()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var reassigned = _f.Ticket.Reassign(_f.Dispatcher("2025-09-26 16:00"), new DispatchOrder(UnitB), "派错单位");
        Assert.Equal(TicketAction.Reassigned, reassigned.Action);
        Assert.Equal(UnitB, _f.Ticket.Lead!.UnitId);
        Assert.Null(_f.Ticket.Clock(DeadlineKind.Handle, UnitA));
        Assert.Equal(At("2025-10-10 16:00"), _f.Due(DeadlineKind.Handle, UnitB));
        _f.Ticket.Sign(_f.Unit("2025-09-26 17:00", UnitB));
        _f.Refused(ErrorCodes.InvalidState, null, () => _f.Ticket.Reassign(_f.Dispatcher("2025-09-26 18:00"), new DispatchOrder(UnitC), "再改"));
    }

    [Fact]
    public void Only_the_system_reports_a_reached_deadline()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var sign = _f.Ticket.Clock(DeadlineKind.Sign)!;
        _f.Refused(ErrorCodes.RoleNotAllowed, null, () => _f.Ticket.DeadlineReached(_f.Unit("2025-09-29 09:00"), sign.Id));
        Assert.NotNull(_f.Ticket.DeadlineReached(_f.Timer("2025-09-29 09:00"), sign.Id));
        Assert.True(sign.Overdue);
    }

    [Fact]
    public void Over_long_input_is_refused_before_it_reaches_the_database()
    {
        var error = Assert.Throws<TicketRuleViolation>(() => _f.Register("2025-09-26 14:00", TicketCategory.Complaint,
            caller: new Caller("张三", new string('1', 41), null)));
        Assert.Equal(ErrorCodes.InputTooLong, error.Code);
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", coUnits: [UnitB]);
        _f.Refused(ErrorCodes.InputTooLong, null, () => _f.Ticket.GiveCoUnitOpinion(_f.Unit("2025-09-26 16:00", UnitB), new string('意', 4001)));
    }

    [Fact]
    public void Caller_personal_data_is_masked_in_text()
    {
        var caller = new Caller("张三丰", "13812345678", "渠县某街道");
        Assert.DoesNotContain("13812345678", caller.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("张三丰", caller.ToString(), StringComparison.Ordinal);
        Assert.Equal("1*********8", Caller.Mask("13812345678"));
    }
}
