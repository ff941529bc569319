namespace Hotline.Application.Queues;

/// <summary>The traffic light (红黄绿灯) a row or clock shows: normal, warning (临期预警) or overdue (逾期).</summary>
public enum DeadlineLight
{
    Normal,
    Warning,
    Overdue,
}

/// <summary>One running deadline clock as the light needs it.</summary>
public readonly record struct ClockTimes(DateTimeOffset StartedAt, DateTimeOffset DueAt, DateTimeOffset? WarningAt, bool Overdue);

/// <summary>
/// The light of a deadline clock. A clock is overdue once it is past its due time (CC-7) or its timer marked it so.
/// It warns from its warning point: the tenant policy's <c>handling.warnBefore</c> (临期预警, natural hours before
/// due) sets <see cref="ClockTimes.WarningAt"/> when a tenant states one. No seed profile states it, so a clock
/// without a warning point warns once <see cref="DefaultWarningShare"/> of its span has passed — the last fifth,
/// e.g. the last working day of a five-working-day handling limit, which leaves a unit time to ask for an extension.
/// </summary>
public static class DeadlineLights
{
    /// <summary>The share of a clock's span after which it warns when the tenant policy sets no warning point.</summary>
    public const double DefaultWarningShare = 0.8;

    public static DeadlineLight Of(ClockTimes clock, DateTimeOffset now)
    {
        if (clock.Overdue || now > clock.DueAt)
            return DeadlineLight.Overdue;
        var warningAt = clock.WarningAt ?? clock.StartedAt + ((clock.DueAt - clock.StartedAt) * DefaultWarningShare);
        return now >= warningAt ? DeadlineLight.Warning : DeadlineLight.Normal;
    }

    /// <summary>The worst light of a ticket's running clocks; normal when none runs.</summary>
    public static DeadlineLight Worst(IEnumerable<ClockTimes> running, DateTimeOffset now) =>
        running.Select(c => Of(c, now)).DefaultIfEmpty(DeadlineLight.Normal).Max();
}
