using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Screening;
using Hotline.Tickets.Supervision;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// One filled-in action form (办理表单) of the ticket page: the domain call it makes and the permissions that allow
/// it, the same as the ticket API's endpoint for that action (rules.md §6). Of the permissions the first one the user
/// holds is used (a return decision is the escalation reviewer's in HSB, the centre reviewer's elsewhere). The call
/// runs inside the action's unit of work and may look up what its input needs there (<see cref="PriorOverdues"/>).
/// </summary>
public sealed record TicketCommand(HotlineAction Action, IReadOnlyList<HotlineAction> Permissions, Func<Ticket, ActionContext, PriorOverdues, Task<TicketEvent?>> Apply)
{
    private static TicketCommand For(HotlineAction action, Func<Ticket, ActionContext, TicketEvent?> apply) => For([action], apply);

    private static TicketCommand For(HotlineAction[] permissions, Func<Ticket, ActionContext, TicketEvent?> apply) =>
        new(permissions[^1], permissions, (t, c, _) => Task.FromResult(apply(t, c)));

    public static TicketCommand Dispatch(DispatchOrder order) => For(HotlineAction.Dispatch, (t, c) => t.Dispatch(c, order));

    public static TicketCommand Redispatch(DispatchOrder order) => For(HotlineAction.Redispatch, (t, c) => t.Redispatch(c, order));

    public static TicketCommand Sign() => For(HotlineAction.Sign, (t, c) => t.Sign(c));

    public static TicketCommand FirstContact(string note) => For(HotlineAction.FirstContact, (t, c) => t.RecordFirstContact(c, note));

    public static TicketCommand Reply(ReplyContent content) => For(HotlineAction.Reply, (t, c) => t.Reply(c, content));

    public static TicketCommand RequestReturn(ReturnApplication application) => For(HotlineAction.RequestReturn, (t, c) => t.RequestReturn(c, application));

    public static TicketCommand ApproveReturn(string? note) =>
        For(ReturnDecision, (t, c) => t.ApproveReturn(c, note));

    public static TicketCommand RejectReturn(string reason) =>
        For(ReturnDecision, (t, c) => t.RejectReturn(c, reason));

    public static TicketCommand RequestExtension(ExtensionApplication application) =>
        For(HotlineAction.RequestExtension, (t, c) => t.RequestExtension(c, application));

    public static TicketCommand ApproveExtension(string? note) => For(HotlineAction.DecideExtension, (t, c) => t.ApproveExtension(c, note));

    public static TicketCommand DenyExtension(string reason) => For(HotlineAction.DecideExtension, (t, c) => t.DenyExtension(c, reason));

    public static TicketCommand AcceptReply(string? note) => For(HotlineAction.ReviewReply, (t, c) => t.AcceptReply(c, note));

    public static TicketCommand SendBackReply(string reason) => For(HotlineAction.ReviewReply, (t, c) => t.SendBackReply(c, reason));

    public static TicketCommand Revisit(RevisitResult result) => For(HotlineAction.Revisit, (t, c) => t.Revisit(c, result));

    public static TicketCommand Redo(string reason, bool revisitReviewOrder) => For(HotlineAction.Redo, (t, c) => t.OrderRedo(c, reason, revisitReviewOrder));

    public static TicketCommand Archive(string? note) => For(HotlineAction.Archive, (t, c) => t.Archive(c, note));

    public static TicketCommand Reject(string ground, string explanation) => For(HotlineAction.Reject, (t, c) => t.Reject(c, ground, explanation));

    public static TicketCommand RedirectEmergency(string line, bool fireHazard) =>
        For(HotlineAction.RedirectEmergency, (t, c) => t.RedirectEmergency(c, line, fireHazard));

    /// <summary>初步响应 / 进度报告 of an urgent item (QU-URG-2/3); the API allows it to whoever may reply.</summary>
    public static TicketCommand UrgentResponse(DeadlineKind kind, string text) => For(HotlineAction.Reply, (t, c) => t.ReportUrgentResponse(c, kind, text));

    public static TicketCommand AddCoUnit(Guid unitId) => For(HotlineAction.AddCoUnit, (t, c) => t.AddCoUnit(c, unitId));

    public static TicketCommand CoUnitOpinion(string opinion, IReadOnlyList<AttachmentRef>? attachments = null) =>
        For(HotlineAction.GiveCoUnitOpinion, (t, c) => t.GiveCoUnitOpinion(c, opinion, attachments));

    public static TicketCommand ApplyForScreening(ScreeningApplication application) =>
        For(HotlineAction.ApplyForScreening, (t, c) => t.ApplyForScreening(c, application));

    public static TicketCommand RequestScreeningEvidence(string what) => For(HotlineAction.DecideScreening, (t, c) => t.RequestScreeningEvidence(c, what));

    public static TicketCommand SubmitScreeningEvidence(string note, IReadOnlyList<AttachmentRef> evidence) =>
        For(HotlineAction.ApplyForScreening, (t, c) => t.SubmitScreeningEvidence(c, note, evidence));

    public static TicketCommand DecideScreening(bool upheld, string reason) => For(HotlineAction.DecideScreening, (t, c) => t.DecideScreening(c, upheld, reason));

    /// <summary>HK-SCR-2: the third-party panel's ruling on a dissatisfied ticket, recorded by the centre's reviewer.</summary>
    public static TicketCommand RecordPanelRuling(bool reasonable, string reason, DateTimeOffset? resolveBy) =>
        For(HotlineAction.DecideScreening, (t, c) => t.RecordPanelRuling(c, reasonable, reason, resolveBy));

    public static TicketCommand Supervise(SupervisionNotice notice) => For(HotlineAction.Supervise, (t, c) => t.Supervise(c, notice));

    public static TicketCommand ReferToDiscipline(string reason) => For(HotlineAction.ReferToDiscipline, (t, c) => t.ReferToDiscipline(c, reason));

    public static TicketCommand RequestTermination(TerminationApplication application) =>
        For(HotlineAction.RequestTermination, (t, c) => t.RequestTermination(c, application));

    public static TicketCommand ApproveTermination(string? note) => For(HotlineAction.DecideTermination, (t, c) => t.ApproveTermination(c, note));

    public static TicketCommand Reassign(DispatchOrder order, string reason) => For(HotlineAction.Dispatch, (t, c) => t.Reassign(c, order, reason));

    public static TicketCommand CountersignReply(ReplyContent content) => For(HotlineAction.Reply, (t, c) => t.ReplyToCountersignPart(c, content));

    public static TicketCommand ForwardExtension(string? note) => For(HotlineAction.DecideExtension, (t, c) => t.ForwardExtension(c, note));

    public static TicketCommand OverrideExtension(ExtensionApplication application) =>
        For(HotlineAction.DecideExtension, (t, c) => t.OverrideExtension(c, application));

    public static TicketCommand ExtendRevisitReview(string reason) => For(HotlineAction.Redo, (t, c) => t.ExtendRevisitReview(c, reason));

    public static TicketCommand RefuseTermination(string reason) => For(HotlineAction.DecideTermination, (t, c) => t.RefuseTermination(c, reason));

    /// <summary>约谈: the level is checked against the unit's earlier overdue tickets this year (QU-INT-1), counted as the API counts them.</summary>
    public static TicketCommand Interview(Guid unitId, string level, string reason) =>
        new(HotlineAction.Interview, [HotlineAction.Interview], async (t, c, prior) =>
            t.RecordInterview(c, unitId, level, await prior(t, unitId, c.Now).ConfigureAwait(false), reason));

    private static readonly HotlineAction[] ReturnDecision = [HotlineAction.DecideEscalatedReturn, HotlineAction.ReviewReturn];
}

/// <summary>A unit's overdue tickets this calendar year other than <paramref name="ticket"/> (约谈层级 by count, QU-INT-1).</summary>
public delegate Task<int> PriorOverdues(Ticket ticket, Guid unitId, DateTimeOffset now);
