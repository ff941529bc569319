using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Notices;

/// <summary>
/// Writes notices into the outbox of the caller's <see cref="DbContext"/>, so they commit with the ticket change
/// that caused them. Nothing is sent here; <see cref="NoticeDelivery"/> does that after the commit.
/// </summary>
public sealed class NoticeOutbox(NoticeTemplates templates, TimeProvider time)
{
    /// <summary>
    /// Adds a notice unless one with the same <see cref="NoticeRequest.DeduplicationKey"/> exists already (saved or pending in
    /// this unit of work); returns the notice added, or null when it was a repeat.
    /// </summary>
    public async Task<Notice?> EnqueueAsync(
        DbContext db,
        NoticeRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        var notices = db.Set<Notice>();
        if (PendingHere(db, request.DeduplicationKey)
            || await notices.AnyAsync(n => n.DeduplicationKey == request.DeduplicationKey, cancellationToken))
        {
            return null;
        }

        var rendered = templates.Render(request.Kind, request.Values);
        var notice = Notice.Create(request.TenantId, request.TicketNumber, rendered, request.Recipient, request.DeduplicationKey, time.GetUtcNow());
        notices.Add(notice);
        return notice;
    }

    /// <summary>
    /// A notice with this key added in this unit of work. Read without a change-detection pass: <c>Local</c> would
    /// otherwise compare every tracked entity (a ticket and all it loaded) with its snapshot, while a notice is tracked
    /// the moment it is added and its key never changes.
    /// </summary>
    private static bool PendingHere(DbContext db, string deduplicationKey)
    {
        var detecting = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Set<Notice>().Local.Any(n => n.DeduplicationKey == deduplicationKey);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detecting;
        }
    }
}

/// <summary>What a caller asks the outbox to send: template, values, recipient, and the key that makes it unique.</summary>
public sealed record NoticeRequest(
    string TenantId,
    string? TicketNumber,
    string Kind,
    NoticeRecipient Recipient,
    IReadOnlyDictionary<string, string?> Values,
    string DeduplicationKey);
