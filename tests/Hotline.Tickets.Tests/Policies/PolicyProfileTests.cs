using System.Text.Json;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Tests.Policies;

/// <summary>Each profile's values against its regulation (docs/rules.md, one section per profile).</summary>
public sealed class PolicyProfileTests
{
    private static readonly PolicyCatalog Catalog = PolicyCatalog.BuiltIn;

    private static TimeLimit? HandlingLimit(string profile, TicketCategory category,
        TicketUrgency urgency = TicketUrgency.Normal, HandlingClass handlingClass = HandlingClass.Ordinary) =>
        Catalog.Get(profile).Handling.RuleFor(category, urgency, handlingClass)?.Limit;

    [Fact]
    public void Catalog_ships_the_four_profiles_and_the_WZ_overlay() =>
        Assert.Equal(["HK", "HL", "HSB", "QU", "WZ"], Catalog.Codes);

    [Theory]
    [InlineData("HSB", TicketCategory.Consultation, "2d")] // HSB-DL-1, A-01
    [InlineData("HSB", TicketCategory.Complaint, "5d")] // HSB-DL-2
    [InlineData("HSB", TicketCategory.Report, "5d")]
    [InlineData("HSB", TicketCategory.HelpRequest, "5d")]
    [InlineData("HSB", TicketCategory.Suggestion, "5d")]
    [InlineData("HL", TicketCategory.Consultation, "1wd")] // HL-DL-1
    [InlineData("HL", TicketCategory.HelpRequest, "5wd")] // HL-DL-2/3
    [InlineData("HL", TicketCategory.Report, "5wd")] // HL-DL-3
    [InlineData("QU", TicketCategory.Consultation, "2wd")] // QU-DL-1
    [InlineData("QU", TicketCategory.HelpRequest, "3wd")]
    [InlineData("QU", TicketCategory.Suggestion, "3wd")]
    [InlineData("QU", TicketCategory.Complaint, "5wd")]
    [InlineData("QU", TicketCategory.Report, "5wd")]
    [InlineData("HK", TicketCategory.Consultation, "2wd")] // HK-DL-1
    [InlineData("HK", TicketCategory.HelpRequest, "6wd")]
    [InlineData("HK", TicketCategory.Complaint, "8wd")]
    public void HSB_DL_1_2_HL_DL_1_3_QU_DL_1_HK_DL_1_handling_limits_per_category(string profile, TicketCategory category, string expected) =>
        Assert.Equal(TimeLimit.Parse(expected), HandlingLimit(profile, category));

    [Fact]
    public void HL_DL_1_2_urgent_help_is_one_working_day_and_difficult_is_ten()
    {
        Assert.Equal(TimeLimit.WorkingDays(1), HandlingLimit("HL", TicketCategory.HelpRequest, TicketUrgency.Urgent));
        Assert.Equal(TimeLimit.WorkingDays(10), HandlingLimit("HL", TicketCategory.Complaint, handlingClass: HandlingClass.Difficult));
    }

    [Theory]
    [InlineData(TicketCategory.Report)]
    [InlineData(TicketCategory.Suggestion)]
    [InlineData(TicketCategory.Praise)]
    public void A_23_HK_report_suggestion_and_praise_have_no_stated_limit(TicketCategory category) =>
        Assert.Null(Catalog.Get("HK").Handling.RuleFor(category, TicketUrgency.Normal, HandlingClass.Ordinary));

    [Fact]
    public void HSB_DL_4_praise_has_no_handling_limit_on_purpose()
    {
        var rule = Catalog.Get("HSB").Handling.RuleFor(TicketCategory.Praise, TicketUrgency.Normal, HandlingClass.Ordinary);
        Assert.NotNull(rule);
        Assert.True(rule.Unlimited);
        Assert.Null(rule.Limit);
    }

    [Fact]
    public void HSB_DSP_1_QU_DSP_1_dispatch_limits_and_HL_HK_not_stated()
    {
        Assert.Equal(TimeLimit.Hours(12), Catalog.Get("HSB").Dispatch.Limit);
        Assert.Equal(TimeLimit.WorkingDays(1), Catalog.Get("QU").Dispatch.Limit);
        Assert.Null(Catalog.Get("HL").Dispatch.Limit);
        Assert.Null(Catalog.Get("HK").Dispatch.Limit);
    }

    [Fact]
    public void HL_SGN_2_QU_SGN_1_HK_SGN_2_sign_limits_and_deemed_acceptance_only_in_HL()
    {
        Assert.Null(Catalog.Get("HSB").Signing.Limit);
        Assert.Equal(new SigningPolicy { Limit = TimeLimit.WorkingDays(1), DeemedSignedWhenLate = true }, Catalog.Get("HL").Signing);
        Assert.Equal(new SigningPolicy { Limit = TimeLimit.WorkingDays(1) }, Catalog.Get("QU").Signing);
        Assert.Equal(new SigningPolicy { Limit = TimeLimit.Hours(24) }, Catalog.Get("HK").Signing);
    }

    [Fact]
    public void HSB_RT_1_to_5_returns()
    {
        var returns = Catalog.Get("HSB").Returns;
        Assert.Equal(TimeLimit.Hours(12), returns.Windows.Single(w => w.Reason == ReturnReason.OutOfDuty).Window);
        Assert.Equal(TimeLimit.Hours(12), returns.Windows.Single(w => w.Reason == ReturnReason.ConcealedIdentity).Window);
        Assert.Null(returns.Windows.Single(w => w.Reason == ReturnReason.RegistrationError).Window);
        Assert.Equal([ReturnReason.OutOfDuty], returns.EscalatedReasons); // HSB-RT-4
        Assert.True(returns.RequiresBasis);
        Assert.True(returns.RefusedAfterExtensionRequest); // HSB-RT-5(6)
        Assert.True(returns.SecondReturnForbidden);
        Assert.Equal(LateReturnHandling.Refuse, returns.Late);
        Assert.Null(returns.ReviewLimit);
    }

    [Fact]
    public void HL_RT_1_to_4_returns()
    {
        var returns = Catalog.Get("HL").Returns;
        Assert.Equal(TimeLimit.WorkingDays(1), returns.Windows.Single().Window);
        Assert.Equal(TimeLimit.WorkingDays(2), returns.ComplexWindow);
        Assert.Equal(LeaderLevel.DeputyLeader, returns.Signatory);
        Assert.True(returns.SecondReturnForbidden);
        Assert.True(returns.RequiresSuggestedUnit);
        Assert.False(Catalog.Get("HL").JointHandling.JointUnitsMayReturn); // HL-JNT-1
    }

    [Fact]
    public void QU_RT_1_2_late_return_counts_as_overdue_and_HK_RT_1_2_head_leader_and_one_day_review()
    {
        var qu = Catalog.Get("QU").Returns;
        Assert.Equal(TimeLimit.WorkingDays(1), qu.Windows.Single().Window);
        Assert.Equal(LateReturnHandling.CountAsOverdue, qu.Late);
        var hk = Catalog.Get("HK").Returns;
        Assert.Equal(TimeLimit.Hours(24), hk.Windows.Single().Window);
        Assert.Equal(ReturnWindowStart.Signing, hk.WindowStart);
        Assert.Equal(LeaderLevel.HeadLeader, hk.Signatory);
        Assert.Equal(TimeLimit.WorkingDays(1), hk.ReviewLimit);
    }

    [Fact]
    public void HSB_EXT_1_HL_EXT_1_3_QU_EXT_1_4_HK_EXT_1_2_extensions()
    {
        var hsb = Catalog.Get("HSB").Extensions;
        Assert.Equal((2, TimeLimit.WorkingDays(5), TimeLimit.WorkingDays(10)), (hsb.MaxApplications!.Value, hsb.MaxEach!.Value, hsb.MaxTotal!.Value));
        Assert.True(hsb.CallerNoticeRequired); // HSB-EXT-2
        var hl = Catalog.Get("HL").Extensions;
        Assert.Equal(TimeLimit.WorkingDays(2), hl.OpensBeforeDue);
        Assert.Equal(TimeLimit.WorkingDays(15), hl.MaxTotalFromReceipt);
        Assert.Null(hl.MaxApplications);
        Assert.Equal((LeaderLevel.DeputyLeader, LeaderLevel.HeadLeader), (hl.Signatory!.Value, hl.ComplexSignatory!.Value));
        var qu = Catalog.Get("QU").Extensions;
        Assert.Equal([TicketCategory.Consultation], qu.NonExtendableCategories); // QU-EXT-3
        Assert.Equal((TimeLimit.WorkingDays(3), TimeLimit.WorkingDays(7)), (qu.MaxEach!.Value, qu.MaxEachComplex!.Value)); // QU-EXT-2, A-14
        Assert.Null(qu.MaxApplications);
        var hk = Catalog.Get("HK").Extensions;
        Assert.Equal(TimeLimit.Hours(24), hk.ClosesBeforeDue); // CC-6
        Assert.Equal(2, hk.MaxApplications);
        Assert.True(hk.MaxEachIsOriginalLimit);
    }

    [Fact]
    public void QU_SCR_1_4_screening_and_HK_SCR_1_appeal()
    {
        var qu = Catalog.Get("QU").Screening;
        Assert.Equal(DissatisfactionProcedure.Screening, qu.Procedure);
        Assert.Equal(TimeLimit.WorkingDays(2), qu.Window);
        Assert.Equal(1, qu.MonthlyCutoffDay);
        Assert.Equal(TimeLimit.WorkingDays(1), qu.InitialReviewLimit);
        Assert.Equal(TimeLimit.WorkingHours(24), qu.EvidenceWindow); // CC-5
        var hk = Catalog.Get("HK").Screening;
        Assert.Equal(DissatisfactionProcedure.Appeal, hk.Procedure);
        Assert.Null(hk.Window);
        Assert.True(hk.ApprovalExcludesFromSatisfaction);
        Assert.Equal(DissatisfactionProcedure.None, Catalog.Get("HSB").Screening.Procedure);
        Assert.Equal(DissatisfactionProcedure.None, Catalog.Get("HL").Screening.Procedure);
    }

    [Fact]
    public void QU_URG_2_3_special_items_initial_response_and_progress()
    {
        var urgent = Catalog.Get("QU").UrgentResponses;
        Assert.Contains(urgent, u => u is { Urgency: TicketUrgency.Special, InitialResponse: { Amount: 3, Unit: TimeLimitUnit.NaturalHours }, ProgressReport: { Amount: 2, Unit: TimeLimitUnit.WorkingDays } });
        Assert.Contains(urgent, u => u is { Urgency: TicketUrgency.SpecialUrgent, InitialResponse: { Amount: 2, Unit: TimeLimitUnit.NaturalHours }, ProgressReport: { Amount: 1, Unit: TimeLimitUnit.WorkingDays } });
    }

    [Fact]
    public void QU_INT_1_interview_levels_HL_RDO_1_redo_HL_RVS_2_revisit_review_HL_TRM_1_QU_TRM_1_termination()
    {
        Assert.Equal(["县行政审批局", "县纪委监委"], Catalog.Get("QU").Supervision.InterviewLevels);
        Assert.Equal(TimeLimit.WorkingDays(2), Catalog.Get("HL").Revisits.RedoLimit);
        Assert.Equal((TimeLimit.WorkingDays(3), TimeLimit.WorkingDays(1)), (Catalog.Get("HL").Revisits.RevisitReviewLimit!.Value, Catalog.Get("HL").Revisits.RevisitReviewExtension!.Value));
        Assert.Equal(TerminationMode.CentreApproves, Catalog.Get("HL").Termination.Mode);
        Assert.Equal(TerminationMode.UnitDecides, Catalog.Get("QU").Termination.Mode);
        Assert.Equal(TerminationMode.NotStated, Catalog.Get("HK").Termination.Mode);
    }

    [Fact]
    public void HL_ASM_2_5_assessment_frame_without_invented_points()
    {
        var assessment = Catalog.Get("HL").Assessment;
        Assert.Equal([1, 11, 31, 81], assessment.VolumeBandLowerBounds);
        Assert.Equal(30, assessment.GradeSharesPercent["excellent"]);
        Assert.True(assessment.AnnualIsMeanOfMonths);
        Assert.Empty(assessment.Points); // HL-ASM-3: values not stated
        Assert.Equal(TimeLimit.WorkingDays(7), Catalog.Get("HL").Handling.AssessmentLimits[^1].Limit);
    }

    [Fact]
    public void WZ_overlay_applies_under_HSB_and_HSB_values_win()
    {
        var hsb = Catalog.Get("HSB");
        Assert.Equal("119", hsb.Emergency.FireHazardLine); // WZ-EMG-1
        Assert.Equal(2, hsb.Supervision.LedgerAfterRedos); // WZ-SUP-2
        Assert.Contains("dissatisfiedAfterRedo", hsb.Supervision.Triggers); // HSB's own list replaces WZ's
        Assert.Contains(TicketCategory.Incident, hsb.Intake.Categories); // HSB list wins over WZ-GEN-2
        Assert.Equal(["timeliness", "satisfactionRate", "responsibility"], hsb.Assessment.Indicators); // WZ-ASM-1 fills HSB's silence
        Assert.Equal("HSB", hsb.Code);
        Assert.Null(Catalog.Get("QU").Emergency.FireHazardLine);
    }

    [Fact]
    public void Tenant_overrides_replace_single_values_and_keep_the_rest()
    {
        var effective = Catalog.Effective("HSB", """{ "handling": { "limits": [ { "categories": ["consultation"], "limit": "2wd" } ] }, "extensions": { "maxApplications": 1 } }""");
        Assert.Equal(TimeLimit.WorkingDays(2), effective.Policy.Handling.RuleFor(TicketCategory.Consultation, TicketUrgency.Normal, HandlingClass.Ordinary)!.Limit); // A-01 other reading
        Assert.Equal(1, effective.Policy.Extensions.MaxApplications);
        Assert.Equal(TimeLimit.WorkingDays(5), effective.Policy.Extensions.MaxEach);
        Assert.Equal("119", effective.Policy.Emergency.FireHazardLine);
    }

    [Fact]
    public void Override_with_null_clears_a_value()
    {
        var effective = Catalog.Effective("HK", """{ "extensions": { "maxApplications": null } }""");
        Assert.Null(effective.Policy.Extensions.MaxApplications);
    }

    [Theory]
    [InlineData("""{ "extensions": { "maxEach": "five days" } }""")]
    [InlineData("""{ "extensions": { "maxEachh": "5wd" } }""")]
    [InlineData("""[1]""")]
    [InlineData("""{ "returns": { "late": "whenever" } }""")]
    [InlineData("""{ "extensions": { "maxEach": "0wd" } }""")]
    [InlineData("""{ "extensions": { "maxEach": "24h" } }""")]
    [InlineData("""{ "handling": { "warnBefore": "1wd" } }""")]
    [InlineData("""{ "screening": { "monthlyCutoffDay": 31 } }""")]
    [InlineData("""{ "screening": { "window": null, "monthlyCutoffDay": null } }""")]
    [InlineData("""{ "handling": { "limits": [ { "categories": ["complaint"] } ] } }""")]
    public void Bad_overrides_are_refused_with_a_clear_error(string overrides) =>
        Assert.Throws<InvalidPolicyException>(() => Catalog.Effective("QU", overrides));

    [Fact]
    public void Unknown_profile_names_the_known_ones()
    {
        var error = Assert.Throws<InvalidPolicyException>(() => Catalog.Get("XX"));
        Assert.Contains("HSB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Effective_policy_round_trips_through_JSON()
    {
        var effective = Catalog.Effective("HL", """{ "revisits": { "redoLimit": "1wd" } }""");
        var again = JsonSerializer.Deserialize<PolicyProfile>(effective.ToJson(), PolicyCatalog.JsonOptions)!;
        Assert.Equal(TimeLimit.WorkingDays(1), again.Revisits.RedoLimit);
        Assert.Equal(effective.ToJson(), JsonSerializer.Serialize(again, PolicyCatalog.JsonOptions));
    }

    [Fact]
    public void A_new_county_is_configuration()
    {
        var catalog = Catalog.WithProfile("""{ "code": "XY", "name": "某县", "overlays": ["QU"], "handling": { "limits": [ { "limit": "4wd" } ] } }""");
        var xy = catalog.Get("XY");
        Assert.Equal(TimeLimit.WorkingDays(4), xy.Handling.RuleFor(TicketCategory.Complaint, TicketUrgency.Normal, HandlingClass.Ordinary)!.Limit);
        Assert.Equal(TimeLimit.WorkingHours(24), xy.Screening.EvidenceWindow);
    }
}
