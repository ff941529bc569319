namespace Hotline.Tickets.Tickets;

/// <summary>What a deadline clock measures.</summary>
public enum DeadlineKind
{
    /// <summary>Centre → unit dispatch (HSB-DSP-1, QU-DSP-1).</summary>
    Dispatch,
    Sign,
    FirstContact,
    Handle,
    InitialResponse,
    ProgressReport,
    ReturnReview,
    CoUnitOpinion,
    Redo,
    ScreeningWindow,
    ScreeningReview,
    Evidence,
    Supervision,
}

/// <summary>
/// A deadline clock (时限): when it started, when it is due (CC-7: on time means at or before
/// <see cref="DueAt"/>), whether it was stopped, and whether it went overdue. Clocks never pause (CC-10); an
/// extension moves <see cref="DueAt"/>, and an overdue that happened before stays on record.
/// </summary>
public sealed class DeadlineClock : NotifyingEntity
{
    private DeadlineClock()
    {
    }

    internal DeadlineClock(DeadlineKind kind, Guid? unitId, DateTimeOffset startedAt, DateTimeOffset dueAt, string? ruleId)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        UnitId = unitId;
        StartedAt = startedAt;
        DueAt = dueAt;
        RuleId = ruleId;
    }

    public Guid Id { get; private set => Set(ref field, value); }
    public DeadlineKind Kind { get; private set => Set(ref field, value); }

    /// <summary>The unit the clock runs against; empty for the centre's own clocks.</summary>
    public Guid? UnitId { get; private set => Set(ref field, value); }
    public DateTimeOffset StartedAt { get; private set => Set(ref field, value); }
    public DateTimeOffset DueAt { get; private set => Set(ref field, value); }
    public DateTimeOffset? WarningAt { get; private set => Set(ref field, value); }
    public DateTimeOffset? StoppedAt { get; private set => Set(ref field, value); }

    /// <summary>Whether the clock went past its deadline before it stopped; stays true once set.</summary>
    public bool Overdue { get; private set => Set(ref field, value); }
    public string? RuleId { get; private set => Set(ref field, value); }

    public bool IsRunning => StoppedAt is null;

    public bool IsPastDue(DateTimeOffset now) => now > DueAt;

    internal void Stop(DateTimeOffset now)
    {
        if (StoppedAt is not null)
        {
            return;
        }

        Overdue |= IsPastDue(now);
        StoppedAt = now;
    }

    internal void MarkOverdue() => Overdue = true;

    internal void MoveDue(DateTimeOffset dueAt, DateTimeOffset now)
    {
        Overdue |= IsPastDue(now);
        DueAt = dueAt;
    }

    internal void WarnAt(DateTimeOffset? warningAt) => WarningAt = warningAt;
}
