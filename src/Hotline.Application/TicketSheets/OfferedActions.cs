using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// The actions (可办操作) the ticket page offers a user: those the ticket's workflows wait for, at the ticket's state,
/// that the user's roles allow (<see cref="ActionPermissions"/>, rules.md §6). A hint for the page only: the domain
/// and the workflow decide each action again, with the tenant's rules, when it is posted.
/// </summary>
public static class OfferedActions
{
    private static readonly Dictionary<TicketState, HotlineAction[]> ByState = new()
    {
        [TicketState.Registered] = [HotlineAction.Dispatch, HotlineAction.Reject, HotlineAction.RedirectEmergency],
        [TicketState.Dispatched] =
        [
            HotlineAction.Sign, HotlineAction.RequestReturn, HotlineAction.SignOffReturn, HotlineAction.Redispatch,
            HotlineAction.Reply, HotlineAction.GiveCoUnitOpinion, HotlineAction.FirstContact, HotlineAction.AddCoUnit,
        ],
        [TicketState.Handling] =
        [
            HotlineAction.FirstContact, HotlineAction.Reply, HotlineAction.RequestReturn, HotlineAction.SignOffReturn, HotlineAction.ReviewReturn,
            HotlineAction.DecideEscalatedReturn, HotlineAction.RequestExtension, HotlineAction.SignOffExtension, HotlineAction.DecideExtension,
            HotlineAction.AddCoUnit, HotlineAction.GiveCoUnitOpinion, HotlineAction.RequestTermination, HotlineAction.DecideTermination,
            HotlineAction.Supervise, HotlineAction.Interview, HotlineAction.ReferToDiscipline, HotlineAction.Redo,
        ],
        [TicketState.Returned] = [HotlineAction.Redispatch],
        [TicketState.Replied] = [HotlineAction.ReviewReply],
        [TicketState.Completed] = [HotlineAction.Revisit],
        [TicketState.Dissatisfied] = [HotlineAction.Redo, HotlineAction.ApplyForScreening, HotlineAction.DecideScreening],
        [TicketState.Screening] = [HotlineAction.DecideScreening, HotlineAction.ApplyForScreening],
        [TicketState.Closed] = [HotlineAction.Archive],
    };

    /// <summary>
    /// The steps each form can record (a form may offer several, e.g. approve or deny). Supervision, interviews and
    /// referrals start workflows of their own (triggers), so no bookmark waits for them.
    /// </summary>
    private static readonly Dictionary<HotlineAction, TicketAction[]> Records = new()
    {
        [HotlineAction.Dispatch] = [TicketAction.Dispatched],
        [HotlineAction.Reject] = [TicketAction.Rejected],
        [HotlineAction.RedirectEmergency] = [TicketAction.EmergencyRedirected],
        // Before the unit signs, the redispatch form reassigns (改派).
        [HotlineAction.Redispatch] = [TicketAction.Redispatched, TicketAction.Reassigned],
        [HotlineAction.Sign] = [TicketAction.Signed],
        [HotlineAction.FirstContact] = [TicketAction.FirstContactRecorded],
        [HotlineAction.RequestReturn] = [TicketAction.ReturnRequested],
        [HotlineAction.SignOffReturn] = [TicketAction.ReturnRequested],
        [HotlineAction.ReviewReturn] = [TicketAction.ReturnApproved, TicketAction.ReturnRejected],
        [HotlineAction.DecideEscalatedReturn] = [TicketAction.ReturnApproved, TicketAction.ReturnRejected],
        [HotlineAction.RequestExtension] = [TicketAction.ExtensionRequested],
        [HotlineAction.SignOffExtension] = [TicketAction.ExtensionRequested],
        [HotlineAction.DecideExtension] = [TicketAction.ExtensionApproved, TicketAction.ExtensionDenied, TicketAction.ExtensionForwarded, TicketAction.ExtensionRequested],
        [HotlineAction.AddCoUnit] = [TicketAction.CoUnitAdded],
        [HotlineAction.GiveCoUnitOpinion] = [TicketAction.CoUnitOpinionGiven],
        [HotlineAction.Reply] = [TicketAction.Replied, TicketAction.InitialResponseGiven, TicketAction.ProgressReported, TicketAction.CountersignPartReplied],
        [HotlineAction.ReviewReply] = [TicketAction.ReplyAccepted, TicketAction.ReplySentBack],
        [HotlineAction.Revisit] = [TicketAction.Revisited],
        [HotlineAction.Redo] = [TicketAction.RedoOrdered, TicketAction.RevisitReviewExtended],
        [HotlineAction.ApplyForScreening] = [TicketAction.ScreeningApplied, TicketAction.ScreeningEvidenceSubmitted],
        [HotlineAction.DecideScreening] = [TicketAction.ScreeningDecided, TicketAction.ScreeningEvidenceRequested, TicketAction.PanelRuled],
        [HotlineAction.RequestTermination] = [TicketAction.TerminationRequested, TicketAction.Terminated],
        // Handling also awaits Terminated (a QU unit terminates itself, QU-TRM-1); only the centre's decision awaits a refusal.
        [HotlineAction.DecideTermination] = [TicketAction.TerminationRefused],
        [HotlineAction.Archive] = [TicketAction.Archived],
    };

    /// <summary>By the ticket's state alone (no workflow information).</summary>
    public static IReadOnlyList<HotlineAction> For(CurrentUser user, TicketState state) =>
        ByState.TryGetValue(state, out var actions) ? actions.Where(a => user.IsAllowed(a)).ToArray() : [];

    /// <summary>
    /// The forms whose steps the ticket's workflows wait for now (<paramref name="awaited"/>, the bookmarks' action names),
    /// narrowed by the state and the user's roles; forms that start workflows of their own stay offered by state.
    /// </summary>
    public static IReadOnlyList<HotlineAction> For(CurrentUser user, TicketState state, IReadOnlyCollection<string> awaited)
    {
        ArgumentNullException.ThrowIfNull(awaited);
        return For(user, state).Where(a => !Records.TryGetValue(a, out var steps) || steps.Any(s => awaited.Contains(s.ToString()))).ToArray();
    }
}
