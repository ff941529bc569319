using Hotline.Tickets.Tickets;

namespace Hotline.Tickets.Policies;

/// <summary>
/// A jurisdiction's policy profile (政策配置): every limit, window, count, category list and escalation target
/// its regulation states (rules.md §4). Loaded from JSON; a value the seed does not state stays empty, and the
/// action it would govern is then unrestricted or refused as rules.md says. <see cref="Citations"/> maps each
/// error code to the rule IDs a refusal cites for this jurisdiction.
/// </summary>
public sealed record PolicyProfile
{
    public required string Code { get; init; }
    public required string Name { get; init; }
    public string? Source { get; init; }

    /// <summary>Profiles applied underneath this one (WZ under HSB); this profile's own values win.</summary>
    public IReadOnlyList<string> Overlays { get; init; } = [];

    public IntakePolicy Intake { get; init; } = new();
    public DispatchPolicy Dispatch { get; init; } = new();
    public SigningPolicy Signing { get; init; } = new();
    public FirstContactPolicy FirstContact { get; init; } = new();
    public HandlingPolicy Handling { get; init; } = new();
    public IReadOnlyList<UrgentResponsePolicy> UrgentResponses { get; init; } = [];
    public ReturnPolicy Returns { get; init; } = new();
    public JointHandlingPolicy JointHandling { get; init; } = new();
    public ExtensionPolicy Extensions { get; init; } = new();
    public ReplyPolicy Replies { get; init; } = new();
    public RevisitPolicy Revisits { get; init; } = new();
    public ScreeningPolicy Screening { get; init; } = new();
    public SupervisionPolicy Supervision { get; init; } = new();
    public TerminationPolicy Termination { get; init; } = new();
    public DisciplinePolicy Discipline { get; init; } = new();
    public EmergencyPolicy Emergency { get; init; } = new();
    public AssessmentPolicy Assessment { get; init; } = new();
    public Merging.MergePolicy Merge { get; init; } = new();

    /// <summary>Error code → rule IDs of this jurisdiction, e.g. <c>return.window-closed → [HSB-RT-3]</c>.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Citations { get; init; } =
        new Dictionary<string, IReadOnlyList<string>>();

    public IReadOnlyList<string> Cite(string code) =>
        Citations.TryGetValue(code, out var ids) ? ids : [];

    public string? FirstCite(string code) => Cite(code) is [var first, ..] ? first : null;

    /// <summary>The invariants JSON cannot express; a broken profile or override fails here, not at the first ticket.</summary>
    public void Validate()
    {
        var limits = new List<(string Name, TimeLimit? Limit)>
        {
            ("dispatch.limit", Dispatch.Limit), ("signing.limit", Signing.Limit), ("firstContact.limit", FirstContact.Limit),
            ("handling.warnBefore", Handling.WarnBefore), ("returns.complexWindow", Returns.ComplexWindow), ("returns.reviewLimit", Returns.ReviewLimit),
            ("extensions.opensBeforeDue", Extensions.OpensBeforeDue), ("extensions.closesBeforeDue", Extensions.ClosesBeforeDue),
            ("extensions.maxEach", Extensions.MaxEach), ("extensions.maxEachComplex", Extensions.MaxEachComplex),
            ("extensions.maxTotal", Extensions.MaxTotal), ("extensions.maxTotalFromReceipt", Extensions.MaxTotalFromReceipt),
            ("revisits.redoLimit", Revisits.RedoLimit), ("revisits.revisitReviewLimit", Revisits.RevisitReviewLimit),
            ("screening.window", Screening.Window), ("screening.initialReviewLimit", Screening.InitialReviewLimit), ("screening.evidenceWindow", Screening.EvidenceWindow),
        };
        limits.AddRange(Handling.Limits.Select((r, i) => ($"handling.limits[{i}]", r.Limit)));
        limits.AddRange(Returns.Windows.Select((w, i) => ($"returns.windows[{i}]", w.Window)));
        if (limits.FirstOrDefault(l => l.Limit is { Amount: <= 0 }) is { Name: not null } bad)
        {
            throw new InvalidPolicyException($"{Code}: {bad.Name} must be positive.");
        }

        if (Merge.UnmergeWithinWorkingDays < 0)
        {
            throw new InvalidPolicyException($"{Code}: merge.unmergeWithinWorkingDays is 0 (the same day) or more.");
        }

        if (Merge.DuplicateWindowDays is < 1 or > 366)
        {
            throw new InvalidPolicyException($"{Code}: merge.duplicateWindowDays is 1 to 366 days.");
        }

        if (Handling.WarnBefore is { Unit: not TimeLimitUnit.NaturalHours })
        {
            throw new InvalidPolicyException($"{Code}: handling.warnBefore is counted in natural hours, e.g. \"4h\".");
        }

        if (Handling.Limits.FirstOrDefault(r => r.Unlimited == r.Limit.HasValue) is { } rule)
        {
            throw new InvalidPolicyException($"{Code}: a handling limit has either a limit or \"unlimited\": true ({string.Join(",", rule.RuleIds)}).");
        }

        if (Extensions.MaxEach is { Unit: not TimeLimitUnit.WorkingDays } || Extensions.MaxTotal is { Unit: not TimeLimitUnit.WorkingDays })
        {
            throw new InvalidPolicyException($"{Code}: extensions are granted in working days (CC-9), e.g. \"5wd\".");
        }

        if (Screening.Procedure == DissatisfactionProcedure.Screening && Screening.Window is null && Screening.MonthlyCutoffDay is null)
        {
            throw new InvalidPolicyException($"{Code}: a screening procedure needs screening.window or screening.monthlyCutoffDay.");
        }

        if (Screening.MonthlyCutoffDay is < 1 or > 28)
        {
            throw new InvalidPolicyException($"{Code}: screening.monthlyCutoffDay is a day 1–28 of the next month.");
        }

        if (Supervision.LedgerAfterRedos is < 1 || Extensions.MaxApplications is < 0)
        {
            throw new InvalidPolicyException($"{Code}: counts must be positive.");
        }
    }
}

/// <summary>受理: what the centre accepts and where it routes (HSB-GEN-2/3, WZ-GEN-2, HL-GEN-1/2, QU-GEN-1/2).</summary>
public sealed record IntakePolicy
{
    /// <summary>Categories in scope; empty means every category.</summary>
    public IReadOnlyList<TicketCategory> Categories { get; init; } = [];

    /// <summary>Channels answered by the district government office, not the centre (HSB-GEN-2).</summary>
    public IReadOnlyList<string> GovernmentOfficeChannels { get; init; } = [];

    /// <summary>不予受理 grounds a dispatcher may cite when rejecting a ticket as out of scope.</summary>
    public IReadOnlyList<string> ExclusionGrounds { get; init; } = [];
}

/// <summary>转办: the centre's dispatch limit, counted from its own receipt (HSB-DSP-1, QU-DSP-1).</summary>
public sealed record DispatchPolicy
{
    public TimeLimit? Limit { get; init; }
}

/// <summary>签收: the unit's sign limit (QU-SGN-1, HK-SGN-2) and whether a late ticket is deemed accepted (HL-SGN-2 逾期视为默认接受).</summary>
public sealed record SigningPolicy
{
    public TimeLimit? Limit { get; init; }
    public bool DeemedSignedWhenLate { get; init; }
}

/// <summary>先行联系: the unit's first call to the caller (HL-FC-1).</summary>
public sealed record FirstContactPolicy
{
    public TimeLimit? Limit { get; init; }
}

/// <summary>办理时限: handling limits, first matching rule wins (HSB-DL, HL-DL, QU-DL, HK-DL).</summary>
public sealed record HandlingPolicy
{
    public IReadOnlyList<HandlingLimitRule> Limits { get; init; } = [];

    /// <summary>
    /// When to warn before a handling deadline (临期预警), in natural hours. No seed states it; empty unless a tenant
    /// configures it.
    /// </summary>
    public TimeLimit? WarnBefore { get; init; }

    /// <summary>HL-ASM-2's on-time thresholds for assessment, which differ from the handling limits .</summary>
    public IReadOnlyList<HandlingLimitRule> AssessmentLimits { get; init; } = [];

    /// <summary>The limit for a ticket; <c>null</c> when the seed states none .</summary>
    public HandlingLimitRule? RuleFor(TicketCategory category, TicketUrgency urgency, HandlingClass handlingClass) =>
        Limits.FirstOrDefault(r => r.Matches(category, urgency, handlingClass));
}

/// <summary>One row of a handling-limit table. Empty filters match everything.</summary>
public sealed record HandlingLimitRule
{
    public IReadOnlyList<TicketCategory> Categories { get; init; } = [];
    public IReadOnlyList<TicketUrgency> Urgencies { get; init; } = [];
    public IReadOnlyList<HandlingClass> Classes { get; init; } = [];

    /// <summary>The limit; empty together with <see cref="Unlimited"/> for items with no limit (HSB-DL-4 praise).</summary>
    public TimeLimit? Limit { get; init; }
    public bool Unlimited { get; init; }
    public IReadOnlyList<string> RuleIds { get; init; } = [];

    public bool Matches(TicketCategory category, TicketUrgency urgency, HandlingClass handlingClass) =>
        (Categories.Count == 0 || Categories.Contains(category))
        && (Urgencies.Count == 0 || Urgencies.Contains(urgency))
        && (Classes.Count == 0 || Classes.Contains(handlingClass));
}

/// <summary>QU special items: 初步响应意见 and 处理进度情况 limits from the unit's receipt (QU-URG-1..3).</summary>
public sealed record UrgentResponsePolicy
{
    public TicketUrgency Urgency { get; init; }
    public TimeLimit? InitialResponse { get; init; }
    public TimeLimit? ProgressReport { get; init; }
    public bool ReportToLocalGovernmentFirst { get; init; }
}

/// <summary>When a return window starts.</summary>
public enum ReturnWindowStart
{
    /// <summary>From receipt (= dispatch, CC-8).</summary>
    Receipt,

    /// <summary>From signing (HK-RT-1, A-22).</summary>
    Signing,
}

/// <summary>What happens to a return made after its window.</summary>
public enum LateReturnHandling
{
    /// <summary>Refused (HSB, HL, HK).</summary>
    Refuse,

    /// <summary>Accepted for review but counted as an overdue case (QU-RT-2 超期退回视为超期办理件).</summary>
    CountAsOverdue,
}

/// <summary>The leader who signs an application off (分管领导 / 主要领导).</summary>
public enum LeaderLevel
{
    DeputyLeader,
    HeadLeader,
}

/// <summary>Why a unit returns a ticket (退办事由).</summary>
public enum ReturnReason
{
    /// <summary>Not the unit's duty (HSB-RT-3, HL-RT-1, QU-RT-1, HK-RT-1).</summary>
    OutOfDuty,

    /// <summary>The caller concealed their information (HSB-RT-2).</summary>
    ConcealedIdentity,

    /// <summary>A registration error that affects handling (HSB-RT-1).</summary>
    RegistrationError,
}

/// <summary>退办: windows, content, signatory, review and limits on returns (rules.md §4 rows "Return …").</summary>
public sealed record ReturnPolicy
{
    /// <summary>Reasons a unit may give; a reason not listed is refused.</summary>
    public IReadOnlyList<ReturnWindow> Windows { get; init; } = [];

    /// <summary>HL-RT-2: the longer window for hard-to-verify, cross-region or especially complex tickets.</summary>
    public TimeLimit? ComplexWindow { get; init; }
    public ReturnWindowStart WindowStart { get; init; }
    public LateReturnHandling Late { get; init; }
    public bool RequiresBasis { get; init; }
    public bool RequiresSuggestedUnit { get; init; }
    public LeaderLevel? Signatory { get; init; }

    /// <summary>HSB-RT-4: reasons that go up to the BurdenReductionMechanism (提级退办审核).</summary>
    public IReadOnlyList<ReturnReason> EscalatedReasons { get; init; } = [];

    /// <summary>How long the centre has to decide a return (HK-RT-2); a clock watches it.</summary>
    public TimeLimit? ReviewLimit { get; init; }

    /// <summary>HL-RT-3 不得二次退单; HSB by A-05. Once a reviewer rejected a return, that unit may not return again.</summary>
    public bool SecondReturnForbidden { get; init; }

    /// <summary>HSB-RT-5(6): a ticket with an extension application cannot be returned.</summary>
    public bool RefusedAfterExtensionRequest { get; init; }
}

/// <summary>A return reason and its window; an empty window means no time limit (HSB-RT-1, A-33).</summary>
public sealed record ReturnWindow
{
    public ReturnReason Reason { get; init; }
    public TimeLimit? Window { get; init; }
}

/// <summary>联合办理 / 会签 (rules.md §5.1).</summary>
public sealed record JointHandlingPolicy
{
    /// <summary>HL-JNT-1 不得退件; QU-JNT-4 不得退回; HK-JNT-2 all are responsible units.</summary>
    public bool JointUnitsMayReturn { get; init; } = true;

    /// <summary>QU-JNT-1 会签工单: each unit handles its own part.</summary>
    public bool CountersignAvailable { get; init; }
}

/// <summary>延期: when, how often, how long, which categories, who approves (rules.md §4 rows "Extension …").</summary>
public sealed record ExtensionPolicy
{
    /// <summary>The application must be made before the deadline (QU-EXT-1, HL-EXT-2, HK-EXT-1).</summary>
    public bool ApplyBeforeDue { get; init; }

    /// <summary>HL-EXT-3 「距办结期满前 2 个工作日内」: no earlier than this before the deadline.</summary>
    public TimeLimit? OpensBeforeDue { get; init; }

    /// <summary>HK-EXT-1 「届满前24小时」: at least this long before the deadline, in natural hours (CC-6).</summary>
    public TimeLimit? ClosesBeforeDue { get; init; }

    /// <summary>Applications counted, refused or not .</summary>
    public int? MaxApplications { get; init; }
    public TimeLimit? MaxEach { get; init; }

    /// <summary>QU-EXT-2 特别重大、复杂 .</summary>
    public TimeLimit? MaxEachComplex { get; init; }

    /// <summary>HK-EXT-2: each extension ≤ the original handling limit.</summary>
    public bool MaxEachIsOriginalLimit { get; init; }

    /// <summary>Total of all extensions (HSB A-03: 10 wd).</summary>
    public TimeLimit? MaxTotal { get; init; }

    /// <summary>Total handling time from receipt after extensions (HL-EXT-1/2: 15 wd).</summary>
    public TimeLimit? MaxTotalFromReceipt { get; init; }
    public IReadOnlyList<TicketCategory> NonExtendableCategories { get; init; } = [];

    /// <summary>HSB-EXT-2: the unit tells the caller the reason and the promised time at once.</summary>
    public bool CallerNoticeRequired { get; init; }

    /// <summary>HSB-EXT-3: after this many approved extensions a reply states the interim status, why, the plan and the caller's answer.</summary>
    public int? InterimReplyAfter { get; init; }

    /// <summary>HL-EXT-1/2: deputy leader for ordinary tickets, head leader for complex ones.</summary>
    public LeaderLevel? Signatory { get; init; }
    public LeaderLevel? ComplexSignatory { get; init; }

    /// <summary>Who decides: 分中心, 区中心, or 市中心 recorded by the county reviewer (QU-EXT-4, HK-EXT-1).</summary>
    public string? Approver { get; init; }

    /// <summary>QU-EXT-4: the county centre forwards the application to the <see cref="Approver"/>, whose consent it records.</summary>
    public bool ForwardedToCity { get; init; }

    /// <summary>「原则上」: a centre reviewer may override a refusal with a recorded reason.</summary>
    public bool ReviewerMayOverride { get; init; }
}

/// <summary>What a reply must contain (§5.6).</summary>
public enum ReplyRequirement
{
    /// <summary>HL-RPL-5: 实际解决 / 解释说明 / 参考备案 / 未解决.</summary>
    ResolutionType,

    /// <summary>HSB-RPL-3: what was done.</summary>
    Measures,

    /// <summary>Consultation: whether the question was fully answered.</summary>
    AnswerCompleteness,

    /// <summary>Report: the date the case was opened, or the reason / legal basis if none.</summary>
    CaseOpenedOrBasis,

    /// <summary>Suggestion: adopted or not; a reason if not adopted or undecided.</summary>
    AdoptionDecision,

    /// <summary>Incident: how it is under control, handling time to the hour.</summary>
    IncidentControl,

    /// <summary>When, how and what the caller was told (HSB-RPL-4).</summary>
    CallerNotice,
}

/// <summary>Per-category reply content.</summary>
public sealed record ReplyContentRule
{
    public IReadOnlyList<TicketCategory> Categories { get; init; } = [];
    public IReadOnlyList<ReplyRequirement> Requires { get; init; } = [];
}

/// <summary>答复: required content and the unreachable-caller rule (HSB-RPL-1..6, HL-RPL-2..5, HK-RPL-1).</summary>
public sealed record ReplyPolicy
{
    public IReadOnlyList<ReplyContentRule> Content { get; init; } = [];
    public UnreachableCallerRule? UnreachableCaller { get; init; }

    public IEnumerable<ReplyRequirement> RequirementsFor(TicketCategory category) =>
        Content.Where(c => c.Categories.Count == 0 || c.Categories.Contains(category))
            .SelectMany(c => c.Requires).Distinct();
}

/// <summary>
/// HSB-RPL-4 「3日内3个不同时段」: failed calls in distinct slots within a natural-day span. The slot
/// boundaries are configuration, not seed text.
/// </summary>
public sealed record UnreachableCallerRule
{
    public int Attempts { get; init; }
    public int WithinDays { get; init; }
    public IReadOnlyList<TimeSlot> Slots { get; init; } = [];
}

/// <summary>时段: a part of the day, <c>[From, To)</c> in local time.</summary>
public sealed record TimeSlot
{
    public required string Name { get; init; }
    public TimeOnly From { get; init; }
    public TimeOnly? To { get; init; }

    public bool Contains(TimeOnly time) => time >= From && (To is null || time < To);
}

/// <summary>回访 / 重办: revisit-review order and redo limits (HL-RVS-1..6, HL-RDO-1, WZ-RDO-1).</summary>
public sealed record RevisitPolicy
{
    public TimeLimit? RevisitReviewLimit { get; init; }
    public TimeLimit? RevisitReviewExtension { get; init; }

    /// <summary>HL-RDO-1 「1-2个工作日」: 2 wd is the hard limit .</summary>
    public TimeLimit? RedoLimit { get; init; }
}

/// <summary>Which dissatisfaction procedure a jurisdiction has.</summary>
public enum DissatisfactionProcedure
{
    None,

    /// <summary>甄别 (QU-SCR-1..4).</summary>
    Screening,

    /// <summary>申诉 (HK-SCR-1).</summary>
    Appeal,
}

/// <summary>甄别 / 申诉 (rules.md §5.3).</summary>
public sealed record ScreeningPolicy
{
    public DissatisfactionProcedure Procedure { get; init; }
    public TimeLimit? Window { get; init; }

    /// <summary>QU-SCR-2: day of the next month the month's applications close, rolled to a working day.</summary>
    public int? MonthlyCutoffDay { get; init; }
    public TimeLimit? InitialReviewLimit { get; init; }
    public TimeLimit? EvidenceWindow { get; init; }
    public IReadOnlyList<string> AppealGrounds { get; init; } = [];
    public LeaderLevel? Signatory { get; init; }

    /// <summary>HK-SCR-2: a 民意诉求第三方评价会 judges whether a dissatisfied caller's request was reasonable.</summary>
    public bool ThirdPartyPanel { get; init; }

    /// <summary>HK-SCR-1: an approved appeal is archived as 不计入满意度统计.</summary>
    public bool ApprovalExcludesFromSatisfaction { get; init; }
}

/// <summary>督办 / 约谈 (rules.md §5.4).</summary>
public sealed record SupervisionPolicy
{
    public IReadOnlyList<string> Triggers { get; init; } = [];
    public IReadOnlyList<string> Bodies { get; init; } = [];

    /// <summary>HL-SUP-5: every overdue, unprocessed ticket gets the centre's supervision/reminder notice (督办催办通知).</summary>
    public bool NoticeWhenOverdue { get; init; }

    /// <summary>WZ-SUP-2 (二次重办群众依然不满意): the redo count from which a ledger entry is due.</summary>
    public int? LedgerAfterRedos { get; init; }

    /// <summary>QU-INT-1: interview level by overdue count (1st, 2nd…); the last repeats .</summary>
    public IReadOnlyList<string> InterviewLevels { get; init; } = [];
    public IReadOnlyList<string> InterviewTriggers { get; init; } = [];
}

/// <summary>How a malicious repeat caller's matter is terminated (终结办理, §5.10).</summary>
public enum TerminationMode
{
    NotStated,

    /// <summary>HL-TRM-1: the unit applies, signed by the deputy leader; the centre approves.</summary>
    CentreApproves,

    /// <summary>QU-TRM-1: the unit decides with a written opinion.</summary>
    UnitDecides,
}

/// <summary>终结办理 (HL-TRM-1, QU-TRM-1..3).</summary>
public sealed record TerminationPolicy
{
    public TerminationMode Mode { get; init; }
    public LeaderLevel? Signatory { get; init; }
}

/// <summary>报纪委监委 (HSB-DSC-1, QU-DSC-1).</summary>
public sealed record DisciplinePolicy
{
    /// <summary>HSB-DSC-1 「派送职能部门的同时报区纪委监委」.</summary>
    public bool ReferOnDispatch { get; init; }
    public string? Commission { get; init; }
}

/// <summary>What the centre does with an emergency request.</summary>
public enum EmergencyHandling
{
    /// <summary>Not stated: redirecting is allowed, nothing is required.</summary>
    NotStated,

    /// <summary>即时转至 (HSB-EMG-1).</summary>
    Redirect,

    /// <summary>Not accepted, the caller is guided (QU-EMG-1, HL-GEN-1).</summary>
    NotAccepted,
}

/// <summary>110/119/120/122 (rules.md §5.7).</summary>
public sealed record EmergencyPolicy
{
    public EmergencyHandling Handling { get; init; }
    public IReadOnlyList<string> Lines { get; init; } = ["110", "119", "120", "122"];

    /// <summary>WZ-EMG-1: fire hazards go to this line.</summary>
    public string? FireHazardLine { get; init; }
}

/// <summary>考核 (rules.md §5.5): indicators, and HL's scoring frame. Point values are never stated.</summary>
public sealed record AssessmentPolicy
{
    /// <summary>What the monthly assessment reports (WZ-ASM-1, QU-ASM-1, HK-GEN-1, HL-ASM-2).</summary>
    public IReadOnlyList<string> Indicators { get; init; } = [];
    public IReadOnlyList<int> VolumeBandLowerBounds { get; init; } = [];
    public IReadOnlyDictionary<string, int> GradeSharesPercent { get; init; } = new Dictionary<string, int>();
    public bool AnnualIsMeanOfMonths { get; init; }

    /// <summary>A-28: the month a ticket counts in.</summary>
    public string MonthBy { get; init; } = "completion";
    public IReadOnlyDictionary<string, decimal> Points { get; init; } = new Dictionary<string, decimal>();
}
