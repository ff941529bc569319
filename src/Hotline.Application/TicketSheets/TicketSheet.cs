using Hotline.Application.Queues;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

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
    /// <summary>The actions (<c>TicketAction</c> names) the ticket's workflows wait for now; the page offers only these.</summary>
    public IReadOnlyList<string> Awaits { get; init; } = [];

    /// <summary>并单: the main ticket this one is merged into now, or null.</summary>
    public string? MergedInto { get; init; }

    /// <summary>并单: the duplicates merged into this ticket.</summary>
    public IReadOnlyList<string> MergedDuplicates { get; init; } = [];

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
public sealed record TimelineEntry(int Sequence, string Action, string ActorId, string Actor, string Role, string? UnitName, DateTimeOffset At, string? Reason, string? RuleIds, string? Data)
{
    /// <summary>The files this action cited.</summary>
    public IReadOnlyList<AttachmentRef> Attachments { get; init; } = [];
}
