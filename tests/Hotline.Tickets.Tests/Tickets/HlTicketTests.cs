using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>HL (Hualong), deadlines in working days around National Day 2025.</summary>
public sealed class HlTicketTests
{
    private readonly TicketFixture _f = new("HL");

    private static ReturnApplication Return(LeaderLevel? signedBy = LeaderLevel.DeputyLeader, bool complex = false) =>
        new(ReturnReason.OutOfDuty, "非本单位职责", "三定方案", "区住建局", signedBy, complex);

    [Fact]
    public void HL_SGN_2_CC_1_unsigned_ticket_is_deemed_accepted_when_one_working_day_has_passed()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var sign = _f.Ticket.Clock(DeadlineKind.Sign)!;
        Assert.Equal(At("2025-09-28 15:00"), sign.DueAt); // Sun 28 Sep is an adjusted working day
        Assert.Null(_f.Ticket.DeadlineReached(_f.Timer("2025-09-28 15:00"), sign.Id)); // CC-7: still on time

        var deemed = _f.Ticket.DeadlineReached(_f.Timer("2025-09-28 15:01"), sign.Id)!;
        Assert.Equal(TicketAction.DeemedSigned, deemed.Action);
        Assert.Equal("HL-SGN-2", deemed.RuleIds);
        Assert.Equal((TicketState.Handling, true), (_f.Ticket.State, _f.Ticket.Lead!.DeemedSigned));
        Assert.Null(_f.Ticket.DeadlineReached(_f.Timer("2025-09-28 15:02"), sign.Id)); // a repeated timer is harmless
    }

    [Theory]
    [InlineData(TicketCategory.Consultation, TicketUrgency.Normal, HandlingClass.Ordinary, "2025-09-28 15:00")] // HL-DL-1
    [InlineData(TicketCategory.HelpRequest, TicketUrgency.Urgent, HandlingClass.Ordinary, "2025-09-28 15:00")] // HL-DL-1
    [InlineData(TicketCategory.Complaint, TicketUrgency.Normal, HandlingClass.Ordinary, "2025-10-10 15:00")] // HL-DL-2
    [InlineData(TicketCategory.Report, TicketUrgency.Normal, HandlingClass.Ordinary, "2025-10-10 15:00")] // HL-DL-3
    [InlineData(TicketCategory.Complaint, TicketUrgency.Normal, HandlingClass.Difficult, "2025-10-16 15:00")] // HL-DL-2 疑难; Sat 11 Oct is a working day
    public void HL_DL_1_2_3_deadlines_from_dispatch_on_the_Friday_before_National_Day(TicketCategory category, TicketUrgency urgency, HandlingClass handlingClass, string due)
    {
        _f.Register("2025-09-26 14:00", category, urgency).Dispatch("2025-09-26 15:00", handlingClass);
        Assert.Equal(At(due), _f.Due(DeadlineKind.Handle, UnitA));
    }

    [Fact]
    public void HL_SUP_5_an_overdue_unprocessed_ticket_gets_a_supervision_notice()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Consultation).Dispatch("2025-09-26 15:00").Sign("2025-09-26 16:00");
        _f.Ticket.DeadlineReached(_f.Timer("2025-09-28 15:01"), _f.Ticket.Clock(DeadlineKind.Handle)!.Id);
        var notice = _f.Ticket.Events.Single(e => e.Action == TicketAction.Supervised);
        Assert.Equal(("HL-SUP-5", TicketEvent.SystemRole), (notice.RuleIds, notice.Role));
        Assert.True(_f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.Handle).Overdue);
    }

    [Fact]
    public void HL_FC_1_first_contact_within_one_working_day()
    {
        _f.Register("2025-09-30 09:00", TicketCategory.Complaint).Dispatch("2025-09-30 10:00");
        Assert.Equal(At("2025-10-09 10:00"), _f.Due(DeadlineKind.FirstContact, UnitA));
        _f.Ticket.RecordFirstContact(_f.Unit("2025-09-30 11:00"), "已电话联系");
        Assert.Null(_f.Ticket.Clock(DeadlineKind.FirstContact));
    }

    [Fact]
    public void HL_FC_1_a_ticket_completed_and_replied_within_one_working_day_needs_no_separate_first_contact()
    {
        _f.Register("2025-09-30 09:00", TicketCategory.Consultation).Dispatch("2025-09-30 10:00").Sign("2025-09-30 10:30");
        _f.Ticket.Reply(_f.Unit("2025-09-30 16:00"), new ReplyContent("已解答", Resolution: ResolutionType.Explained));
        var firstContact = _f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.FirstContact);
        Assert.False(firstContact.IsRunning);
        Assert.False(firstContact.Overdue);
    }

    [Fact]
    public void HL_RT_1_return_after_one_working_day_is_refused_but_HL_RT_2_complex_gets_two()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Refused(ErrorCodes.ReturnWindowClosed, "HL-RT-1", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-28 15:01"), Return()));
        _f.Ticket.RequestReturn(_f.Unit("2025-09-28 15:01"), Return(complex: true));
        Assert.NotNull(_f.Ticket.PendingReturn);
    }

    [Fact]
    public void HL_RT_1_4_return_needs_the_deputy_leaders_signature_and_a_suggested_unit()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Refused(ErrorCodes.ReturnSignatoryMissing, "HL-RT-1", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), Return(signedBy: null)));
        _f.Refused(ErrorCodes.ReturnSuggestedUnitMissing, "HL-RT-4", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), Return() with { SuggestedUnit = null }));
        _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), Return(signedBy: LeaderLevel.HeadLeader));
    }

    [Fact]
    public void HL_RT_3_no_second_return_after_the_centre_refused_the_first()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), Return());
        _f.Ticket.RejectReturn(_f.Reviewer("2025-09-26 17:00"), "指定谁、谁主管");
        _f.Refused(ErrorCodes.ReturnSecondReturn, "HL-RT-3", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 18:00"), Return()));
    }

    [Fact]
    public void HL_JNT_1_co_units_may_not_return_and_HL_JNT_2_lead_replies_once_every_opinion_is_in()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", coUnits: [UnitB]).Sign("2025-09-26 15:30");
        Assert.Equal(At("2025-10-10 15:00"), _f.Due(DeadlineKind.CoUnitOpinion, UnitB)); // §5.1: by the handling deadline
        _f.Refused(ErrorCodes.ReturnJointUnit, "HL-JNT-1", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00", UnitB), Return()));
        var reply = new ReplyContent("汇总各单位意见", "已电话答复", ResolutionType.Resolved);
        _f.Refused(ErrorCodes.ReplyCoUnitOpinionsMissing, "HL-JNT-2", () => _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), reply));
        _f.Refused(ErrorCodes.UnitNotAssigned, null, () => _f.Ticket.GiveCoUnitOpinion(_f.Unit("2025-09-29 10:00", UnitC), "意见"));
        _f.Ticket.GiveCoUnitOpinion(_f.Unit("2025-09-29 10:00", UnitB), "配合意见");
        _f.Ticket.Reply(_f.Unit("2025-09-29 11:00"), reply);
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
    }

    [Fact]
    public void HL_EXT_3_A_07_apply_only_inside_the_last_two_working_days_and_HL_EXT_1_signed_by_the_deputy_leader()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        // Due Fri 10 Oct 15:00: an application at t is inside the window when t + 2 wd reaches the deadline.
        var application = new ExtensionApplication(3, "需执法程序", SignedBy: LeaderLevel.DeputyLeader);
        _f.Refused(ErrorCodes.ExtensionTooEarly, "HL-EXT-3", () => _f.Ticket.RequestExtension(_f.Unit("2025-09-30 14:59"), application));
        _f.Refused(ErrorCodes.ExtensionSignatoryMissing, "HL-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2025-10-09 09:00"), application with { SignedBy = null }));
        _f.Ticket.RequestExtension(_f.Unit("2025-10-09 09:00"), application);
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-10-09 10:00"));
        Assert.Equal(At("2025-10-14 15:00"), _f.Due(DeadlineKind.Handle, UnitA)); // Sat 11, Mon 13, Tue 14
    }

    [Fact]
    public void HL_EXT_1_2_total_handling_time_stays_within_15_working_days_of_receipt()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", HandlingClass.Difficult).Sign("2025-09-26 15:30");
        // Difficult: due Thu 16 Oct 15:00 (10 wd); 15 wd from receipt is Thu 23 Oct 15:00.
        var tooMuch = new ExtensionApplication(5, "复杂", SignedBy: LeaderLevel.HeadLeader);
        _f.Ticket.RequestExtension(_f.Unit("2025-10-15 09:00"), tooMuch);
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-10-15 10:00"));
        Assert.Equal(At("2025-10-23 15:00"), _f.Due(DeadlineKind.Handle, UnitA));
        _f.Refused(ErrorCodes.ExtensionTotalExceeded, "HL-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2025-10-22 09:00"), tooMuch with { WorkingDays = 1 }));
    }

    [Fact]
    public void HL_RPL_5_reply_states_the_resolution_type_and_HL_RDO_1_redo_is_due_in_two_working_days()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Refused(ErrorCodes.ReplyResolutionTypeMissing, "HL-RPL-5", () => _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理")));
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理", Resolution: ResolutionType.Explained));
        _f.Ticket.SendBackReply(_f.Reviewer("2025-09-30 09:00"), "未回复群众");
        Assert.Equal(At("2025-10-10 09:00"), _f.Due(DeadlineKind.Redo, UnitA));
        Assert.Equal(ResolutionType.Explained, _f.Ticket.Resolution);
    }

    [Fact]
    public void HL_RVS_1_2_revisit_review_order_is_due_in_three_working_days()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理", Resolution: ResolutionType.Resolved));
        _f.Ticket.AcceptReply(_f.Reviewer("2025-09-29 10:00"));
        _f.Ticket.Revisit(_f.Reviewer("2025-09-29 11:00"), new RevisitResult(SatisfactionRating.Dissatisfied, Note: "单位未联系"));
        var order = _f.Ticket.OrderRedo(_f.Reviewer("2025-09-29 12:00"), "未先行联系", revisitReviewOrder: true);
        Assert.Contains("HL-RVS-2", order.RuleIds, StringComparison.Ordinal);
        Assert.Equal(At("2025-10-10 12:00"), _f.Due(DeadlineKind.Redo, UnitA));
    }

    [Fact]
    public void HL_RVS_2_a_complex_revisit_review_order_may_get_one_extra_working_day()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00", HandlingClass.Complex).Sign("2025-09-26 15:30");
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理", Resolution: ResolutionType.Resolved));
        _f.Ticket.AcceptReply(_f.Reviewer("2025-09-29 10:00"));
        _f.Ticket.Revisit(_f.Reviewer("2025-09-29 11:00"), new RevisitResult(SatisfactionRating.Neutral));
        _f.Ticket.OrderRedo(_f.Reviewer("2025-09-29 12:00"), "可解决未解决", revisitReviewOrder: true);
        _f.Ticket.ExtendRevisitReview(_f.Reviewer("2025-10-09 09:00"), "需现场复核");
        Assert.Equal(At("2025-10-11 12:00"), _f.Due(DeadlineKind.Redo, UnitA)); // Fri 10 Oct 12:00 + 1 wd = Sat 11 Oct (worked)
        _f.Refused(ErrorCodes.RevisitReviewNotExtendable, "HL-RVS-2", () => _f.Ticket.ExtendRevisitReview(_f.Reviewer("2025-10-09 10:00"), "再延"));
    }

    [Fact]
    public void HL_TRM_1_termination_is_signed_by_the_deputy_leader_and_approved_by_the_centre()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        var application = new TerminationApplication("已依法处理三次", "信访条例");
        _f.Refused(ErrorCodes.TerminationSignatoryMissing, "HL-TRM-1", () => _f.Ticket.RequestTermination(_f.Unit("2025-09-29 09:00"), application));
        _f.Ticket.RequestTermination(_f.Unit("2025-09-29 09:00"), application with { SignedBy = LeaderLevel.DeputyLeader });
        Assert.Equal(TicketState.Handling, _f.Ticket.State);
        _f.Ticket.ApproveTermination(_f.Reviewer("2025-09-29 10:00"));
        Assert.Equal(TicketState.Terminated, _f.Ticket.State);
        Assert.All(_f.Ticket.Clocks, c => Assert.False(c.IsRunning));
    }

    [Fact]
    public void HL_GEN_1_praise_is_not_an_accepted_category()
    {
        var error = Assert.Throws<TicketRuleViolation>(() => _f.Register("2025-09-26 14:00", TicketCategory.Praise));
        Assert.Equal((ErrorCodes.CategoryOutOfScope, "HL-GEN-1"), (error.Code, error.RuleIds[0]));
    }
}
