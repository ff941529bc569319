using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Tickets.Access;

namespace Hotline.Tickets.Tickets;

/// <summary>What happened to a ticket; one value per action and system outcome.</summary>
public enum TicketAction
{
    Registered,
    Rejected,
    EmergencyRedirected,
    Dispatched,
    Redispatched,
    Reassigned,
    Signed,
    DeemedSigned,
    FirstContactRecorded,
    InitialResponseGiven,
    ProgressReported,
    CoUnitAdded,
    CoUnitOpinionGiven,
    CountersignPartReplied,
    ReturnRequested,
    ReturnApproved,
    ReturnRejected,
    ExtensionRequested,
    ExtensionApproved,
    ExtensionDenied,
    ExtensionForwarded,
    Replied,
    ReplyAccepted,
    ReplySentBack,
    Revisited,
    RedoOrdered,
    RevisitReviewExtended,
    ScreeningApplied,
    ScreeningEvidenceRequested,
    ScreeningEvidenceSubmitted,
    ScreeningDecided,
    ScreeningLapsed,
    PanelRuled,
    Supervised,
    Interviewed,
    DisciplineReferred,
    TerminationRequested,
    Terminated,
    TerminationRefused,
    Archived,
    DeadlineReached,

    /// <summary>
    /// Follows a decision after which the ticket stays in (or goes back to) handling by its lead unit: a co-unit's
    /// approved return, a panel's reasonable ruling. The lifecycle branches on it.
    /// </summary>
    HandlingContinues,

    /// <summary>Follows an event that counts as an overdue of the unit without a clock: a late return (QU-RT-2).</summary>
    OverdueCounted,

    /// <summary>A special item was reported to the local government at registration (QU-URG-1).</summary>
    LocalGovernmentReported,

    /// <summary>并单: this ticket was merged into a main ticket as its duplicate and closed.</summary>
    Merged,

    /// <summary>撤销并单: the merge was undone; the ticket is back in the state it had.</summary>
    Unmerged,

    /// <summary>On the main ticket: a duplicate was merged into it.</summary>
    DuplicateMerged,

    /// <summary>On the main ticket: a merged duplicate was taken out again.</summary>
    DuplicateUnmerged,

    /// <summary>直接办结: a consultation answered at intake from a published knowledge-base article (WZ-DSP-1).</summary>
    AnsweredDirectly,
}

/// <summary>Metadata of a file attached to a ticket or an action (佐证资料, 回复附件); the content is stored elsewhere.</summary>
public sealed record AttachmentRef(string FileName, string ContentType, long Length, string StorageKey);

/// <summary>
/// One entry of a ticket's append-only history (工单流转记录): who, in which role, did what, when, why, with which
/// attachments and data, and under which idempotency key. Entries are never changed or removed.
/// <para>
/// So the change tracker need not watch them: the store maps them with notification change tracking, and an entry that
/// never changes never notifies. EF then takes no snapshot of a loaded entry and skips the ticket's whole history when it
/// looks for changes before a save (perf.md, "load").
/// </para>
/// </summary>
public sealed class TicketEvent : INotifyPropertyChanging, INotifyPropertyChanged
{
    // Never raised: every property is set once, by the constructor or by EF while it materialises or inserts the entry.
    event PropertyChangingEventHandler? INotifyPropertyChanging.PropertyChanging { add { } remove { } }

    event PropertyChangedEventHandler? INotifyPropertyChanged.PropertyChanged { add { } remove { } }

    /// <summary>Compact camelCase JSON with enums as text, for event data and attachment lists.</summary>
    public static readonly JsonSerializerOptions DataOptions = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private TicketEvent()
    {
    }

    internal TicketEvent(Guid ticketId, int sequence, TicketAction action, ActionContext context, string? reason,
        IReadOnlyList<AttachmentRef>? attachments, object? data, IReadOnlyList<string>? ruleIds, Guid? concernsUnit = null)
    {
        TicketId = ticketId;
        Sequence = sequence;
        Action = action;
        ActorId = context.Actor.UserId;
        Role = context.Actor.Role?.ToString() ?? SystemRole;
        UnitId = context.Actor.UnitId ?? concernsUnit;
        At = context.Now;
        IdempotencyKey = context.IdempotencyKey;
        RequestHash = context.RequestHash;
        Reason = reason;
        AttachmentsJson = attachments is { Count: > 0 } ? JsonSerializer.Serialize(attachments, DataOptions) : null;
        DataJson = data is null ? null : JsonSerializer.Serialize(data, data.GetType(), DataOptions);
        RuleIds = ruleIds is { Count: > 0 } ? string.Join(',', ruleIds) : null;
    }

    public const string SystemRole = "System";

    public long Id { get; private set; }
    public Guid TicketId { get; private set; }

    /// <summary>1, 2, 3… within the ticket.</summary>
    public int Sequence { get; private set; }
    public TicketAction Action { get; private set; }
    public string ActorId { get; private set; } = "";
    /// <summary>
    /// The name of the <see cref="HotlineRole"/> the actor acted in, or <see cref="SystemRole"/> when the product itself
    /// acted (timers). Kept as recorded, so the history stays readable whatever the role model becomes.
    /// </summary>
    public string Role { get; private set; } = "";
    /// <summary>The unit that acted, or — when the actor belongs to none — the unit the action concerns (an interview, a clock).</summary>
    public Guid? UnitId { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string IdempotencyKey { get; private set; } = "";

    /// <summary>SHA-256 (hex) of the HTTP request that caused the event: method, path and body; null for other callers.</summary>
    public string? RequestHash { get; private set; }
    public string? Reason { get; private set; }
    public string? AttachmentsJson { get; private set; }
    public string? DataJson { get; private set; }

    /// <summary>Comma-separated rule IDs the action applied, e.g. <c>HSB-DSC-1</c>.</summary>
    public string? RuleIds { get; private set; }

    public IReadOnlyList<AttachmentRef> Attachments => AttachmentsJson is null
        ? []
        : JsonSerializer.Deserialize<List<AttachmentRef>>(AttachmentsJson, DataOptions) ?? [];

    public T? Data<T>() => DataJson is null ? default : JsonSerializer.Deserialize<T>(DataJson, DataOptions);
}
