using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// The actions (可办操作) the ticket page offers a user: those the ticket's state leaves open and the user's roles
/// allow (<see cref="ActionPermissions"/>, rules.md §6). A hint for the page only: the domain decides each action
/// again, with the tenant's rules, when it is posted.
/// </summary>
public static class OfferedActions
{
    private static readonly Dictionary<TicketState, HotlineAction[]> ByState = new()
    {
        [TicketState.Registered] = [HotlineAction.Dispatch, HotlineAction.Reject, HotlineAction.RedirectEmergency],
        [TicketState.Dispatched] = [HotlineAction.Sign, HotlineAction.RequestReturn, HotlineAction.SignOffReturn, HotlineAction.Redispatch],
        [TicketState.Handling] =
        [
            HotlineAction.FirstContact, HotlineAction.Reply, HotlineAction.RequestReturn, HotlineAction.SignOffReturn, HotlineAction.ReviewReturn,
            HotlineAction.DecideEscalatedReturn, HotlineAction.RequestExtension, HotlineAction.SignOffExtension, HotlineAction.DecideExtension,
            HotlineAction.AddCoUnit, HotlineAction.GiveCoUnitOpinion, HotlineAction.RequestTermination, HotlineAction.DecideTermination,
            HotlineAction.Supervise, HotlineAction.Interview, HotlineAction.ReferToDiscipline,
        ],
        [TicketState.Returned] = [HotlineAction.Redispatch],
        [TicketState.Replied] = [HotlineAction.ReviewReply],
        [TicketState.Completed] = [HotlineAction.Revisit],
        [TicketState.Dissatisfied] = [HotlineAction.Redo, HotlineAction.ApplyForScreening],
        [TicketState.Screening] = [HotlineAction.DecideScreening, HotlineAction.ApplyForScreening],
        [TicketState.Closed] = [HotlineAction.Archive],
    };

    public static IReadOnlyList<HotlineAction> For(CurrentUser user, TicketState state) =>
        ByState.TryGetValue(state, out var actions) ? actions.Where(a => user.IsAllowed(a)).ToArray() : [];
}
