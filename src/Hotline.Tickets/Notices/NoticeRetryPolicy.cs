namespace Hotline.Tickets.Notices;

/// <summary>Exponential back-off between delivery attempts, capped, with a final give-up.</summary>
public sealed record NoticeRetryPolicy(int MaxAttempts, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    public static NoticeRetryPolicy Default { get; } = new(10, TimeSpan.FromMinutes(1), TimeSpan.FromHours(2));

    public TimeSpan DelayAfter(int attempts)
    {
        var factor = Math.Pow(2, Math.Max(0, attempts - 1));
        var delay = TimeSpan.FromTicks((long)Math.Min(FirstDelay.Ticks * factor, MaxDelay.Ticks));
        return delay;
    }
}
