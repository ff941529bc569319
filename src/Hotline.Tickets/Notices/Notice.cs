namespace Hotline.Tickets.Notices;

/// <summary>How a notice reaches its recipient.</summary>
public enum NoticeChannel
{
    Email,
    Sms,
}

/// <summary>
/// A notice (通知) to a unit, a leader, a reviewer or a supervisor, written to the outbox in the same
/// transaction as the ticket change that caused it, and delivered later by <see cref="NoticeDelivery"/>.
/// The row is the truth: a notice is never lost (it commits with the cause) and never sent twice
/// (<see cref="DeduplicationKey"/> is unique, and delivery claims a row before sending it).
/// </summary>
public sealed class Notice
{
    private Notice()
    {
    }

    public string Id { get; private init; } = "";
    public string TenantId { get; private init; } = "";
    public string? TicketNumber { get; private init; }

    /// <summary>Template key, e.g. <c>deadline-overdue</c>.</summary>
    public string Kind { get; private init; } = "";

    public NoticeChannel Channel { get; private init; }
    public string Recipient { get; private init; } = "";
    public string? RecipientName { get; private init; }
    public string Subject { get; private init; } = "";
    public string Body { get; private init; } = "";

    /// <summary>
    /// What makes two notices the same notice, e.g. <c>TCK-1:handle:overdue:unit-leader</c>. A timer that fires
    /// twice, or an action retried by a client, writes the same key and so no second row.
    /// </summary>
    public string DeduplicationKey { get; private init; } = "";

    public DateTimeOffset CreatedAt { get; private init; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }

    /// <summary>A claim by one delivery worker; another worker skips the row until the claim lapses.</summary>
    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? SentAt { get; private set; }

    /// <summary>Set when the notice gave up after the last attempt; it stays in the outbox for an operator.</summary>
    public DateTimeOffset? AbandonedAt { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>
    /// Concurrency token: every write changes it. A delivery's claim sets it to that round's random token (far above any
    /// count), by which the round reads back exactly the rows it won and marks only those.
    /// </summary>
    public long Revision { get; private set; }

    public bool IsPending => SentAt is null && AbandonedAt is null;

    public static Notice Create(
        string tenantId,
        string? ticketNumber,
        RenderedNotice rendered,
        NoticeRecipient recipient,
        string deduplicationKey,
        DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(deduplicationKey);
        ArgumentNullException.ThrowIfNull(rendered);
        ArgumentNullException.ThrowIfNull(recipient);
        return new Notice
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            TenantId = tenantId,
            TicketNumber = ticketNumber,
            Kind = rendered.Kind,
            Channel = recipient.Channel,
            Recipient = recipient.Address,
            RecipientName = recipient.Name,
            Subject = rendered.Subject,
            Body = rendered.Body,
            DeduplicationKey = deduplicationKey,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    internal void MarkFailed(string error, DateTimeOffset now, NoticeRetryPolicy retry)
    {
        LastError = error.Length > 2000 ? error[..2000] : error;
        ClaimedUntil = null;
        if (Attempts >= retry.MaxAttempts)
        {
            AbandonedAt = now;
        }
        else
        {
            NextAttemptAt = now + retry.DelayAfter(Attempts);
        }

        Revision++;
    }
}

/// <summary>Who receives a notice, on which channel: an e-mail address or a mobile number.</summary>
public sealed record NoticeRecipient(NoticeChannel Channel, string Address, string? Name = null)
{
    public static NoticeRecipient Email(string address, string? name = null) => new(NoticeChannel.Email, address, name);

    public static NoticeRecipient Sms(string mobile, string? name = null) => new(NoticeChannel.Sms, mobile, name);
}
