using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Screening;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>HK (Hukou county), around Spring Festival 2026 (15–23 Feb off, 14 and 28 Feb worked).</summary>
public sealed class HkTicketTests
{
    private readonly TicketFixture _f = new("HK");

    private static ReturnApplication Return(LeaderLevel? signedBy = LeaderLevel.HeadLeader) =>
        new(ReturnReason.OutOfDuty, "非本单位职责", null, "县城管局", signedBy);

    [Fact]
    public void HK_DL_1_A_21_consultation_dispatched_before_Spring_Festival_is_due_two_working_days_later_receipt_included()
    {
        _f.Register("2026-02-13 15:00", TicketCategory.Consultation).Dispatch("2026-02-13 16:00");
        Assert.Equal(At("2026-02-24 16:00"), _f.Due(DeadlineKind.Handle, UnitA));
        _f.Sign("2026-02-14 09:00");
        Assert.Equal(At("2026-02-24 16:00"), _f.Due(DeadlineKind.Handle, UnitA)); // signing does not restart the clock
    }

    [Fact]
    public void HK_SGN_2_units_sign_within_24_hours()
    {
        _f.Register("2026-02-13 15:00", TicketCategory.Complaint).Dispatch("2026-02-13 16:00");
        Assert.Equal(At("2026-02-14 16:00"), _f.Due(DeadlineKind.Sign, UnitA));
        var sign = _f.Ticket.Clock(DeadlineKind.Sign)!;
        var reached = _f.Ticket.DeadlineReached(_f.Timer("2026-02-14 16:01"), sign.Id)!;
        Assert.Equal(TicketAction.DeadlineReached, reached.Action); // HK has no deemed acceptance
        Assert.Equal(TicketState.Dispatched, _f.Ticket.State);
        Assert.True(sign.Overdue);
    }

    [Fact]
    public void A_23_report_has_no_stated_limit_so_the_centre_sets_the_deadline_at_dispatch()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Report);
        _f.Refused(ErrorCodes.DeadlineRequired, "HK-DL-1", () => _f.Ticket.Dispatch(_f.Dispatcher("2026-03-02 10:00"), new DispatchOrder(UnitA)));
        _f.Ticket.Dispatch(_f.Dispatcher("2026-03-02 10:00"), new DispatchOrder(UnitA, DueAt: At("2026-03-09 18:00")));
        Assert.Equal(At("2026-03-09 18:00"), _f.Due(DeadlineKind.Handle, UnitA));
    }

    [Fact]
    public void HK_RT_1_A_22_return_within_24_hours_of_signing_signed_by_the_head_leader()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-03 09:00");
        _f.Refused(ErrorCodes.ReturnSignatoryMissing, "HK-RT-1", () => _f.Ticket.RequestReturn(_f.Unit("2026-03-03 10:00"), Return(LeaderLevel.DeputyLeader)));
        _f.Refused(ErrorCodes.ReturnWindowClosed, "HK-RT-1", () => _f.Ticket.RequestReturn(_f.Unit("2026-03-04 09:01"), Return()));
        _f.Ticket.RequestReturn(_f.Unit("2026-03-04 09:00"), Return());
        Assert.Equal(At("2026-03-05 09:00"), _f.Due(DeadlineKind.ReturnReview)); // HK-RT-2: 1 wd review
    }

    [Fact]
    public void HK_RT_2_rejected_return_leaves_the_original_unit_handling_with_its_deadline()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        var due = _f.Due(DeadlineKind.Handle, UnitA);
        _f.Ticket.RequestReturn(_f.Unit("2026-03-02 12:00"), Return());
        _f.Ticket.RejectReturn(_f.Reviewer("2026-03-03 09:00"), "属本单位职责");
        Assert.Equal((TicketState.Handling, due), (_f.Ticket.State, _f.Due(DeadlineKind.Handle, UnitA)));
        Assert.Null(_f.Ticket.Clock(DeadlineKind.ReturnReview));
        _f.Ticket.RequestReturn(_f.Unit("2026-03-02 13:00"), Return()); // second return is not forbidden in HK
    }

    [Fact]
    public void HK_EXT_1_2_apply_at_least_24_hours_before_expiry_at_most_twice_each_no_longer_than_the_original_limit()
    {
        // Help request: 6 wd from Mon 2 Mar 10:00 → Tue 10 Mar 10:00.
        _f.Register("2026-03-02 09:00", TicketCategory.HelpRequest).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        Assert.Equal(At("2026-03-10 10:00"), _f.Due(DeadlineKind.Handle, UnitA));
        _f.Refused(ErrorCodes.ExtensionTooLate, "HK-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2026-03-09 10:01"), new ExtensionApplication(2, "x")));
        _f.Refused(ErrorCodes.ExtensionTooLong, "HK-EXT-2", () => _f.Ticket.RequestExtension(_f.Unit("2026-03-09 10:00"), new ExtensionApplication(7, "x")));
        _f.Ticket.RequestExtension(_f.Unit("2026-03-09 10:00"), new ExtensionApplication(6, "x"));
        _f.Ticket.ApproveExtension(_f.Reviewer("2026-03-09 11:00"));
        Assert.Equal(At("2026-03-18 10:00"), _f.Due(DeadlineKind.Handle, UnitA));
        _f.Ticket.RequestExtension(_f.Unit("2026-03-16 10:00"), new ExtensionApplication(1, "y"));
        _f.Ticket.DenyExtension(_f.Reviewer("2026-03-16 11:00"), "no");
        _f.Refused(ErrorCodes.ExtensionTooMany, "HK-EXT-2", () => _f.Ticket.RequestExtension(_f.Unit("2026-03-16 12:00"), new ExtensionApplication(1, "z")));
    }

    [Fact]
    public void A_29_an_extension_approved_after_the_deadline_keeps_the_overdue_on_record()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.HelpRequest).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        _f.Ticket.RequestExtension(_f.Unit("2026-03-09 10:00"), new ExtensionApplication(2, "x"));
        _f.Ticket.ApproveExtension(_f.Reviewer("2026-03-10 10:01"));
        var handle = _f.Ticket.Clock(DeadlineKind.Handle)!;
        Assert.Equal((At("2026-03-12 10:00"), true), (handle.DueAt, handle.Overdue));
    }

    private void DissatisfiedComplaint()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        _f.Ticket.Reply(_f.Unit("2026-03-03 09:00"), new ReplyContent("现场核实并处理", "电话答复"));
        _f.Ticket.AcceptReply(_f.Reviewer("2026-03-03 10:00"));
        _f.Ticket.Revisit(_f.Reviewer("2026-03-04 10:00"), new RevisitResult(SatisfactionRating.Dissatisfied));
    }

    [Fact]
    public void HK_SCR_1_appeal_needs_a_listed_ground_and_the_head_leader_and_approval_excludes_it_from_satisfaction()
    {
        DissatisfiedComplaint();
        Assert.Null(_f.Ticket.Clock(DeadlineKind.ScreeningWindow)); // no window
        var evidence = new AttachmentRef("执法记录.pdf", "application/pdf", 2048, "blob/2");
        _f.Refused(ErrorCodes.ScreeningGroundUnknown, "HK-SCR-1", () => _f.Ticket.ApplyForScreening(_f.Unit("2026-03-20 09:00"), new ScreeningApplication("依法处理", [evidence], "dislike", LeaderLevel.HeadLeader)));
        _f.Refused(ErrorCodes.ScreeningSignatoryMissing, "HK-SCR-1", () => _f.Ticket.ApplyForScreening(_f.Unit("2026-03-20 09:00"), new ScreeningApplication("依法处理", [evidence], "lawEnforcementCase")));
        _f.Ticket.ApplyForScreening(_f.Unit("2026-03-20 09:00"), new ScreeningApplication("依法处理", [evidence], "lawEnforcementCase", LeaderLevel.HeadLeader));
        _f.Ticket.DecideScreening(_f.Reviewer("2026-03-21 09:00"), upheld: true, "市中心审核通过");
        _f.Ticket.Archive(_f.Reviewer("2026-03-21 10:00"));
        Assert.Equal((TicketState.Archived, true), (_f.Ticket.State, _f.Ticket.ExcludedFromSatisfaction));
    }

    [Fact]
    public void HK_SCR_2_the_panel_sends_a_reasonable_request_back_with_a_deadline_and_leaves_an_unreasonable_one_to_appeal()
    {
        DissatisfiedComplaint();
        _f.Refused(ErrorCodes.InputMissing, null, () => _f.Ticket.RecordPanelRuling(_f.Reviewer("2026-03-10 09:00"), reasonable: true, "诉求合理"));
        var ruled = _f.Ticket.RecordPanelRuling(_f.Reviewer("2026-03-10 09:00"), reasonable: true, "诉求合理", At("2026-03-20 18:00"));
        Assert.Equal(("HK-SCR-2", TicketState.Handling), (ruled.RuleIds, _f.Ticket.State));
        Assert.Equal(At("2026-03-20 18:00"), _f.Due(DeadlineKind.Redo, UnitA));

        var unreasonable = new TicketFixture("HK");
        unreasonable.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        unreasonable.Ticket.Reply(unreasonable.Unit("2026-03-03 09:00"), new ReplyContent("依法处理", "电话答复"));
        unreasonable.Ticket.AcceptReply(unreasonable.Reviewer("2026-03-03 10:00"));
        unreasonable.Ticket.Revisit(unreasonable.Reviewer("2026-03-04 10:00"), new RevisitResult(SatisfactionRating.Dissatisfied));
        unreasonable.Ticket.RecordPanelRuling(unreasonable.Reviewer("2026-03-10 09:00"), reasonable: false, "诉求无政策依据");
        Assert.Equal(TicketState.Dissatisfied, unreasonable.Ticket.State);
    }

    [Fact]
    public void HK_SCR_2_no_panel_outside_HK()
    {
        var qu = new TicketFixture("QU").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        qu.Ticket.Reply(qu.Unit("2025-09-29 09:00"), new ReplyContent("已处理"));
        qu.Ticket.AcceptReply(qu.Reviewer("2025-09-29 10:00"));
        qu.Ticket.Revisit(qu.Reviewer("2025-09-29 11:00"), new RevisitResult(SatisfactionRating.Dissatisfied));
        qu.Refused(ErrorCodes.PanelNotProvided, null, () => qu.Ticket.RecordPanelRuling(qu.Reviewer("2025-09-29 12:00"), false, "x"));
    }

    [Fact]
    public void HK_termination_is_not_provided()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        _f.Refused(ErrorCodes.TerminationNotProvided, null, () => _f.Ticket.RequestTermination(_f.Unit("2026-03-03 09:00"), new TerminationApplication("f", "b")));
    }

    [Fact]
    public void HK_REV_1_send_back_without_a_redo_limit_keeps_the_original_deadline()
    {
        _f.Register("2026-03-02 09:00", TicketCategory.Complaint).Dispatch("2026-03-02 10:00").Sign("2026-03-02 11:00");
        var due = _f.Due(DeadlineKind.Handle, UnitA);
        _f.Refused(ErrorCodes.ReplyContentMissing, "HK-RPL-1", () => _f.Ticket.Reply(_f.Unit("2026-03-03 09:00"), new ReplyContent("处理了")));
        _f.Ticket.Reply(_f.Unit("2026-03-03 09:00"), new ReplyContent("处理了", "电话告知"));
        var sentBack = _f.Ticket.SendBackReply(_f.Reviewer("2026-03-03 10:00"), "格式不规范");
        Assert.Equal("HK-REV-1", sentBack.RuleIds);
        Assert.Equal(due, _f.Due(DeadlineKind.Handle, UnitA));
    }
}
