using System.Globalization;
using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Names;

/// <summary>
/// The zh-CN words the workbench shows for the domain's enums (工单状态、诉求类别、时限类型、操作), as centre staff
/// say them. An unknown value shows as its English name rather than failing the page.
/// </summary>
public static class Labels
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("zh-CN");

    public static string State(TicketState state) => state switch
    {
        TicketState.Registered => "已受理",
        TicketState.Rejected => "不予受理",
        TicketState.Redirected => "已转110/119/120/122",
        TicketState.Dispatched => "已派单待签收",
        TicketState.Handling => "办理中",
        TicketState.Returned => "已退办",
        TicketState.Replied => "已办结待审核",
        TicketState.Completed => "审核通过待回访",
        TicketState.Dissatisfied => "回访不满意",
        TicketState.Screening => "甄别/申诉中",
        TicketState.Closed => "待归档",
        TicketState.Terminated => "终结办理",
        TicketState.Archived => "已归档",
        TicketState.Merged => "已并单",
        _ => state.ToString(),
    };

    public static string State(string state) => Enum.TryParse<TicketState>(state, out var s) ? State(s) : state;

    public static string Category(TicketCategory category) => category switch
    {
        TicketCategory.Consultation => "咨询",
        TicketCategory.HelpRequest => "求助",
        TicketCategory.Suggestion => "建议",
        TicketCategory.Complaint => "投诉",
        TicketCategory.Report => "举报",
        TicketCategory.Praise => "表扬",
        TicketCategory.Incident => "突发事项",
        TicketCategory.Other => "其它",
        _ => category.ToString(),
    };

    public static string Category(string category) => Enum.TryParse<TicketCategory>(category, out var c) ? Category(c) : category;

    /// <summary>The intake channel (受理渠道); the channel is free text, so an unknown one shows as recorded.</summary>
    public static string Channel(string channel) => channel.ToLowerInvariant() switch
    {
        "phone" => "电话",
        "web" or "website" => "网站",
        "wechat" => "微信",
        "app" => "移动应用",
        "email" or "mail" => "电子邮件",
        "sms" => "短信",
        "letter" => "信件",
        "visit" => "来访",
        _ => channel,
    };

    public static string Urgency(string urgency) => urgency switch
    {
        nameof(TicketUrgency.Normal) => "一般",
        nameof(TicketUrgency.Urgent) => "紧急",
        nameof(TicketUrgency.Special) => "特殊事项",
        nameof(TicketUrgency.SpecialUrgent) => "特殊紧急事项",
        _ => urgency,
    };

    public static string HandlingClass(string handlingClass) => handlingClass switch
    {
        nameof(Hotline.Tickets.Tickets.HandlingClass.Ordinary) => "一般",
        nameof(Hotline.Tickets.Tickets.HandlingClass.Complex) => "复杂",
        nameof(Hotline.Tickets.Tickets.HandlingClass.Difficult) => "疑难",
        _ => handlingClass,
    };

    public static string AssignmentRole(string role) => role switch
    {
        "Lead" => "主办",
        "CoUnit" => "协办",
        _ => role,
    };

    public static string Clock(string kind) => kind switch
    {
        nameof(DeadlineKind.Dispatch) => "派单时限",
        nameof(DeadlineKind.Sign) => "签收时限",
        nameof(DeadlineKind.FirstContact) => "先行联系时限",
        nameof(DeadlineKind.Handle) => "办理时限",
        nameof(DeadlineKind.InitialResponse) => "初步响应时限",
        nameof(DeadlineKind.ProgressReport) => "进度报告时限",
        nameof(DeadlineKind.ReturnReview) => "退办审核时限",
        nameof(DeadlineKind.CoUnitOpinion) => "协办意见时限",
        nameof(DeadlineKind.Redo) => "重办时限",
        nameof(DeadlineKind.ScreeningWindow) => "甄别申请时限",
        nameof(DeadlineKind.ScreeningReview) => "甄别审核时限",
        nameof(DeadlineKind.Evidence) => "补充材料时限",
        nameof(DeadlineKind.Supervision) => "督办时限",
        _ => kind,
    };

    public static string Event(string action) => action switch
    {
        nameof(TicketAction.Registered) => "受理登记",
        nameof(TicketAction.Rejected) => "不予受理",
        nameof(TicketAction.EmergencyRedirected) => "转紧急热线",
        nameof(TicketAction.Dispatched) => "派单",
        nameof(TicketAction.Redispatched) => "重新派单",
        nameof(TicketAction.Reassigned) => "改派",
        nameof(TicketAction.Signed) => "签收",
        nameof(TicketAction.DeemedSigned) => "视为签收",
        nameof(TicketAction.FirstContactRecorded) => "先行联系",
        nameof(TicketAction.InitialResponseGiven) => "初步响应",
        nameof(TicketAction.ProgressReported) => "进度报告",
        nameof(TicketAction.CoUnitAdded) => "增加协办单位",
        nameof(TicketAction.CoUnitOpinionGiven) => "协办意见",
        nameof(TicketAction.CountersignPartReplied) => "会签部分答复",
        nameof(TicketAction.ReturnRequested) => "申请退办",
        nameof(TicketAction.ReturnApproved) => "退办通过",
        nameof(TicketAction.ReturnRejected) => "退办驳回",
        nameof(TicketAction.ExtensionRequested) => "申请延期",
        nameof(TicketAction.ExtensionApproved) => "延期批准",
        nameof(TicketAction.ExtensionDenied) => "延期不予批准",
        nameof(TicketAction.Replied) => "办结答复",
        nameof(TicketAction.ReplyAccepted) => "答复审核通过",
        nameof(TicketAction.ReplySentBack) => "答复退回",
        nameof(TicketAction.Revisited) => "回访",
        nameof(TicketAction.RedoOrdered) => "责令重办",
        nameof(TicketAction.RevisitReviewExtended) => "回访复核延长",
        nameof(TicketAction.ScreeningApplied) => "申请甄别",
        nameof(TicketAction.ScreeningEvidenceRequested) => "要求补充材料",
        nameof(TicketAction.ScreeningEvidenceSubmitted) => "提交补充材料",
        nameof(TicketAction.ScreeningDecided) => "甄别决定",
        nameof(TicketAction.ScreeningLapsed) => "甄别申请逾期失效",
        nameof(TicketAction.PanelRuled) => "评议裁定",
        nameof(TicketAction.Supervised) => "督办",
        nameof(TicketAction.Interviewed) => "约谈",
        nameof(TicketAction.DisciplineReferred) => "移送纪委监委",
        nameof(TicketAction.TerminationRequested) => "申请终结",
        nameof(TicketAction.Terminated) => "终结办理",
        nameof(TicketAction.Archived) => "归档",
        nameof(TicketAction.DeadlineReached) => "时限届满",
        nameof(TicketAction.HandlingContinues) => "继续办理",
        nameof(TicketAction.OverdueCounted) => "计入超期",
        nameof(TicketAction.LocalGovernmentReported) => "已报属地政府",
        nameof(TicketAction.Merged) => "并单",
        nameof(TicketAction.Unmerged) => "撤销并单",
        nameof(TicketAction.DuplicateMerged) => "并入重复工单",
        nameof(TicketAction.DuplicateUnmerged) => "移出重复工单",
        nameof(TicketAction.AnsweredDirectly) => "直接办结（知识库答复）",
        _ => action,
    };

    public static string Role(string role) => HotlineRoles.Parse(role) is { } r ? r.Title() : role == "System" ? "系统" : role;

    public static string Action(HotlineAction action) => action switch
    {
        HotlineAction.Register => "受理登记",
        HotlineAction.Reject => "不予受理",
        HotlineAction.RedirectEmergency => "转紧急热线",
        HotlineAction.Dispatch => "派单",
        HotlineAction.Redispatch => "重新派单",
        HotlineAction.Sign => "签收",
        HotlineAction.FirstContact => "先行联系",
        HotlineAction.RequestReturn => "申请退办",
        HotlineAction.SignOffReturn => "退办签批",
        HotlineAction.ReviewReturn => "退办审核",
        HotlineAction.DecideEscalatedReturn => "提级退办审核",
        HotlineAction.AddCoUnit => "增加协办单位",
        HotlineAction.GiveCoUnitOpinion => "协办意见",
        HotlineAction.RequestExtension => "申请延期",
        HotlineAction.SignOffExtension => "延期签批",
        HotlineAction.DecideExtension => "延期审批",
        HotlineAction.Reply => "办结答复",
        HotlineAction.ReviewReply => "答复审核",
        HotlineAction.Revisit => "回访",
        HotlineAction.Redo => "责令重办",
        HotlineAction.ApplyForScreening => "申请甄别",
        HotlineAction.DecideScreening => "甄别决定",
        HotlineAction.Supervise => "督办",
        HotlineAction.Interview => "约谈",
        HotlineAction.ReferToDiscipline => "移送纪委监委",
        HotlineAction.RequestTermination => "申请终结",
        HotlineAction.DecideTermination => "终结审批",
        HotlineAction.Archive => "归档",
        HotlineAction.MergeTickets => "并单",
        _ => action.ToString(),
    };

    public static string Resolution(ResolutionType resolution) => resolution switch
    {
        ResolutionType.Resolved => "已解决",
        ResolutionType.Explained => "已解释说明",
        ResolutionType.NotedForReference => "留存参考",
        ResolutionType.Unresolved => "未解决",
        _ => resolution.ToString(),
    };

    public static string Rating(SatisfactionRating rating) => rating switch
    {
        SatisfactionRating.Satisfied => "满意",
        SatisfactionRating.Neutral => "基本满意",
        SatisfactionRating.Dissatisfied => "不满意",
        _ => rating.ToString(),
    };

    /// <summary>
    /// What kind of refusal an action met, in the user's words; the domain's message and the rule ids follow it.
    /// Codes as <c>ErrorCodes</c> names them, by area where no exact title is needed.
    /// </summary>
    public static string Refusal(string code) => code switch
    {
        "ticket.concurrency-conflict" => "工单已被他人办理",
        "ticket.invalid-state" => "工单当前状态不允许此操作",
        "ticket.role-not-allowed" => "您的角色不能办理此操作",
        "ticket.unit-not-assigned" => "该工单未派给您的单位",
        "ticket.input-missing" or "form.input-missing" => "缺少必填内容",
        "ticket.input-too-long" => "填写内容过长",
        "ticket.not-found" => "没有该工单",
        "workflow.step-not-expected" => "流程当前不在这一步",
        "reply.resolution-type-missing" => "答复须注明解决情况",
        "reply.content-missing" => "答复内容不全",
        "reply.unreachable-not-proven" => "联系不上来电人须有不同时段的呼叫记录",
        "reply.co-unit-opinions-missing" => "尚缺协办单位意见",
        "attachment.too-large" => "文件超过大小上限",
        "attachment.too-many" => "文件数量超过上限",
        "attachment.type-not-allowed" => "不接受此类文件",
        "attachment.infected" => "文件未通过病毒检查",
        "attachment.not-uploaded" => "附件未上传到本工单",
        "merge.unmerge-too-late" => "已超过撤销并单的期限",
        "intake.caller-phone-invalid" => "来电号码格式不正确",
        "dispatch.local-government-first" => "特殊事项须先报属地政府再派单",
        "knowledge.article-not-found" => "没有该知识条目",
        "knowledge.invalid-state" => "知识条目当前状态不允许此操作",
        "knowledge.not-owner" => "只能修改本单位的知识条目",
        "knowledge.role-not-allowed" => "您的角色不能办理知识库的此项操作",
        "knowledge.input-missing" => "知识条目缺少必填内容",
        "knowledge.input-too-long" => "知识条目内容过长",
        "knowledge.dates-invalid" => "复核日期须晚于生效日期",
        "knowledge.review-date-passed" => "复核日期已过，须先更新复核日期",
        "knowledge.version-stale" => "知识条目已被他人修改，请刷新后重试",
        "knowledge.unit-unknown" => "没有该单位",
        "knowledge.article-not-answerable" => "不能据此知识条目直接答复",
        "knowledge.query-invalid" => "检索条件不正确",
        _ when code.StartsWith("merge.", StringComparison.Ordinal) => "并单不符合规定",
        _ when code.StartsWith("dispatch.", StringComparison.Ordinal) => "派单不符合规定",
        _ when code.StartsWith("return.", StringComparison.Ordinal) => "退办不符合规定",
        _ when code.StartsWith("extension.", StringComparison.Ordinal) => "延期不符合规定",
        _ when code.StartsWith("revisit.", StringComparison.Ordinal) => "回访不符合规定",
        _ => "操作未被受理",
    };

    /// <summary>A file size as people read it: 字节, KB, MB (1024-based, one decimal).</summary>
    public static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} 字节",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", Culture) + " KB",
        _ => (bytes / (1024.0 * 1024)).ToString("0.#", Culture) + " MB",
    };

    /// <summary>File kinds by their extension, as a form lists what may be uploaded: PDF、PNG、JPG….</summary>
    public static string FileKinds(IEnumerable<Hotline.Tickets.Attachments.FileKind> kinds) =>
        string.Join("、", kinds.Select(k => k.Extension.TrimStart('.').ToUpperInvariant()));

    public static string Light(DeadlineLight light) => light switch
    {
        DeadlineLight.Overdue => "已逾期",
        DeadlineLight.Warning => "临期预警",
        _ => "正常",
    };

    /// <summary>A moment in Beijing time, as every county office reads it.</summary>
    public static string Time(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, Hotline.Tickets.Calendar.ShanghaiTime.Zone).ToString("yyyy-MM-dd HH:mm", Culture) : "";

    /// <summary>Working time left (or, negative, past due) as days and hours of working time.</summary>
    public static string WorkingTime(TimeSpan? remaining)
    {
        if (remaining is not { } span)
            return "";
        var late = span < TimeSpan.Zero;
        var abs = late ? span.Negate() : span;
        var text = abs.TotalHours >= 24
            ? $"{(int)abs.TotalDays} 个工作日 {abs.Hours} 小时"
            : $"{(int)abs.TotalHours} 小时 {abs.Minutes} 分";
        return late ? $"已超 {text}" : $"剩余 {text}";
    }

    /// <summary>
    /// A ground or trigger of a policy profile (不予受理情形、申诉理由、督办情形) as the regulations word it; a value
    /// without a label (an emergency line, an interview level) shows as it is.
    /// </summary>
    public static string Ground(string code) => code switch
    {
        "litigation" => "已进入诉讼程序",
        "arbitration" => "已进入仲裁程序",
        "administrativePenalty" => "行政处罚事项",
        "administrativeReconsideration" => "已进入行政复议程序",
        "disciplineInspection" => "纪检监察事项",
        "informationDisclosure" => "政府信息公开申请",
        "petition" => "信访事项",
        "secrets" => "涉及国家秘密",
        "privacy" => "涉及个人隐私",
        "personalInformation" => "涉及个人信息",
        "unlawful" => "违反法律法规或公序良俗",
        "publicOrder" => "扰乱公共秩序",
        "emergency" => "紧急警情（应拨110/119/120/122）",
        "terminatedMatter" => "已终结事项无新情况",
        "military" => "涉军事项",
        "harassment" => "骚扰、恶意来电",
        "unclear" => "诉求不明确",
        "excludedByLaw" => "法律法规另有规定",
        "administrativeMediation" => "已经行政调解",
        "lawEnforcementCase" => "执法办案事项",
        "noRoomForAction" => "诉求无政策法律依据、无办理空间",
        "suggestionNotAdoptedExplained" => "建议未采纳但已向来电人说明",
        "aboutToExpire" => "即将超期",
        "overdue" => "超期未办结",
        "overdueReturn" => "超期退办",
        "overdueUnprocessed" => "超期未处理",
        "untrueResult" => "办理结果不实",
        "proceduralFault" => "程序不规范",
        "reasonableDemandUnsolved" => "合理诉求未解决",
        "dissatisfiedAfterRedo" => "重办后仍不满意",
        "dissatisfiedAfterSecondRedo" => "二次重办后仍不满意",
        "difficult" => "疑难复杂",
        "countyLeaderAssignment" => "县领导交办",
        "majorPublicConcern" => "重大社会关切",
        "manyRedos" => "多次发回重办",
        "repeatedComplaints" => "重复投诉",
        "manyRepeatComplaints" => "多次重复投诉",
        "repeatedUnsolved" => "反复来电未解决",
        "crossLevel" => "跨层级事项",
        "higherRequirement" => "上级要求",
        "leaderInstruction" => "领导批示",
        "mediaExposure" => "媒体曝光",
        "jointItem" => "多部门联办事项",
        "slowHandling" => "办理迟缓",
        "promiseWithoutProgress" => "承诺未兑现",
        "interviewWithoutEffect" => "约谈后仍未改进",
        "negativeOpinion" => "负面舆情",
        "poorReply" => "答复质量差",
        "shirking" => "推诿扯皮",
        _ => code,
    };
}
