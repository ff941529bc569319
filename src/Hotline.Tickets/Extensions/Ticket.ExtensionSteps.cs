using Hotline.Tickets.Access;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Problems;

namespace Hotline.Tickets.Tickets;

public sealed partial class Ticket
{
    /// <summary>When the county centre forwarded the pending extension to the city centre (QU-EXT-4); null when not.</summary>
    public DateTimeOffset? PendingExtensionForwardedAt =>
        PendingExtension is { } pending
            ? _events.LastOrDefault(e => e.Action == TicketAction.ExtensionForwarded && e.At >= pending.RequestedAt)?.At
            : null;

    /// <summary>
    /// 转报市中心: where the city centre decides extensions (QU-EXT-4), the county reviewer forwards the unit's application
    /// as a step of its own; only then may the city's consent be recorded (<see cref="ApproveExtension"/>).
    /// </summary>
    public TicketEvent ForwardExtension(ActionContext context, string? note = null)
    {
        if (TryReplay(context, TicketAction.ExtensionForwarded, out var replayed))
        {
            return replayed;
        }

        var request = RequirePendingExtension(context);
        var policy = context.Policy.Extensions;
        if (!policy.ForwardedToCity)
        {
            throw Refusal(context, ErrorCodes.ExtensionNotForwardable, $"{context.Policy.Code} extensions are decided by the {policy.Approver ?? "centre"} itself; nothing is forwarded.");
        }

        if (PendingExtensionForwardedAt is not null)
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState, "This extension application was already forwarded to the city centre.",
                context.Policy.Cite(ErrorCodes.ExtensionNotForwarded));
        }

        RequireLength(note, Problems.TextLimits.Long, "the note");
        return Record(context, TicketAction.ExtensionForwarded, note, null, new { request.Id, To = policy.Approver },
            context.Policy.Cite(ErrorCodes.ExtensionNotForwarded));
    }

    /// <summary>
    /// A centre reviewer's extension where the profile's refusal holds only 「原则上」 (QU-EXT-3, A-15; A-24): the reviewer
    /// applies on the unit's behalf and must record why.
    /// </summary>
    public TicketEvent OverrideExtension(ActionContext context, ExtensionApplication application)
    {
        ArgumentNullException.ThrowIfNull(application);
        ArgumentNullException.ThrowIfNull(context);
        if (!TryReplay(context, TicketAction.ExtensionRequested, out _))
        {
            RequireRole(context, HotlineRole.Reviewer);
            if (!context.Policy.Extensions.ReviewerMayOverride)
            {
                throw Refusal(context, ErrorCodes.ExtensionOverrideNotProvided,
                    $"{context.Policy.Code} gives the centre no override of its extension limits; the unit applies itself.");
            }

            if (string.IsNullOrWhiteSpace(application.OverrideReason))
            {
                throw new TicketRuleViolation(ErrorCodes.InputMissing, "Give the reason for overriding the extension limits (overrideReason).",
                    context.Policy.Cite(ErrorCodes.ExtensionNotExtendable));
            }
        }

        return RequestExtension(context, application);
    }

    /// <summary>Where the city centre decides, its consent is recorded only after the county forwarded the application.</summary>
    private void RequireForwardedWhereTheCityDecides(ActionContext context)
    {
        if (context.Policy.Extensions.ForwardedToCity && PendingExtensionForwardedAt is null)
        {
            throw Refusal(context, ErrorCodes.ExtensionNotForwarded,
                $"Forward the application to the {context.Policy.Extensions.Approver} first; only its consent creates an extension.");
        }
    }
}
