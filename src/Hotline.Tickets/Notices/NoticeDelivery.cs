using Hotline.Tickets.Notices.Transports;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hotline.Tickets.Notices;

/// <summary>
/// Delivers due notices from the outbox. Each notice is first claimed (a lease guarded by the row's concurrency
/// token, so two server nodes never send the same notice), then sent, then marked sent or rescheduled with back-off.
/// A crash after sending but before marking leaves the claim to lapse and the notice is sent again — the transports
/// make that repeat harmless (the pickup file is replaced; the SMTP Message-Id is the notice id).
/// </summary>
public sealed partial class NoticeDelivery(
    DbContext db,
    IEnumerable<INoticeTransport> transports,
    TimeProvider time,
    NoticeDeliveryOptions options,
    ILogger<NoticeDelivery> logger)
{
    private readonly Dictionary<NoticeChannel, INoticeTransport> transportByChannel =
        transports.GroupBy(t => t.Channel).ToDictionary(g => g.Key, g => g.Last());

    /// <summary>
    /// The tenants with a notice due now: the one read of the outbox across tenants (the tenant filter, opted out by
    /// name), so a round can enter each tenant and deliver its notices there.
    /// </summary>
    public async Task<IReadOnlyList<string>> TenantsWithDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        return await Due(db.Set<Notice>().IgnoreQueryFilters([TenantScope.Filter]), now)
            .Select(n => n.TenantId).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    /// <summary>Sends every notice due now in the context's tenant, up to the batch size; returns how it went.</summary>
    public async Task<DeliveryRound> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var due = await Due(db.Set<Notice>(), now)
            .OrderBy(n => n.NextAttemptAt)
            .Take(options.BatchSize)
            .ToListAsync(cancellationToken);

        int sent = 0, failed = 0, skipped = 0;
        foreach (var notice in due)
        {
            // Each line about this notice names its tenant and ticket, never its recipient's address.
            using var logScope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["TenantId"] = notice.TenantId,
                ["TicketNumber"] = notice.TicketNumber,
                ["NoticeId"] = notice.Id,
            });
            if (!await TryClaimAsync(notice, now, cancellationToken))
            {
                skipped++;
                continue;
            }

            try
            {
                if (!transportByChannel.TryGetValue(notice.Channel, out var transport))
                {
                    throw new InvalidOperationException($"No transport is configured for {notice.Channel} notices.");
                }

                await transport.SendAsync(notice, cancellationToken);
                notice.MarkSent(time.GetUtcNow());
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                notice.MarkFailed(ex.Message, time.GetUtcNow(), options.Retry);
                LogFailed(notice.Id, notice.Kind, notice.Attempts, ex.Message);
                failed++;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return new DeliveryRound(sent, failed, skipped);
    }

    private static IQueryable<Notice> Due(IQueryable<Notice> notices, DateTimeOffset now) =>
        notices.Where(n => n.SentAt == null && n.AbandonedAt == null && n.NextAttemptAt <= now
                           && (n.ClaimedUntil == null || n.ClaimedUntil < now));

    private async Task<bool> TryClaimAsync(Notice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        notice.Claim(now, options.ClaimLease);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another node claimed it first.
            db.Entry(notice).State = EntityState.Detached;
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Notice {NoticeId} ({Kind}) failed on attempt {Attempt}: {Error}")]
    private partial void LogFailed(string noticeId, string kind, int attempt, string error);
}

/// <summary>Counts of one delivery round.</summary>
public sealed record DeliveryRound(int Sent, int Failed, int Skipped);

/// <summary>Delivery settings: <c>Hotline:Notices:Delivery</c>.</summary>
public sealed class NoticeDeliveryOptions
{
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 100;
    public NoticeRetryPolicy Retry { get; set; } = NoticeRetryPolicy.Default;
}
