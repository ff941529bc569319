using Hotline.Application.Lifecycle;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Tickets;

/// <summary>A ticket as its page shows it: the request, the units, every clock, and the whole timeline.</summary>
public sealed record TicketView(
    string Number,
    string State,
    string Channel,
    string Category,
    string Urgency,
    string HandlingClass,
    string? Location,
    string Content,
    CallerView Caller,
    DateTimeOffset RegisteredAt,
    string? RedirectedTo,
    string? Resolution,
    string? Satisfaction,
    int RedoCount,
    bool CorruptionRelated,
    IReadOnlyList<AssignmentView> Units,
    IReadOnlyList<ClockView> Clocks,
    IReadOnlyList<EventView> Timeline,
    IReadOnlyList<AttachmentRef> Attachments,
    int Revision,
    string? WorkflowInstanceId,
    IReadOnlyList<TicketWorkflowView> Workflows,
    TicketRequestsView Requests)
{
    /// <summary>并单: the main ticket this one is merged into now, or null.</summary>
    public string? MergedInto { get; init; }

    /// <summary>并单: the duplicates merged into this ticket and not taken out again.</summary>
    public IReadOnlyList<string> MergedDuplicates { get; init; } = [];

    /// <summary>
    /// The view; <paramref name="workflows"/> are the ticket's instances, oldest first, so the first is its lifecycle
    /// (<see cref="WorkflowInstanceId"/>, which the page opens in Studio's instance viewer).
    /// </summary>
    public static TicketView From(Ticket ticket, WorkingDayCalendar calendar, DateTimeOffset now, IReadOnlyDictionary<Guid, string> unitNames,
        IReadOnlyList<TicketWorkflowView> workflows) => new(
        ticket.Number,
        ticket.State.ToString(),
        ticket.Channel,
        ticket.Category.ToString(),
        ticket.Urgency.ToString(),
        ticket.HandlingClass.ToString(),
        ticket.Location,
        ticket.Content,
        CallerView.Masked(ticket.Caller),
        ticket.RegisteredAt,
        ticket.RedirectedTo,
        ticket.Resolution?.ToString(),
        ticket.Satisfaction?.ToString(),
        ticket.RedoCount,
        ticket.CorruptionRelated,
        // In a fixed order: the collections come in the order they were added after an action, in the database's after a load.
        ticket.Assignments.OrderBy(a => a.ReceivedAt).ThenBy(a => a.Role).ThenBy(a => a.UnitId).Select(a => AssignmentView.From(a, unitNames)).ToList(),
        ticket.Clocks.OrderBy(c => c.StartedAt).ThenBy(c => c.Kind).ThenBy(c => c.Id).Select(c => ClockView.From(c, calendar, now, unitNames)).ToList(),
        ticket.Events.OrderBy(e => e.Sequence).Select(EventView.From).ToList(),
        ticket.Attachments,
        ticket.Revision,
        workflows.Count > 0 ? workflows[0].Id : null,
        workflows,
        TicketRequestsView.From(ticket, unitNames))
    {
        MergedInto = ticket.MergedInto,
        MergedDuplicates = ticket.MergedDuplicates(),
    };
}

/// <summary>The caller, masked (<c>138****5678</c>); the unmasked values come from the audited caller endpoint only.</summary>
public sealed record CallerView(string? Name, string? Phone, string? Address, bool ConcealedIdentity, bool DeclinedReply)
{
    public static CallerView Masked(Caller caller) => new(
        PersonalData.Mask(PersonalDataField.Name, caller.Name),
        PersonalData.Mask(PersonalDataField.Phone, caller.Phone),
        PersonalData.Mask(PersonalDataField.Address, caller.Address),
        caller.ConcealedIdentity,
        caller.DeclinedReply);
}

public sealed record AssignmentView(Guid UnitId, string UnitName, string Role, bool Active, DateTimeOffset ReceivedAt, DateTimeOffset? SignedAt, bool DeemedSigned)
{
    public static AssignmentView From(UnitAssignment assignment, IReadOnlyDictionary<Guid, string> unitNames) => new(
        assignment.UnitId,
        unitNames.GetValueOrDefault(assignment.UnitId, assignment.UnitId.ToString()),
        assignment.Role.ToString(),
        assignment.IsActive,
        assignment.ReceivedAt,
        assignment.SignedAt,
        assignment.DeemedSigned);
}

/// <summary>
/// One deadline clock with what a person needs to act on it: due time, remaining working time (negative when
/// late) and a traffic light — <c>normal</c>, <c>warning</c> (past the warning point) or <c>overdue</c>.
/// </summary>
public sealed record ClockView(
    Guid Id,
    string Kind,
    string? UnitName,
    DateTimeOffset StartedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? WarningAt,
    DateTimeOffset? StoppedAt,
    bool Running,
    bool Overdue,
    TimeSpan? RemainingWorkingTime,
    string Light,
    string? RuleId)
{
    public static ClockView From(DeadlineClock clock, WorkingDayCalendar calendar, DateTimeOffset now, IReadOnlyDictionary<Guid, string> unitNames)
    {
        var overdue = clock.Overdue || (clock.IsRunning && clock.IsPastDue(now));
        var light = overdue ? "overdue" : clock.IsRunning && clock.WarningAt is { } warning && now >= warning ? "warning" : "normal";
        return new ClockView(
            clock.Id,
            clock.Kind.ToString(),
            clock.UnitId is { } unit ? unitNames.GetValueOrDefault(unit) : null,
            // In UTC, as the database gives them back: the calendar reckons due and warning times at +08:00.
            clock.StartedAt.ToUniversalTime(),
            clock.DueAt.ToUniversalTime(),
            clock.WarningAt?.ToUniversalTime(),
            clock.StoppedAt?.ToUniversalTime(),
            clock.IsRunning,
            overdue,
            clock.IsRunning ? calendar.RemainingWorkingTime(now, clock.DueAt) : null,
            light,
            clock.RuleId);
    }
}

/// <summary>One timeline entry; <see cref="Attachments"/> are the files the action cited (downloadable by the ticket's readers).</summary>
public sealed record EventView(int Sequence, string Action, string ActorId, string Role, Guid? UnitId, DateTimeOffset At, string? Reason, string? RuleIds, string? Data,
    IReadOnlyList<AttachmentRef> Attachments)
{
    public static EventView From(TicketEvent e) =>
        new(e.Sequence, e.Action.ToString(), e.ActorId, e.Role?.ToString() ?? "System", e.UnitId, e.At, e.Reason, e.RuleIds, e.DataJson, e.Attachments);
}

/// <summary>A row of a list or queue: no personal data beyond the masked phone.</summary>
public sealed record TicketSummary(
    string Number,
    string State,
    string Category,
    string Urgency,
    string CallerPhone,
    string ContentPreview,
    string? LeadUnit,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? NextDueAt,
    string Light);

/// <summary>
/// A page of results. <see cref="TotalCount"/> counts every match up to <see cref="TicketSearch.CountLimit"/>; when more
/// match, it is that limit and <see cref="TotalCapped"/> is true.
/// </summary>
public sealed record TicketPage(IReadOnlyList<TicketSummary> Items, int TotalCount, int Page, int PageSize, bool TotalCapped = false);
