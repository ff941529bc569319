using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    public DateTimeOffset? TerminationRequestedAt { get; private set => Set(ref field, value); }

    /// <summary>When handling of the caller's matter was terminated (终结办理); stays set after archiving.</summary>
    public DateTimeOffset? TerminatedAt { get; private set => Set(ref field, value); }

    /// <summary>
    /// The unit applies to terminate a malicious repeat caller's matter. HL: signed by the deputy leader, the centre
    /// approves (<see cref="ApproveTermination"/>). QU: the unit decides, so the ticket terminates at once.
    /// </summary>
    public TicketEvent RequestTermination(ActionContext context, TerminationApplication application)
    {
        var policy = context.Policy.Termination;
        var action = policy.Mode == TerminationMode.UnitDecides ? TicketAction.Terminated : TicketAction.TerminationRequested;
        if (TryReplay(context, action, out var replayed))
        {
            return replayed;
        }

        ArgumentNullException.ThrowIfNull(application);
        RequireRole(context, HotlineRole.UnitHandler, HotlineRole.UnitLeader);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        RequireAssignment(context, AssignmentRole.Lead);
        if (policy.Mode == TerminationMode.NotStated)
        {
            throw Refusal(context, ErrorCodes.TerminationNotProvided, $"{context.Policy.Code} provides no termination of handling.");
        }

        if (string.IsNullOrWhiteSpace(application.Facts) || string.IsNullOrWhiteSpace(application.Basis))
        {
            throw Refusal(context, ErrorCodes.TerminationOpinionMissing,
                "A termination rests on a written opinion: give the facts and the legal and policy basis.");
        }

        RequireLength(application.Facts, TextLimits.Long, "The facts");
        RequireLength(application.Basis, TextLimits.Long, "The basis");
        if (!Signs(application.SignedBy, policy.Signatory))
        {
            throw Refusal(context, ErrorCodes.TerminationSignatoryMissing, $"The application must be signed by the unit's {policy.Signatory}.");
        }

        if (policy.Mode == TerminationMode.UnitDecides)
        {
            Terminate(context.Now);
            return Record(context, TicketAction.Terminated, application.Facts, null, new { application.Basis, DecidedBy = "unit" },
                context.Policy.Cite("termination.unit-decides"));
        }

        TerminationRequestedAt = context.Now;
        return Record(context, TicketAction.TerminationRequested, application.Facts, null, new { application.Basis, application.SignedBy });
    }

    /// <summary>The centre approves a termination: the matter is no longer redispatched (HL-TRM-1 不再列入重新派单范围).</summary>
    public TicketEvent ApproveTermination(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.Terminated, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Reviewer);
        RequireState(context, TicketState.Dispatched, TicketState.Handling);
        if (TerminationRequestedAt is null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, $"Ticket {Number} has no termination application.");
        }

        Terminate(context.Now);
        return Record(context, TicketAction.Terminated, note, null, new { DecidedBy = "centre" }, context.Policy.Cite("termination.approval"));
    }

    private void Terminate(DateTimeOffset now)
    {
        StopAllClocks(now);
        State = TicketState.Terminated;
        TerminatedAt = now;
    }
}
