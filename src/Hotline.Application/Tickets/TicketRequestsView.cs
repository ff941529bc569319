using Hotline.Tickets.Extensions;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Tickets;

/// <summary>
/// What a ticket waits on besides its clocks: the open return, extension and termination applications, what the caller
/// was told about each extension (HSB-EXT-2), the terminated matter a repeat call belongs to (HL-TRM-1, QU-TRM-2), and
/// the actions the ticket's workflows wait for now (<see cref="AwaitedActions"/>: any other action is refused with 409
/// <c>workflow.step-not-expected</c>).
/// </summary>
public sealed record TicketRequestsView(
    OpenReturnView? OpenReturn,
    OpenExtensionView? OpenExtension,
    DateTimeOffset? TerminationRequestedAt,
    IReadOnlyList<CallerNoticeView> CallerNotices,
    TerminatedMatterView? TerminatedMatter)
{
    public IReadOnlyList<string> AwaitedActions { get; init; } = [];

    public static TicketRequestsView From(Ticket ticket, IReadOnlyDictionary<Guid, string> unitNames)
    {
        ArgumentNullException.ThrowIfNull(ticket);
        return new(
            ticket.PendingReturn is { } r
                ? new OpenReturnView(r.Id, unitNames.GetValueOrDefault(r.UnitId, r.UnitId.ToString()), r.Reason.ToString(), r.Explanation, r.Basis, r.SuggestedUnit, r.RequestedAt, r.Late, r.Escalated)
                : null,
            ticket.PendingExtension is { } e
                ? new OpenExtensionView(e.Id, unitNames.GetValueOrDefault(e.UnitId, e.UnitId.ToString()), e.WorkingDays, e.Reason, e.OverrideReason, e.RequestedAt, ticket.PendingExtensionForwardedAt)
                : null,
            ticket.TerminationRequestedAt,
            ticket.Extensions.Where(x => x.CallerNotified).Select(CallerNoticeView.From).ToList(),
            ticket.RepeatOf is { } earlier && ticket.MatterTerminated ? new TerminatedMatterView(earlier, $"/api/tickets/{earlier}") : null);
    }
}

public sealed record OpenReturnView(Guid Id, string Unit, string Reason, string Explanation, string? Basis, string? SuggestedUnit, DateTimeOffset RequestedAt, bool Late, bool Escalated);

/// <summary>A pending extension; <see cref="ForwardedAt"/> is when the county forwarded it to the city centre (QU-EXT-4).</summary>
public sealed record OpenExtensionView(Guid Id, string Unit, int WorkingDays, string Reason, string? OverrideReason, DateTimeOffset RequestedAt, DateTimeOffset? ForwardedAt);

/// <summary>The unit's record that the caller was told the reason and the promised time of an extension (HSB-EXT-2).</summary>
public sealed record CallerNoticeView(Guid ExtensionId, DateTimeOffset RecordedAt, string Reason, string Status, DateTimeOffset? PromisedBy)
{
    public static CallerNoticeView From(ExtensionRequest request) =>
        new(request.Id, request.RequestedAt, request.Reason, request.Status.ToString(), request.NewDueAt);
}

/// <summary>The earlier ticket whose matter was terminated; this repeat call is not dispatched again.</summary>
public sealed record TerminatedMatterView(string Number, string Href);
