using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Replies;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tickets;

namespace Hotline.Workbench.TicketPage;

/// <summary>
/// One filled-in action form (办理表单) of the ticket page: the domain call it makes and the permissions that allow
/// it, the same as the ticket API's endpoint for that action (rules.md §6). Of the permissions the first one the user
/// holds is used (a return decision is the escalation reviewer's in HSB, the centre reviewer's elsewhere).
/// </summary>
public sealed record TicketCommand(HotlineAction Action, IReadOnlyList<HotlineAction> Permissions, Func<Ticket, ActionContext, TicketEvent?> Apply)
{
    private static TicketCommand For(HotlineAction action, Func<Ticket, ActionContext, TicketEvent?> apply) => new(action, [action], apply);

    public static TicketCommand Dispatch(DispatchOrder order) => For(HotlineAction.Dispatch, (t, c) => t.Dispatch(c, order));

    public static TicketCommand Redispatch(DispatchOrder order) => For(HotlineAction.Redispatch, (t, c) => t.Redispatch(c, order));

    public static TicketCommand Sign() => For(HotlineAction.Sign, (t, c) => t.Sign(c));

    public static TicketCommand FirstContact(string note) => For(HotlineAction.FirstContact, (t, c) => t.RecordFirstContact(c, note));

    public static TicketCommand Reply(ReplyContent content) => For(HotlineAction.Reply, (t, c) => t.Reply(c, content));

    public static TicketCommand RequestReturn(ReturnApplication application) => For(HotlineAction.RequestReturn, (t, c) => t.RequestReturn(c, application));

    public static TicketCommand ApproveReturn(string? note) =>
        new(HotlineAction.ReviewReturn, ReturnDecision, (t, c) => t.ApproveReturn(c, note));

    public static TicketCommand RejectReturn(string reason) =>
        new(HotlineAction.ReviewReturn, ReturnDecision, (t, c) => t.RejectReturn(c, reason));

    public static TicketCommand RequestExtension(ExtensionApplication application) =>
        For(HotlineAction.RequestExtension, (t, c) => t.RequestExtension(c, application));

    public static TicketCommand ApproveExtension(string? note) => For(HotlineAction.DecideExtension, (t, c) => t.ApproveExtension(c, note));

    public static TicketCommand DenyExtension(string reason) => For(HotlineAction.DecideExtension, (t, c) => t.DenyExtension(c, reason));

    public static TicketCommand AcceptReply(string? note) => For(HotlineAction.ReviewReply, (t, c) => t.AcceptReply(c, note));

    public static TicketCommand SendBackReply(string reason) => For(HotlineAction.ReviewReply, (t, c) => t.SendBackReply(c, reason));

    public static TicketCommand Revisit(RevisitResult result) => For(HotlineAction.Revisit, (t, c) => t.Revisit(c, result));

    public static TicketCommand Redo(string reason, bool revisitReviewOrder) => For(HotlineAction.Redo, (t, c) => t.OrderRedo(c, reason, revisitReviewOrder));

    public static TicketCommand Archive(string? note) => For(HotlineAction.Archive, (t, c) => t.Archive(c, note));

    private static readonly HotlineAction[] ReturnDecision = [HotlineAction.DecideEscalatedReturn, HotlineAction.ReviewReturn];
}
