using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// A ticket as its page (工单详情) reads it, through the host's ticket reader (same visibility as
/// <c>GET /api/tickets/{number}</c>) and its audited caller reveal. Implemented by the host, which owns both.
/// </summary>
public interface ITicketReader
{
    /// <summary>The ticket of the user's tenant, or null when there is none or it is not theirs to see.</summary>
    Task<TicketSheet?> ReadAsync(CurrentUser user, string number, CancellationToken cancellationToken);

    /// <summary>
    /// One caller field unmasked; the read is recorded (<see cref="PersonalDataAccess"/>) before the value is returned.
    /// Null when the ticket is not the user's to see.
    /// </summary>
    /// <exception cref="PersonalDataAccessDeniedException">The user's roles may not see this field.</exception>
    Task<string?> RevealCallerAsync(CurrentUser user, string number, PersonalDataField field, string purpose, CancellationToken cancellationToken);
}

/// <summary>Everything the ticket page shows. The caller is masked; the unmasked values come only from the reveal.</summary>
public sealed record TicketSheet(
    string Number,
    TicketState State,
    string Channel,
    TicketCategory Category,
    string Urgency,
    string HandlingClass,
    string? Location,
    string Content,
    CallerSheet Caller,
    DateTimeOffset RegisteredAt,
    string? RedirectedTo,
    string? Resolution,
    string? Satisfaction,
    int RedoCount,
    IReadOnlyList<UnitLine> Units,
    IReadOnlyList<ClockLine> Clocks,
    IReadOnlyList<TimelineEntry> Timeline,
    int Revision,
    string? WorkflowInstanceId)
{
    /// <summary>The unit handling the ticket now, as <see cref="PersonalDataSubject.HandlingUnitCode"/> names it.</summary>
    public string? LeadUnitCode => Units.FirstOrDefault(u => u.Active && u.Role == "Lead")?.UnitId.ToString();
}

public sealed record CallerSheet(string? Name, string? Phone, string? Address, bool ConcealedIdentity, bool DeclinedReply);

public sealed record UnitLine(Guid UnitId, string UnitName, string Role, bool Active, DateTimeOffset ReceivedAt, DateTimeOffset? SignedAt, bool DeemedSigned);

/// <summary>A deadline clock with its due time, working time left (negative when late) and light.</summary>
public sealed record ClockLine(
    string Kind,
    string? UnitName,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? StoppedAt,
    bool Running,
    bool Overdue,
    TimeSpan? RemainingWorkingTime,
    DeadlineLight Light,
    string? RuleId);

/// <summary>
/// One event of the ticket's history: what happened, who did it (the user's display name when the actor is a user
/// of the tenant, else the recorded id, e.g. a system's) in which role, when and why.
/// </summary>
public sealed record TimelineEntry(int Sequence, string Action, string ActorId, string Actor, string Role, string? UnitName, DateTimeOffset At, string? Reason, string? RuleIds, string? Data);
