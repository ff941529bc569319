using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Screening;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tickets;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Tickets;

/// <summary>QU (Qu county): working-day limits, late returns, special items, screening.</summary>
public sealed class QuTicketTests
{
    private readonly TicketFixture _f = new("QU");

    private static readonly AttachmentRef Recording = new("通话录音.mp3", "audio/mpeg", 1024, "blob/1");

    [Fact]
    public void QU_DSP_1_dispatch_within_one_working_day_of_acceptance()
    {
        _f.Register("2025-09-30 16:00", TicketCategory.Complaint);
        Assert.Equal(At("2025-10-09 16:00"), _f.Due(DeadlineKind.Dispatch));
    }

    [Theory]
    [InlineData(TicketCategory.Consultation, "2025-09-29 15:00")]
    [InlineData(TicketCategory.HelpRequest, "2025-09-30 15:00")]
    [InlineData(TicketCategory.Complaint, "2025-10-10 15:00")]
    public void QU_DL_1_A_13_limits_run_from_receipt_across_National_Day(TicketCategory category, string due)
    {
        _f.Register("2025-09-26 14:00", category).Dispatch("2025-09-26 15:00");
        Assert.Equal(At(due), _f.Due(DeadlineKind.Handle, UnitA));
        Assert.Equal(At("2025-09-28 15:00"), _f.Due(DeadlineKind.Sign, UnitA)); // QU-SGN-1
    }

    [Fact]
    public void QU_URG_1_3_special_urgent_items_need_an_initial_response_in_2_hours_and_progress_in_1_wd()
    {
        _f.Register("2025-09-27 21:00", TicketCategory.HelpRequest, TicketUrgency.SpecialUrgent);
        _f.Refused(ErrorCodes.LocalGovernmentFirst, "QU-URG-1", () => _f.Ticket.Dispatch(_f.Dispatcher("2025-09-27 22:00"), new DispatchOrder(UnitA)));
        _f.Ticket.Dispatch(_f.Dispatcher("2025-09-27 22:00"), new DispatchOrder(UnitA, LocalGovernmentReportedAt: At("2025-09-27 21:30")));
        Assert.Equal(At("2025-09-28 00:00"), _f.Due(DeadlineKind.InitialResponse, UnitA));
        Assert.Equal(At("2025-09-29 00:00"), _f.Due(DeadlineKind.ProgressReport, UnitA)); // Sat: end of the next working day (Sun 28)
        _f.Ticket.ReportUrgentResponse(_f.Unit("2025-09-27 23:00"), DeadlineKind.InitialResponse, "已派人抢修");
        Assert.Null(_f.Ticket.Clock(DeadlineKind.InitialResponse));
        Assert.NotNull(_f.Ticket.Clock(DeadlineKind.ProgressReport));
    }

    [Fact]
    public void QU_URG_2_special_items_need_an_initial_response_in_3_hours()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest, TicketUrgency.Special);
        _f.Ticket.Dispatch(_f.Dispatcher("2025-09-26 15:00"), new DispatchOrder(UnitA, LocalGovernmentReportedAt: At("2025-09-26 14:30")));
        Assert.Equal(At("2025-09-26 18:00"), _f.Due(DeadlineKind.InitialResponse, UnitA));
        Assert.Equal(At("2025-09-29 15:00"), _f.Due(DeadlineKind.ProgressReport, UnitA));
    }

    [Fact]
    public void QU_RT_1_return_needs_reason_basis_and_suggested_recipient()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        _f.Refused(ErrorCodes.ReturnSuggestedUnitMissing, "QU-RT-1",
            () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), new ReturnApplication(ReturnReason.OutOfDuty, "非本单位职责", "三定方案")));
    }

    [Fact]
    public void QU_RT_2_A_35_late_return_is_accepted_for_review_and_counted_as_overdue()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var requested = _f.Ticket.RequestReturn(_f.Unit("2025-09-29 09:00"), new ReturnApplication(ReturnReason.OutOfDuty, "非本单位职责", "三定方案", "县水务局"));
        Assert.True(_f.Ticket.PendingReturn!.Late);
        Assert.True(_f.Ticket.LateReturnCounted);
        Assert.Equal("QU-RT-2", requested.RuleIds);
    }

    [Fact]
    public void QU_JNT_4_units_designated_by_coordination_may_not_return()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", coUnits: [UnitB]);
        _f.Refused(ErrorCodes.ReturnJointUnit, "QU-JNT-4",
            () => _f.Ticket.RequestReturn(_f.Unit("2025-09-26 16:00"), new ReturnApplication(ReturnReason.OutOfDuty, "x", "y", "z")));
    }

    [Fact]
    public void QU_EXT_3_consultations_are_not_extended_unless_a_reviewer_overrides_with_a_reason_A_15()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Consultation).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Refused(ErrorCodes.ExtensionNotExtendable, "QU-EXT-3", () => _f.Ticket.RequestExtension(_f.Unit("2025-09-28 09:00"), new ExtensionApplication(1, "需查档")));
        _f.Refused(ErrorCodes.RoleNotAllowed, null, () => _f.Ticket.RequestExtension(_f.Unit("2025-09-28 09:00"), new ExtensionApplication(1, "需查档", OverrideReason: "档案在市里")));
        _f.Ticket.RequestExtension(_f.Reviewer("2025-09-28 09:00"), new ExtensionApplication(1, "需查档", OverrideReason: "档案在市里"));
        // QU-EXT-4: the city centre's consent is recorded only after the county forwarded the application.
        _f.Refused(ErrorCodes.ExtensionNotForwarded, "QU-EXT-4", () => _f.Ticket.ApproveExtension(_f.Reviewer("2025-09-28 09:30")));
        _f.Ticket.ForwardExtension(_f.Reviewer("2025-09-28 09:45"), "报市中心");
        _f.Ticket.ApproveExtension(_f.Reviewer("2025-09-28 10:00"));
        Assert.Equal(At("2025-09-30 15:00"), _f.Due(DeadlineKind.Handle, UnitA));
    }

    [Fact]
    public void QU_EXT_1_2_apply_before_expiry_for_at_most_3_wd_or_7_wd_when_especially_complex_A_14()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Refused(ErrorCodes.ExtensionTooLong, "QU-EXT-2", () => _f.Ticket.RequestExtension(_f.Unit("2025-10-09 09:00"), new ExtensionApplication(4, "复杂")));
        _f.Refused(ErrorCodes.ExtensionTooLate, "QU-EXT-1", () => _f.Ticket.RequestExtension(_f.Unit("2025-10-10 15:01"), new ExtensionApplication(3, "复杂")));
        var complex = new TicketFixture("QU").Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00", HandlingClass.Complex).Sign("2025-09-26 15:30");
        complex.Ticket.RequestExtension(complex.Unit("2025-10-10 15:00"), new ExtensionApplication(7, "特别重大"));
        Assert.NotNull(complex.Ticket.PendingExtension);
    }

    private TicketFixture Dissatisfied(string revisitAt)
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        _f.Ticket.Reply(_f.Unit("2025-09-29 09:00"), new ReplyContent("已处理"));
        _f.Ticket.AcceptReply(_f.Reviewer("2025-09-29 10:00"));
        _f.Ticket.Revisit(_f.Reviewer(revisitAt), new RevisitResult(SatisfactionRating.Dissatisfied));
        return _f;
    }

    [Fact]
    public void QU_SCR_1_2_screening_window_is_two_working_days_or_the_monthly_cut_off_whichever_is_first()
    {
        // Rated Tue 30 Sep 10:00: +2 wd = Fri 10 Oct 10:00; cut-off 1 Oct rolled to Thu 9 Oct, ending 24:00 (CC-4).
        Dissatisfied("2025-09-30 10:00");
        Assert.Equal(At("2025-10-10 00:00"), _f.Due(DeadlineKind.ScreeningWindow, UnitA));
    }

    [Fact]
    public void QU_SCR_1_mid_month_window_is_two_working_days()
    {
        Dissatisfied("2025-09-29 10:00");
        Assert.Equal(At("2025-10-09 10:00"), _f.Due(DeadlineKind.ScreeningWindow, UnitA));
    }

    [Fact]
    public void QU_SCR_2_no_application_by_the_deadline_archives_the_ticket_as_dissatisfied()
    {
        Dissatisfied("2025-09-29 10:00");
        var window = _f.Ticket.Clock(DeadlineKind.ScreeningWindow)!;
        var lapsed = _f.Ticket.DeadlineReached(_f.Timer("2025-10-09 10:01"), window.Id)!;
        Assert.Equal((TicketAction.ScreeningLapsed, "QU-SCR-2"), (lapsed.Action, lapsed.RuleIds));
        Assert.Equal((TicketState.Archived, SatisfactionRating.Dissatisfied), (_f.Ticket.State, _f.Ticket.Satisfaction));
    }

    [Fact]
    public void QU_SCR_1_late_application_is_refused()
    {
        Dissatisfied("2025-09-29 10:00");
        _f.Refused(ErrorCodes.ScreeningWindowClosed, "QU-SCR-1",
            () => _f.Ticket.ApplyForScreening(_f.Unit("2025-10-09 10:01"), new ScreeningApplication("已妥善处理", [Recording])));
    }

    [Fact]
    public void QU_SCR_3_4_CC_5_initial_review_in_1_wd_and_evidence_in_24_working_hours()
    {
        Dissatisfied("2025-09-26 10:00");
        _f.Ticket.ApplyForScreening(_f.Unit("2025-09-26 11:00"), new ScreeningApplication("已妥善处理", [Recording]));
        Assert.Equal(At("2025-09-28 11:00"), _f.Due(DeadlineKind.ScreeningReview));
        _f.Ticket.RequestScreeningEvidence(_f.Reviewer("2025-09-26 16:00"), "补充现场照片");
        Assert.Equal(At("2025-09-28 16:00"), _f.Due(DeadlineKind.Evidence, UnitA)); // Fri 16:00 + 24 h, Saturday stands still
        _f.Refused(ErrorCodes.ScreeningEvidenceWindowClosed, "QU-SCR-4",
            () => _f.Ticket.SubmitScreeningEvidence(_f.Unit("2025-09-28 16:01"), "照片", [Recording]));
        _f.Ticket.SubmitScreeningEvidence(_f.Unit("2025-09-28 16:00"), "照片", [Recording]);
        var decided = _f.Ticket.DecideScreening(_f.Reviewer("2025-09-28 17:00"), upheld: true, "初审通过，报市中心");
        Assert.True(decided.DataJson!.Contains("\"forwardedToCity\":true", StringComparison.Ordinal));
        Assert.False(_f.Ticket.ExcludedFromSatisfaction); // the effect is not stated
    }

    [Fact]
    public void QU_SCR_4_evidence_not_submitted_stops_screening_and_archives_as_dissatisfied()
    {
        Dissatisfied("2025-09-26 10:00");
        _f.Ticket.ApplyForScreening(_f.Unit("2025-09-26 11:00"), new ScreeningApplication("已妥善处理", [Recording]));
        _f.Ticket.RequestScreeningEvidence(_f.Reviewer("2025-09-26 16:00"), "补充现场照片");
        var lapsed = _f.Ticket.DeadlineReached(_f.Timer("2025-09-28 16:01"), _f.Ticket.Clock(DeadlineKind.Evidence)!.Id)!;
        Assert.Equal("QU-SCR-4", lapsed.RuleIds);
        Assert.Equal(TicketState.Archived, _f.Ticket.State);
    }

    [Fact]
    public void QU_INT_1_A_17_first_interview_by_the_approval_bureau_second_and_later_by_the_discipline_commission()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00");
        var supervisor = _f.As(HotlineRole.Supervisor, "2025-10-13 09:00");
        _f.Refused(ErrorCodes.InterviewLevelMismatch, "QU-INT-1", () => _f.Ticket.RecordInterview(supervisor, UnitA, "县纪委监委", 0, "超期办理"));
        var interview = _f.Ticket.RecordInterview(supervisor, UnitA, "县行政审批局", 0, "超期办理");
        Assert.Equal((UnitA, "QU-INT-1"), (interview.UnitId!.Value, interview.RuleIds)); // the interviewed unit, for yearly counts
        Assert.Equal("县纪委监委", InterviewLevels.For(_f.Rules.Policy, 1));
        Assert.Equal("县纪委监委", InterviewLevels.For(_f.Rules.Policy, 2));
        Assert.True(InterviewLevels.BeyondStated(_f.Rules.Policy, 2));
        Assert.Null(InterviewLevels.For(new TicketFixture("HSB").Rules.Policy, 0));
    }

    [Fact]
    public void QU_TRM_1_the_unit_decides_termination_itself()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.Complaint).Dispatch("2025-09-26 15:00").Sign("2025-09-26 15:30");
        var terminated = _f.Ticket.RequestTermination(_f.Unit("2025-09-29 09:00"), new TerminationApplication("同一事项反复投诉", "已依法处理"));
        Assert.Equal((TicketAction.Terminated, TicketState.Terminated), (terminated.Action, _f.Ticket.State));
        _f.Ticket.Archive(_f.Reviewer("2025-09-29 10:00"));
        Assert.Equal(TicketState.Archived, _f.Ticket.State);
    }

    [Fact]
    public void QU_EMG_1_emergency_requests_are_closed_with_guidance()
    {
        _f.Register("2025-09-26 14:00", TicketCategory.HelpRequest);
        _f.Ticket.RedirectEmergency(_f.Dispatcher("2025-09-26 14:01"), "120");
        Assert.Equal(TicketState.Redirected, _f.Ticket.State);
        Assert.Null(_f.Ticket.Clock(DeadlineKind.Dispatch));
    }
}
