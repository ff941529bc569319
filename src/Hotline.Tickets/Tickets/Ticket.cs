using System.Collections.ObjectModel;
using System.Text.Json;
using Hotline.Tickets.Access;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;

namespace Hotline.Tickets.Tickets;

/// <summary>Which desk answers a ticket.</summary>
public enum TicketQueue
{
    /// <summary>The county/district centre (中心 / 分中心).</summary>
    Centre,

    /// <summary>区政府办公室: channels HSB-GEN-2 routes away from the sub-centre.</summary>
    GovernmentOffice,
}

/// <summary>
/// What the centre records when it takes a call (受理登记). <see cref="RepeatOf"/> names an earlier ticket of the same
/// caller about the same matter, so a terminated matter is not taken or dispatched again (QU-TRM-2, HL-TRM-1).
/// <see cref="LocalGovernmentReport"/> is the centre's report of a special item to the local government (QU-URG-1).
/// </summary>
public sealed record TicketIntake(
    string Channel,
    Caller Caller,
    TicketCategory Category,
    string Content,
    TicketUrgency Urgency = TicketUrgency.Normal,
    string? Location = null,
    IReadOnlyList<AttachmentRef>? Attachments = null,
    bool CorruptionRelated = false,
    string? RepeatOf = null,
    string? LocalGovernmentReport = null);

/// <summary>
/// A ticket (工单): one citizen request as it moves through the hotline. It holds its own invariants: every
/// action checks state, role and the tenant's policy, refuses with a <see cref="TicketRuleViolation"/> before
/// changing anything, records one entry in the append-only <see cref="Events"/>, and replays instead of
/// re-applying when its idempotency key was seen before. Capabilities live in partial files by folder
/// (Dispatch/, Returns/, Extensions/, Replies/ …).
/// </summary>
public sealed partial class Ticket : NotifyingEntity
{
    private readonly ObservableCollection<TicketEvent> _events = [];
    private readonly ObservableCollection<DeadlineClock> _clocks = [];
    private readonly ObservableCollection<UnitAssignment> _assignments = [];
    private readonly ObservableCollection<ReturnRequest> _returns = [];
    private readonly ObservableCollection<ExtensionRequest> _extensions = [];

    private Ticket()
    {
    }

    public Guid Id { get; private set => Set(ref field, value); }
    public string TenantId { get; private set => Set(ref field, value); } = "";

    /// <summary>Readable and sequential per tenant and day, e.g. <c>HSB-20260105-0001</c>.</summary>
    public string Number { get; private set => Set(ref field, value); } = "";
    public string Channel { get; private set => Set(ref field, value); } = "";
    public TicketQueue Queue { get; private set => Set(ref field, value); }
    public Caller Caller { get; private set => Set(ref field, value); } = null!;
    public TicketCategory Category { get; private set => Set(ref field, value); }
    public TicketUrgency Urgency { get; private set => Set(ref field, value); }
    public HandlingClass HandlingClass { get; private set => Set(ref field, value); }
    public string? Location { get; private set => Set(ref field, value); }
    public string Content { get; private set => Set(ref field, value); } = "";
    public string? AttachmentsJson { get; private set => Set(ref field, value); }

    /// <summary>群众身边的腐败和不正之风, or shirking by a unit (HSB-DSC-1).</summary>
    public bool CorruptionRelated { get; private set => Set(ref field, value); }
    public TicketState State { get; private set => Set(ref field, value); }
    public DateTimeOffset RegisteredAt { get; private set => Set(ref field, value); }
    public string? RedirectedTo { get; private set => Set(ref field, value); }

    /// <summary>The earlier ticket about the same matter, by number.</summary>
    public string? RepeatOf { get; private set => Set(ref field, value); }

    /// <summary>The matter was terminated on an earlier ticket and is not dispatched again (HL-TRM-1).</summary>
    public bool MatterTerminated { get; private set => Set(ref field, value); }
    public ResolutionType? Resolution { get; private set => Set(ref field, value); }
    public SatisfactionRating? Satisfaction { get; private set => Set(ref field, value); }

    /// <summary>重办 count: send-backs after review and redos after a dissatisfied revisit.</summary>
    public int RedoCount { get; private set => Set(ref field, value); }

    /// <summary>不计入满意度统计 (HK-SCR-1).</summary>
    public bool ExcludedFromSatisfaction { get; private set => Set(ref field, value); }

    /// <summary>A late return counted as an overdue case (QU-RT-2).</summary>
    public bool LateReturnCounted { get; private set => Set(ref field, value); }

    /// <summary>Concurrency token: raised by every action; a save with a stale revision is a conflict.</summary>
    public int Revision { get; private set => Set(ref field, value); }

    public IReadOnlyList<TicketEvent> Events => _events;
    public IReadOnlyList<DeadlineClock> Clocks => _clocks;
    public IReadOnlyList<UnitAssignment> Assignments => _assignments;
    public IReadOnlyList<ReturnRequest> Returns => _returns;
    public IReadOnlyList<ExtensionRequest> Extensions => _extensions;

    public IReadOnlyList<AttachmentRef> Attachments => AttachmentsJson is null
        ? []
        : JsonSerializer.Deserialize<List<AttachmentRef>>(AttachmentsJson, TicketEvent.DataOptions) ?? [];

    /// <summary>The unit that owns the ticket now (承办 / 主办).</summary>
    public UnitAssignment? Lead => _assignments.FirstOrDefault(a => a.IsActive && a.Role == AssignmentRole.Lead);

    public IEnumerable<UnitAssignment> CoUnits => _assignments.Where(a => a.IsActive && a.Role == AssignmentRole.CoUnit);

    public DeadlineClock? Clock(DeadlineKind kind, Guid? unitId = null) =>
        _clocks.LastOrDefault(c => c.Kind == kind && c.IsRunning && (unitId is null || c.UnitId == unitId));

    /// <summary>受理: the centre records a request. The number comes from the store's per-tenant sequence.</summary>
    public static Ticket Register(ActionContext context, string tenantId, string number, TicketIntake intake, Ticket? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(intake);
        var policy = context.Policy;
        RequireRole(context, HotlineRole.Dispatcher);
        if (string.IsNullOrWhiteSpace(intake.Content) || string.IsNullOrWhiteSpace(intake.Channel) || intake.Caller is null)
        {
            throw Refusal(context, ErrorCodes.InputMissing,
                "A ticket needs a channel, the caller (empty fields when concealed) and the content of the request.");
        }

        RequireLength(intake.Channel, TextLimits.Code, "The channel");
        RequireLength(intake.Caller.Name, TextLimits.Name, "The caller's name");
        RequireLength(intake.Caller.Phone, TextLimits.Phone, "The caller's phone");
        if (!Caller.IsPhone(intake.Caller.Phone))
        {
            throw new TicketRuleViolation(ErrorCodes.CallerPhoneInvalid,
                $"caller.phone is digits with + - ( ) and spaces, {Caller.MinPhoneDigits} to {Caller.MaxPhoneDigits} digits.");
        }
        RequireLength(intake.Caller.Address, TextLimits.Address, "The caller's address");
        RequireLength(intake.RepeatOf, TextLimits.Number, "The earlier ticket's number");

        if (policy.Intake.Categories.Count > 0 && !policy.Intake.Categories.Contains(intake.Category))
        {
            throw Refusal(context, ErrorCodes.CategoryOutOfScope,
                $"{policy.Code} does not accept the category {intake.Category}; accepted: {string.Join(", ", policy.Intake.Categories)}.");
        }

        if (earlier is not null && earlier.Number != intake.RepeatOf)
        {
            throw new ArgumentException("The earlier ticket must be the one the intake names.", nameof(earlier));
        }

        var matterTerminated = earlier?.TerminatedAt is not null;
        if (matterTerminated && policy.Termination.Mode == TerminationMode.UnitDecides)
        {
            throw Refusal(context, ErrorCodes.TerminatedMatter,
                $"Handling of this matter was terminated on ticket {earlier!.Number}; the same caller's same matter is not accepted again.");
        }

        var ticket = new Ticket
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Number = number,
            Channel = intake.Channel,
            Queue = policy.Intake.GovernmentOfficeChannels.Contains(intake.Channel) ? TicketQueue.GovernmentOffice : TicketQueue.Centre,
            Caller = intake.Caller,
            Category = intake.Category,
            Urgency = intake.Urgency,
            Location = intake.Location,
            Content = intake.Content,
            AttachmentsJson = intake.Attachments is { Count: > 0 } ? JsonSerializer.Serialize(intake.Attachments, TicketEvent.DataOptions) : null,
            CorruptionRelated = intake.CorruptionRelated,
            RepeatOf = intake.RepeatOf,
            MatterTerminated = matterTerminated,
            State = TicketState.Registered,
            RegisteredAt = context.Now,
        };
        if (policy.Dispatch.Limit is { } dispatchLimit)
        {
            ticket.StartClock(context, DeadlineKind.Dispatch, null, context.Now, dispatchLimit, policy.FirstCite("dispatch.late"));
        }

        ticket.Record(context, TicketAction.Registered, null, intake.Attachments,
            new { intake.Channel, intake.Category, intake.Urgency, ticket.Queue });
        ticket.RecordLocalGovernmentReport(context, intake.LocalGovernmentReport);
        return ticket;
    }

    internal void AssignNumber(string number)
    {
        if (Number.Length > 0)
        {
            throw new InvalidOperationException($"Ticket {Number} already has a number.");
        }

        Number = number;
    }

    /// <summary>不予受理: out of scope; the dispatcher cites a ground of the tenant's list and explains the right channel.</summary>
    public TicketEvent Reject(ActionContext context, string ground, string explanation)
    {
        if (TryReplay(context, TicketAction.Rejected, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, TicketState.Registered);
        RequireText(context, explanation, "the explanation given to the caller");
        var grounds = context.Policy.Intake.ExclusionGrounds;
        if (grounds.Count > 0 && !grounds.Contains(ground))
        {
            throw Refusal(context, ErrorCodes.ExclusionGroundUnknown,
                $"'{ground}' is not a ground for rejection under {context.Policy.Code}; use one of: {string.Join(", ", grounds)}.");
        }

        StopAllClocks(context.Now);
        State = TicketState.Rejected;
        return Record(context, TicketAction.Rejected, explanation, null, new { ground });
    }

    /// <summary>即时转至 110/119/120/122 (HSB-EMG-1; QU-EMG-1 guides the caller). No unit, no handling clock (§5.7).</summary>
    public TicketEvent RedirectEmergency(ActionContext context, string line, bool fireHazard = false)
    {
        if (TryReplay(context, TicketAction.EmergencyRedirected, out var replayed))
        {
            return replayed;
        }

        RequireRole(context, HotlineRole.Dispatcher);
        RequireState(context, TicketState.Registered);
        var emergency = context.Policy.Emergency;
        if (!emergency.Lines.Contains(line) || (fireHazard && emergency.FireHazardLine is { } fireLine && line != fireLine))
        {
            var expected = fireHazard && emergency.FireHazardLine is not null ? emergency.FireHazardLine : string.Join("/", emergency.Lines);
            throw Refusal(context, ErrorCodes.EmergencyLineUnknown, $"'{line}' is not the emergency line for this request; use {expected}.");
        }

        StopAllClocks(context.Now);
        State = TicketState.Redirected;
        RedirectedTo = line;
        return Record(context, TicketAction.EmergencyRedirected, null, null,
            new { line, emergency.Handling }, context.Policy.Cite("emergency.redirect"));
    }

    /// <summary>
    /// A clock reached its deadline (called by the timer). Marks it overdue and applies what the policy attaches to
    /// it: deemed acceptance (HL-SGN-2), deemed dissatisfied when screening lapses (QU-SCR-2/4). Returns
    /// <c>null</c> when the clock had already stopped, so a late or repeated timer is harmless.
    /// </summary>
    public TicketEvent? DeadlineReached(ActionContext context, Guid clockId)
    {
        if (!context.Actor.IsSystem)
        {
            throw new TicketRuleViolation(ErrorCodes.RoleNotAllowed, "Only the product's own timers report a reached deadline.");
        }

        if (_events.FirstOrDefault(e => e.IdempotencyKey == context.IdempotencyKey) is { } seen)
        {
            return seen;
        }

        var clock = _clocks.FirstOrDefault(c => c.Id == clockId);
        // Timers fire just after DueAt: an action at DueAt itself is on time (CC-7).
        if (clock is null || !clock.IsRunning || clock.Overdue || !clock.IsPastDue(context.Now))
        {
            return null;
        }

        switch (clock.Kind)
        {
            case DeadlineKind.Sign when context.Policy.Signing.DeemedSignedWhenLate:
                return DeemSigned(context, clock);
            case DeadlineKind.ScreeningWindow or DeadlineKind.Evidence:
                return LapseScreening(context, clock);
            default:
                clock.MarkOverdue();
                var reached = Record(context, TicketAction.DeadlineReached, null, null, new { clockId, clock.Kind, clock.DueAt, clock.UnitId },
                    clock.RuleId is null ? null : [clock.RuleId], concernsUnit: clock.UnitId);
                if (clock.Kind is DeadlineKind.Handle or DeadlineKind.Redo && context.Policy.Supervision.NoticeWhenOverdue)
                {
                    Record(context, TicketAction.Supervised, "超期未处理，督办催办", null, new { Form = "Online", Grounds = new[] { "overdueUnprocessed" }, clock.UnitId, LateCoUnits = LateCoUnits(context.Now) },
                        context.Policy.Cite("supervision.overdue-notice"), keySuffix: "notice", concernsUnit: clock.UnitId);
                }

                return reached;
        }
    }

    // ---- shared guards and bookkeeping -------------------------------------------------------------------

    internal static TicketRuleViolation Refusal(ActionContext context, string code, string message) =>
        new(code, message, context.Policy.Cite(code));

    internal static void RequireRole(ActionContext context, params HotlineRole[] roles)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Actor.Role is not { } role || !roles.Contains(role))
        {
            throw new TicketRuleViolation(ErrorCodes.RoleNotAllowed,
                $"This action is for {string.Join(" or ", roles)}; {context.Actor.UserId} acts as {context.Actor.Role?.ToString() ?? "the system"}.");
        }
    }

    internal void RequireState(ActionContext context, params TicketState[] states)
    {
        if (!states.Contains(State))
        {
            throw new TicketRuleViolation(ErrorCodes.InvalidState,
                $"Ticket {Number} is {State}; this action needs {string.Join(" or ", states)}.", RulesThatClosedIt());
        }
    }

    internal static void RequireText(ActionContext context, string? value, string what, int maxLength = TextLimits.Long)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, $"Give {what}.");
        }

        RequireLength(value, maxLength, what);
    }

    internal static void RequireLength(string? value, int maxLength, string what)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            throw new TicketRuleViolation(ErrorCodes.InputTooLong, $"{what} has {length} characters; at most {maxLength} are stored.");
        }
    }

    /// <summary>The actor's active assignment; unit roles act only for their own unit.</summary>
    internal UnitAssignment RequireAssignment(ActionContext context, params AssignmentRole[] roles)
    {
        var unitId = context.Actor.UnitId;
        return _assignments.FirstOrDefault(a => a.IsActive && a.UnitId == unitId && roles.Contains(a.Role))
            ?? throw new TicketRuleViolation(ErrorCodes.UnitNotAssigned,
                $"Ticket {Number} is not assigned to the actor's unit as {string.Join(" or ", roles)}.");
    }

    internal bool TryReplay(ActionContext context, TicketAction action, out TicketEvent replayed)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(context.IdempotencyKey))
        {
            throw new TicketRuleViolation(ErrorCodes.InputMissing, "Every action needs an idempotency key.");
        }

        RequireLength(context.IdempotencyKey, TextLimits.IdempotencyKey, "The idempotency key");

        var seen = _events.FirstOrDefault(e => e.IdempotencyKey == context.IdempotencyKey);
        if (seen is null)
        {
            replayed = null!;
            return false;
        }

        if (seen.Action != action)
        {
            throw new TicketRuleViolation(ErrorCodes.IdempotencyKeyReused,
                $"Idempotency key '{context.IdempotencyKey}' was already used for {seen.Action} on ticket {Number}.");
        }

        replayed = seen;
        return true;
    }

    internal TicketEvent Record(ActionContext context, TicketAction action, string? reason,
        IReadOnlyList<AttachmentRef>? attachments, object? data, IReadOnlyList<string>? ruleIds = null, string? keySuffix = null, Guid? concernsUnit = null)
    {
        var recorded = keySuffix is null ? context : context with { IdempotencyKey = context.IdempotencyKey + "/" + keySuffix };
        var entry = new TicketEvent(Id, _events.Count + 1, action, recorded, reason, attachments, data, ruleIds, concernsUnit);
        _events.Add(entry);
        Revision++;
        return entry;
    }

    internal DeadlineClock StartClock(ActionContext context, DeadlineKind kind, Guid? unitId, DateTimeOffset start, TimeLimit limit, string? ruleId) =>
        StartClock(kind, unitId, start, limit.From(start, context.Calendar), ruleId);

    internal DeadlineClock StartClock(DeadlineKind kind, Guid? unitId, DateTimeOffset start, DateTimeOffset dueAt, string? ruleId)
    {
        var clock = new DeadlineClock(kind, unitId, start, dueAt, ruleId);
        _clocks.Add(clock);
        return clock;
    }

    internal void StopClock(DeadlineKind kind, DateTimeOffset now, Guid? unitId = null)
    {
        foreach (var clock in _clocks.Where(c => c.Kind == kind && c.IsRunning && (unitId is null || c.UnitId == unitId)))
        {
            clock.Stop(now);
        }
    }

    internal void StopAllClocks(DateTimeOffset now, Guid? unitId = null)
    {
        foreach (var clock in _clocks.Where(c => c.IsRunning && (unitId is null || c.UnitId == unitId)))
        {
            clock.Stop(now);
        }
    }
}
