using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Screening;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>甄别 / 申诉 application, within the window and cut-off (QU-SCR-1/2) or on a listed ground (HK-SCR-1).</summary>
    public TicketEvent ApplyForScreening(ActionContext context, ScreeningApplication application)
    {
        if (TryReplay(context, TicketAction.ScreeningApplied, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(application);
        var screening = context.Policy.Screening;
        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        if (LapsedOn(DeadlineKind.ScreeningWindow))
        {
            throw Refusal(context, ErrorCodes.ScreeningWindowClosed,
                $"The screening window lapsed and ticket {Number} was archived as dissatisfied; no application is taken after that.");
        }

        RequireState(context, TicketState.Dissatisfied);
        var lead = RequireAssignment(context, AssignmentRole.Lead);
        if (screening.Procedure == DissatisfactionProcedure.None)
        {
            throw Refusal(context, ErrorCodes.ScreeningNotProvided, $"{context.Policy.Code} has no screening or appeal procedure.");
        }

        RequireText(context, application.Explanation, "the explanation");
        if (application.Evidence is not { Count: > 0 })
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Attach the evidence (佐证资料).");
        }

        if (screening.Procedure == DissatisfactionProcedure.Screening
            && Clock(DeadlineKind.ScreeningWindow, lead.UnitId) is { } window && window.IsPastDue(context.Now))
        {
            throw Refusal(context, ErrorCodes.ScreeningWindowClosed, $"The screening window closed at {window.DueAt:yyyy-MM-dd HH:mm}.");
        }

        if (screening.AppealGrounds.Count > 0 && (application.Ground is null || !screening.AppealGrounds.Contains(application.Ground)))
        {
            throw Refusal(context, ErrorCodes.ScreeningGroundUnknown, $"Cite one of the grounds: {string.Join(", ", screening.AppealGrounds)}.");
        }

        if (!Signs(application.SignedBy, screening.Signatory))
        {
            throw Refusal(context, ErrorCodes.ScreeningSignatoryMissing, $"The unit's {screening.Signatory} must check the application.");
        }

        StopClock(DeadlineKind.ScreeningWindow, context.Now);
        if (screening.InitialReviewLimit is { } review)
        {
            StartClock(context, DeadlineKind.ScreeningReview, null, context.Now, review, null);
        }

        State = TicketState.Screening;
        return Record(context, TicketAction.ScreeningApplied, application.Explanation, application.Evidence,
            new { screening.Procedure, application.Ground, application.SignedBy });
    }

    /// <summary>The centre asks for more evidence, due in the profile's evidence window (QU-SCR-4: 24 working hours, CC-5).</summary>
    public TicketEvent RequestScreeningEvidence(ActionContext context, string what)
    {
        if (TryReplay(context, TicketAction.ScreeningEvidenceRequested, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Screening);
        RequireText(context, what, "what evidence is needed");
        if (context.Policy.Screening.EvidenceWindow is { } window)
        {
            StartClock(context, DeadlineKind.Evidence, Lead?.UnitId, context.Now, window, context.Policy.FirstCite("screening.evidence-window-closed"));
        }

        return Record(context, TicketAction.ScreeningEvidenceRequested, what, null, null);
    }

    /// <summary>The unit submits the evidence asked for, inside the evidence window.</summary>
    public TicketEvent SubmitScreeningEvidence(ActionContext context, string note, IReadOnlyList<AttachmentRef> evidence)
    {
        if (TryReplay(context, TicketAction.ScreeningEvidenceSubmitted, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        if (LapsedOn(DeadlineKind.Evidence))
        {
            throw Refusal(context, ErrorCodes.ScreeningEvidenceWindowClosed,
                $"The evidence was not given in time and ticket {Number} was archived as dissatisfied.");
        }

        RequireState(context, TicketState.Screening);
        var lead = RequireAssignment(context, AssignmentRole.Lead);
        var clock = Clock(DeadlineKind.Evidence, lead.UnitId)
            ?? throw new TicketRuleViolation(ErrorCodes.InvalidState, "No evidence was asked for.");
        if (clock.IsPastDue(context.Now))
        {
            throw Refusal(context, ErrorCodes.ScreeningEvidenceWindowClosed, $"The evidence was due at {clock.DueAt:yyyy-MM-dd HH:mm}.");
        }

        if (evidence is not { Count: > 0 })
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Attach the evidence.");
        }

        clock.Stop(context.Now);
        return Record(context, TicketAction.ScreeningEvidenceSubmitted, note, evidence, null);
    }

    /// <summary>
    /// The centre's decision. QU's county review is an initial review that forwards to the city (A-18); an approved
    /// HK appeal is archived as 不计入满意度统计 (HK-SCR-1).
    /// </summary>
    public TicketEvent DecideScreening(ActionContext context, bool upheld, string reason)
    {
        if (TryReplay(context, TicketAction.ScreeningDecided, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Screening);
        RequireText(context, reason, "the reason for the decision");
        var screening = context.Policy.Screening;
        StopClock(DeadlineKind.ScreeningReview, context.Now);
        StopClock(DeadlineKind.Evidence, context.Now);
        ExcludedFromSatisfaction = upheld && screening.ApprovalExcludesFromSatisfaction;
        State = TicketState.Closed;
        return Record(context, TicketAction.ScreeningDecided, reason, null,
            new { upheld, ExcludedFromSatisfaction, ForwardedToCity = upheld && screening.Procedure == DissatisfactionProcedure.Screening },
            ExcludedFromSatisfaction ? context.Policy.Cite("screening.excluded") : null);
    }

    /// <summary>
    /// HK-SCR-2 第三方评价会: a reasonable request goes back to the unit to be solved by the panel's deadline; an
    /// unreasonable one leaves the unit free to appeal (HK-SCR-1).
    /// </summary>
    public TicketEvent RecordPanelRuling(ActionContext context, bool reasonable, string reason, DateTimeOffset? resolveBy = null)
    {
        if (TryReplay(context, TicketAction.PanelRuled, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Dissatisfied);
        RequireText(context, reason, "the panel's reasoning");
        if (!context.Policy.Screening.ThirdPartyPanel)
        {
            throw Refusal(context, ErrorCodes.PanelNotProvided, $"{context.Policy.Code} has no third-party panel.");
        }

        if (reasonable && (resolveBy is not { } by || by <= context.Now))
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "A reasonable request needs the future deadline by which the unit solves it.");
        }

        if (reasonable)
        {
            RedoCount++;
            State = TicketState.Handling;
            StartClock(DeadlineKind.Redo, Lead!.UnitId, context.Now, resolveBy!.Value, context.Policy.FirstCite("screening.panel"));
        }

        var ruled = Record(context, TicketAction.PanelRuled, reason, null, new { reasonable, resolveBy }, context.Policy.Cite("screening.panel"));
        if (reasonable)
        {
            Record(context, TicketAction.HandlingContinues, null, null, new { resolveBy }, context.Policy.Cite("screening.panel"), keySuffix: "handling");
        }

        return ruled;
    }

    /// <summary>The last panel ruling found the request unreasonable (HK-SCR-2): the unit may appeal, or the centre archives.</summary>
    public bool PanelFoundUnreasonable =>
        State == TicketState.Dissatisfied
        && _events.LastOrDefault(e => e.Action == TicketAction.PanelRuled) is { } ruling
        && ruling.Sequence > (_events.LastOrDefault(e => e.Action == TicketAction.Revisited)?.Sequence ?? 0)
        && ruling.Data<PanelRulingData>() is { Reasonable: false };

    private sealed record PanelRulingData(bool Reasonable);

    /// <summary>QU-SCR-2/4: no application or no evidence in time ⇒ archived as dissatisfied by the centre.</summary>
    private TicketEvent LapseScreening(ActionContext context, DeadlineClock clock)
    {
        clock.MarkOverdue();
        StopAllClocks(context.Now);
        State = TicketState.Archived;
        var code = clock.Kind == DeadlineKind.Evidence ? ErrorCodes.ScreeningEvidenceWindowClosed : "screening.deemed-dissatisfied";
        return Record(context, TicketAction.ScreeningLapsed, "视为不满意办件归档", null, new { clock.Kind, clock.DueAt }, context.Policy.Cite(code));
    }
}
