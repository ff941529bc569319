using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>HSB (with the WZ overlay), around National Day 2025: Sat 27 Sep rest, Sun 28 Sep worked, 1–8 Oct holiday.</summary>
public sealed class HsbTicketTests
{
    private readonly TicketFixture _f = new("HSB");

    [Fact]
    public void HSB_DSP_1_registration_starts_a_12_hour_dispatch_clock_and_dispatch_stops_it()
    {
        _f.Register("2025-09-26 15:00", TicketCategory.Complaint);
        Assert.Equal(At("2025-09-27 03:00"), _f.Due(DeadlineKind.Dispatch));
        _f.Dispatch("2025-09-27 04:00");
        var clock = _f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.Dispatch);
        Assert.True(clock.Overdue);
        Assert.Equal(At("2025-09-27 04:00"), clock.StoppedAt);
    }

    [Fact]
    public void HSB_DL_1_consultation_is_due_two_natural_days_after_dispatch_on_the_Friday_before_National_Day()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Consultation).Dispatch("2025-09-26 15:00");
        Assert.Equal(At("2025-09-28 15:00"), _f.Due(DeadlineKind.Handle, UnitA));
    }

    [Fact]
    public void HSB_DL_2_complaint_is_due_five_natural_days_later_even_in_the_holiday()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        Assert.Equal(At("2025-10-01 15:00"), _f.Due(DeadlineKind.Handle, UnitA));
        Assert.Equal("HSB-DL-2", _f.Ticket.Clock(DeadlineKind.Handle)!.RuleId);
    }

    [Fact]
    public void HSB_DL_4_praise_gets_no_handling_clock()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Praise).Dispatch("2025-09-26 15:00");
        Assert.Null(_f.Ticket.Clock(DeadlineKind.Handle));
        Assert.Equal(TicketState.Dispatched, _f.Ticket.State);
    }

    [Fact]
    public void HSB_GEN_2_mailbox_channels_go_to_the_government_office_queue()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Suggestion, channel: "领导信箱");
        Assert.Equal(TicketQueue.GovernmentOffice, _f.Ticket.Queue);
    }

    [Fact]
    public void HSB_DSC_1_corruption_ticket_is_reported_to_the_discipline_commission_at_dispatch()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Report, corruption: true).Dispatch("2025-09-26 15:00");
        var referral = _f.Ticket.Events.Single(e => e.Action == TicketAction.DisciplineReferred);
        Assert.Equal(At("2025-09-26 15:00"), referral.At);
        Assert.Equal("HSB-DSC-1", referral.RuleIds);
        Assert.Equal(TicketState.Dispatched, _f.Ticket.State);
    }

    [Fact]
    public void HSB_EMG_1_redirect_closes_the_ticket_without_a_unit_and_WZ_EMG_1_fire_hazards_go_to_119()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest);
        _f.Refused(ErrorCodes.EmergencyLineUnknown, "WZ-EMG-1", () => _f.Ticket.RedirectEmergency(_f.Dispatcher("2025-09-26 14:01"), "110", fireHazard: true));
        _f.Ticket.RedirectEmergency(_f.Dispatcher("2025-09-26 14:01"), "119", fireHazard: true);
        Assert.Equal((TicketState.Redirected, "119"), (_f.Ticket.State, _f.Ticket.RedirectedTo));
        Assert.Empty(_f.Ticket.Assignments);
        Assert.All(_f.Ticket.Clocks, c => Assert.False(c.IsRunning));
    }

    [Fact]
    public void HSB_GEN_3_rejection_cites_a_listed_ground()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint);
        _f.Refused(ErrorCodes.ExclusionGroundUnknown, "HSB-GEN-3", () => _f.Ticket.Reject(_f.Dispatcher("2025-09-26 14:05"), "boring", "请走诉讼途径"));
        _f.Ticket.Reject(_f.Dispatcher("2025-09-26 14:05"), "litigation", "请通过诉讼途径解决");
        Assert.Equal(TicketState.Rejected, _f.Ticket.State);
    }

    private static ReturnApplication OutOfDuty(string? basis = "《城市道路管理条例》第X条") =>
        new(ReturnReason.OutOfDuty, "不属于本单位职责", basis);

    [Fact]
    public void HSB_RT_3_HSB_RT_4_return_within_12_hours_goes_to_escalated_review_and_approval_frees_the_ticket_for_redispatch()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 16:00");
        _f.Ticket.RequestReturn(_f.Unit("2025-09-27 03:00"), OutOfDuty());
        Assert.True(_f.Ticket.PendingReturn!.Escalated);
        Assert.Equal(At("2025-10-01 15:00"), _f.Due(DeadlineKind.Handle, UnitA)); // CC-10: the clock runs on
        _f.Refused(ErrorCodes.RoleNotAllowed, "HSB-RT-4", () => _f.Ticket.ApproveReturn(_f.Reviewer("2025-09-28 09:00")));

        _f.Ticket.ApproveReturn(_f.As(HotlineRole.EscalationReviewer, "2025-09-28 09:00"));
        Assert.Equal(TicketState.Returned, _f.Ticket.State);
        Assert.Null(_f.Ticket.Clock(DeadlineKind.Handle, UnitA));

        _f.Ticket.Redispatch(_f.Dispatcher("2025-09-28 10:00"), new DispatchOrder(UnitB));
        Assert.Equal(At("2025-10-03 10:00"), _f.Due(DeadlineKind.Handle, UnitB)); // CC-8: from the new unit's receipt
    }

    [Fact]
    public void HSB_RT_3_return_one_minute_after_the_12_hour_window_is_refused()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Ticket.RequestReturn(_f.Unit("2025-09-27 03:00", UnitA), OutOfDuty() with { Explanation = "on time" });
        _f.Ticket.RejectReturn(_f.As(HotlineRole.EscalationReviewer, "2025-09-27 04:00"), "法定职责", ["HSB-RT-5(1)"]);
        var late = new TicketFixture("HSB").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        late.Refused(ErrorCodes.ReturnWindowClosed, "HSB-RT-3", () => late.Ticket.RequestReturn(late.Unit("2025-09-27 03:01"), OutOfDuty()));
    }

    [Fact]
    public void HSB_RT_5_return_without_basis_is_refused()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Refused(ErrorCodes.ReturnBasisMissing, "HSB-RT-5(2)", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), OutOfDuty(basis: null)));
    }

    [Fact]
    public void HSB_RT_5_6_no_return_after_an_extension_application()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.RequestExtension(_f.Unit("2025-09-26 16:00"), new ExtensionApplication(2, "需现场勘查", CallerNotified: true));
        _f.Refused(ErrorCodes.ReturnExtensionRequested, "HSB-RT-5(6)", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 17:00"), OutOfDuty()));
    }

    [Fact]
    public void A_05_after_a_rejection_on_the_merits_the_same_unit_may_not_return_again()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), OutOfDuty());
        _f.Ticket.RejectReturn(_f.As(HotlineRole.EscalationReviewer, "2025-09-26 17:00"), "属于法定职责");
        Assert.Equal(TicketState.Dispatched, _f.Ticket.State);
        _f.Refused(ErrorCodes.ReturnSecondReturn, "HSB-RT-5", () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 18:00"), OutOfDuty()));
    }

    [Fact]
    public void HSB_RT_1_A_33_registration_error_return_has_no_window_and_is_reviewed_by_the_sub_centre()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.RequestReturn(_f.Unit("2025-09-30 10:00"), new ReturnApplication(ReturnReason.RegistrationError, "地址登记错误"));
        Assert.False(_f.Ticket.PendingReturn!.Escalated);
        _f.Ticket.ApproveReturn(_f.Reviewer("2025-09-30 11:00"));
        Assert.Equal(TicketState.Returned, _f.Ticket.State);
    }

    [Fact]
    public void HSB_EXT_1_CC_9_extension_moves_the_deadline_by_working_days_from_the_current_deadline()
    {
        // Complaint due Wed 1 Oct 15:00 (a holiday): +2 wd from a non-working day ends 24:00 of the 2nd working day, Fri 10 Oct.
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.RequestExtension(_f.Unit("2025-09-29 09:00"), new ExtensionApplication(2, "需协调", CallerNotified: true));
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-09-29 10:00"));
        Assert.Equal(At("2025-10-11 00:00"), _f.Due(DeadlineKind.Handle, UnitA));
    }

    [Fact]
    public void HSB_EXT_1_each_extension_at_most_5_wd_at_most_2_applications_and_HSB_EXT_2_caller_told_first()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Refused(ErrorCodes.ExtensionTooLong, "HSB-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2025-09-29 09:00"), new ExtensionApplication(6, "x", CallerNotified: true)));
        _f.Refused(ErrorCodes.ExtensionCallerNoticeMissing, "HSB-EXT-2", () => _f.Ticket.RequestExtension(_f.Unit("2025-09-29 09:00"), new ExtensionApplication(1, "x")));
        _f.Ticket.RequestExtension(_f.Unit("2025-09-29 09:00"), new ExtensionApplication(1, "x", CallerNotified: true));
        _f.Ticket.DenyExtension(_f.Reviewer("2025-09-29 10:00"), "理由不足");
        _f.Ticket.RequestExtension(_f.Unit("2025-09-29 11:00"), new ExtensionApplication(1, "y", CallerNotified: true));
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-09-29 12:00"));
        _f.Refused(ErrorCodes.ExtensionTooMany, "HSB-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2025-09-30 09:00"), new ExtensionApplication(1, "z", CallerNotified: true)));
    }

    [Fact]
    public void HSB_RPL_5_report_reply_needs_the_case_date_or_the_basis_and_a_suggestion_the_adoption_reason()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Report).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        var reply = new ReplyContent("已核查", CallerNotice: "9月29日电话告知", FullyAnswered: null);
        _f.Refused(ErrorCodes.ReplyContentMissing, "HSB-RPL-5", () => _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), reply));
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), reply with { CaseOpenedOn = new DateOnly(2025, 9, 28) });
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
        Assert.False(_f.Ticket.Clocks.Single(c => c.Kind == DeadlineKind.Handle).Overdue);

        var suggestion = new TicketFixture("HSB").Register("2025-09-26 14:00", TicketCategory.Suggestion).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        suggestion.Refused(ErrorCodes.ReplyContentMissing, "HSB-RPL-5",
            () => suggestion.Ticket.Reply(suggestion.Unit("2025-09-29 09:00"), new ReplyContent("已研究", "已告知", Adoption: AdoptionDecision.NotAdopted)));
    }

    [Fact]
    public void HSB_EXT_3_HSB_RPL_3_an_interim_reply_after_two_extensions_states_the_follow_up_plan()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        foreach (var day in new[] { "2025-09-29", "2025-09-30" })
        {
            _f.Ticket.RequestExtension(_f.Unit(day + " 09:00"), new ExtensionApplication(1, "复杂", CallerNotified: true));
            _f.Ticket.ApproveExtension(_f.Reviewer(day + " 10:00"));
        }

        var interim = new ReplyContent("已完成第一阶段", "已告知群众", InterimResult: "管网已排查");
        _f.Refused(ErrorCodes.ReplyContentMissing, "HSB-RPL-3", () => _f.Ticket.Reply(_f.Unit("2025-10-09 09:00"), interim));
        _f.Refused(ErrorCodes.ReplyInterimMissing, "HSB-EXT-3", () => _f.Ticket.Reply(_f.Unit("2025-10-09 09:00"), interim with { FollowUpPlan = "10月底前完成改造" }));
        _f.Ticket.Reply(_f.Unit("2025-10-09 09:00"), interim with { FollowUpPlan = "10月底前完成改造", UnfinishedReason = "需整体改造管网" });
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
    }

    [Fact]
    public void HSB_RPL_4_unreachable_caller_needs_three_slots_within_three_days()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        var twoSlots = new ReplyContent("已处理", FailedCallAttempts: [At("2025-09-27 09:00"), At("2025-09-27 10:00"), At("2025-09-28 19:00")]);
        _f.Refused(ErrorCodes.ReplyUnreachableNotProven, "HSB-RPL-4", () => _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), twoSlots));
        var fourDays = new ReplyContent("已处理", FailedCallAttempts: [At("2025-09-26 09:00"), At("2025-09-27 14:00"), At("2025-09-29 19:00")]);
        _f.Refused(ErrorCodes.ReplyUnreachableNotProven, "HSB-RPL-4", () => _f.Ticket.Reply(_f.Unit("2025-09-29 20:00"), fourDays));
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理", FailedCallAttempts: [At("2025-09-27 09:00"), At("2025-09-28 14:00"), At("2025-09-29 08:00"), At("2025-09-28 19:00")]));
        Assert.Equal(TicketState.Replied, _f.Ticket.State);
    }

    [Fact]
    public void HSB_REV_1_send_back_keeps_the_original_deadline_and_WZ_SUP_2_ledger_after_second_redo()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        var reply = new ReplyContent("已处理", "电话告知");
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), reply);
        _f.Ticket.SendBackReply(_f.Reviewer("2025-09-29 10:00"), "答复敷衍", ["perfunctory"]);
        Assert.Equal((TicketState.Handling, At("2025-10-01 15:00")), (_f.Ticket.State, _f.Due(DeadlineKind.Handle, UnitA)));
        _f.Ticket.Reply(_f.Unit("2025-09-30 09:00"), reply);
        _f.Ticket.AcceptReply(_f.Reviewer("2025-09-30 10:00"));
        _f.Ticket.Revisit(_f.Reviewer("2025-09-30 11:00"), new RevisitResult(SatisfactionRating.Dissatisfied));
        Assert.False(_f.Ticket.SupervisionLedgerDue(_f.Rules.Policy)); // one redo so far
        _f.Ticket.OrderRedo(_f.Reviewer("2025-09-30 12:00"), "群众不满意");
        _f.Ticket.Reply(_f.Unit("2025-09-30 15:00"), reply);
        _f.Ticket.AcceptReply(_f.Reviewer("2025-09-30 16:00"));
        _f.Ticket.Revisit(_f.Reviewer("2025-09-30 17:00"), new RevisitResult(SatisfactionRating.Dissatisfied));
        Assert.Equal(2, _f.Ticket.RedoCount);
        Assert.True(_f.Ticket.SupervisionLedgerDue(_f.Rules.Policy));
    }
}
