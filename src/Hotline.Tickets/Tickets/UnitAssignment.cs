namespace Hotline.Tickets.Tickets;

/// <summary>A unit's part in a ticket.</summary>
public enum AssignmentRole
{
    /// <summary>承办 / 主办: the handling (lead) unit.</summary>
    Lead,

    /// <summary>协办: contributes an opinion to the lead unit.</summary>
    CoUnit,

    /// <summary>会签: handles its own part separately (QU-JNT-1).</summary>
    Countersign,
}

/// <summary>
/// A unit's assignment on a ticket (派单记录): its role, its receipt (= dispatch, CC-8), signing, and — for a
/// co-unit — its opinion. A redispatch ends the assignment; the history keeps it.
/// </summary>
public sealed class UnitAssignment : NotifyingEntity
{
    private UnitAssignment()
    {
    }

    internal UnitAssignment(Guid unitId, AssignmentRole role, DateTimeOffset receivedAt, bool designated)
    {
        Id = Guid.NewGuid();
        UnitId = unitId;
        Role = role;
        ReceivedAt = receivedAt;
        Designated = designated;
    }

    public Guid Id { get; private set => Set(ref field, value); }
    public Guid UnitId { get; private set => Set(ref field, value); }
    public AssignmentRole Role { get; private set => Set(ref field, value); }
    public DateTimeOffset ReceivedAt { get; private set => Set(ref field, value); }
    public DateTimeOffset? SignedAt { get; private set => Set(ref field, value); }
    public bool DeemedSigned { get; private set => Set(ref field, value); }

    /// <summary>Named by joint-handling coordination (HL-JNT-1, QU-JNT-4): may not return.</summary>
    public bool Designated { get; private set => Set(ref field, value); }
    public string? Opinion { get; private set => Set(ref field, value); }
    public DateTimeOffset? OpinionAt { get; private set => Set(ref field, value); }
    public DateTimeOffset? EndedAt { get; private set => Set(ref field, value); }

    /// <summary>A reviewer rejected this unit's return on its merits (HL-RT-3, A-05).</summary>
    public bool ReturnRejected { get; private set => Set(ref field, value); }

    public bool IsActive => EndedAt is null;

    internal void Sign(DateTimeOffset at, bool deemed)
    {
        SignedAt = at;
        DeemedSigned = deemed;
    }

    internal void GiveOpinion(string opinion, DateTimeOffset at)
    {
        Opinion = opinion;
        OpinionAt = at;
    }

    internal void End(DateTimeOffset at) => EndedAt = at;

    internal void MarkReturnRejected() => ReturnRejected = true;
}
