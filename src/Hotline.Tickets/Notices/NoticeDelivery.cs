using Hotline.Tickets.Notices.Transports;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hotline.Tickets.Notices;

/// <summary>
/// Delivers due notices from the outbox a batch at a time, with two writes per batch whatever its size: one statement
/// claims the batch (a lease: each row's <see cref="Notice.Revision"/> becomes this round's random token, and a row
/// another node claimed is no longer due, so two server nodes never send the same notice), then each claimed notice is
/// sent, then one write marks the sent ones sent and reschedules the failed ones with back-off (a stopping server still
/// marks what it sent and gives back what it did not). A crash after sending but before marking leaves the claim to lapse
/// and the notice is sent again — the transports make that repeat harmless
/// (the pickup file is replaced; the SMTP Message-Id is the notice id). Nothing is tracked: a batch's rows are read
/// once, and no save compares them with snapshots.
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
        var claimedUntil = now + options.ClaimLease;
        var claim = Random.Shared.NextInt64(ClaimTokensFrom, long.MaxValue);
        if (await ClaimAsync(now, claimedUntil, claim, cancellationToken) == 0)
        {
            return new DeliveryRound(0, 0, 0);
        }

        var claimed = await db.Set<Notice>().AsNoTracking()
            .Where(n => n.Revision == claim && n.ClaimedUntil == claimedUntil)
            .OrderBy(n => n.NextAttemptAt)
            .ToListAsync(cancellationToken);

        var outcome = new BatchOutcome();
        foreach (var notice in claimed)
        {
            // A batch slower than its lease stops sending (another node may own the rest by now), and so does a server
            // that is stopping: the rest go back unattempted, so a restart repeats at most the notice being sent.
            if (cancellationToken.IsCancellationRequested || time.GetUtcNow() >= claimedUntil - options.ClaimLease / 4)
            {
                outcome.Released.Add(notice.Id);
                continue;
            }

            try
            {
                await SendAsync(notice, outcome, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Sent or not, nobody knows: this one keeps its claim, which lapses, and is sent again.
            }
        }

        // The sent are marked even when the server is stopping, or every one of them would be sent again.
        await MarkAsync(outcome, claim, cancellationToken.IsCancellationRequested ? CancellationToken.None : cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        return new DeliveryRound(outcome.Sent.Count, outcome.Failed.Count, claimed.Count - outcome.Sent.Count - outcome.Failed.Count);
    }

    // Claim tokens sit far above the counts a row's revision reaches by its own writes.
    private const long ClaimTokensFrom = 1L << 40;

    private static IQueryable<Notice> Due(IQueryable<Notice> notices, DateTimeOffset now) =>
        notices.Where(n => n.SentAt == null && n.AbandonedAt == null && n.NextAttemptAt <= now
                           && (n.ClaimedUntil == null || n.ClaimedUntil < now));

    /// <summary>
    /// One statement: the first due notices, re-checked as due on the row itself, so that on PostgreSQL a node whose
    /// update waited for another's claim of the same row finds it no longer due and leaves it.
    /// </summary>
    private Task<int> ClaimAsync(DateTimeOffset now, DateTimeOffset claimedUntil, long claim, CancellationToken cancellationToken)
    {
        var notices = db.Set<Notice>();
        var first = Due(notices, now).OrderBy(n => n.NextAttemptAt).Take(options.BatchSize).Select(n => n.Id);
        return Due(notices, now).Where(n => first.Contains(n.Id)).ExecuteUpdateAsync(
            set => set
                .SetProperty(n => n.Attempts, n => n.Attempts + 1)
                .SetProperty(n => n.ClaimedUntil, claimedUntil)
                .SetProperty(n => n.Revision, claim),
            cancellationToken);
    }

    private async Task SendAsync(Notice notice, BatchOutcome outcome, CancellationToken cancellationToken)
    {
        // Each line about this notice names its tenant and ticket, never its recipient's address.
        using var logScope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["TenantId"] = notice.TenantId,
            ["TicketNumber"] = notice.TicketNumber,
            ["NoticeId"] = notice.Id,
        });
        try
        {
            if (!transportByChannel.TryGetValue(notice.Channel, out var transport))
            {
                throw new InvalidOperationException($"No transport is configured for {notice.Channel} notices.");
            }

            await transport.SendAsync(notice, cancellationToken);
            outcome.Sent.Add(notice.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A transport's own time-out is a failed attempt like any other; only the server's stopping is not.
            notice.MarkFailed(ex.Message, time.GetUtcNow(), options.Retry);
            LogFailed(notice.Id, notice.Kind, notice.Attempts, ex.Message);
            outcome.Failed.Add(notice);
        }
    }

    /// <summary>
    /// One write for the batch: the sent in one statement, the failed in one per distinct outcome (a transport that is
    /// down fails its notices alike), the released in one; each only while this round's claim still holds the row.
    /// </summary>
    private async Task MarkAsync(BatchOutcome outcome, long claim, CancellationToken cancellationToken)
    {
        var statements = new List<Func<Task>>();
        var notices = db.Set<Notice>().Where(n => n.Revision == claim);
        if (outcome.Sent.Count > 0)
        {
            var sentAt = time.GetUtcNow();
            statements.Add(() => notices.Where(n => outcome.Sent.Contains(n.Id)).ExecuteUpdateAsync(
                set => set
                    .SetProperty(n => n.SentAt, sentAt)
                    .SetProperty(n => n.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.LastError, (string?)null)
                    .SetProperty(n => n.Revision, n => n.Revision + 1),
                cancellationToken));
        }

        foreach (var alike in outcome.Failed.GroupBy(n => (n.LastError, n.NextAttemptAt, n.AbandonedAt)))
        {
            var ids = alike.Select(n => n.Id).ToList();
            var (error, next, abandoned) = alike.Key;
            statements.Add(() => notices.Where(n => ids.Contains(n.Id)).ExecuteUpdateAsync(
                set => set
                    .SetProperty(n => n.LastError, error)
                    .SetProperty(n => n.NextAttemptAt, next)
                    .SetProperty(n => n.AbandonedAt, abandoned)
                    .SetProperty(n => n.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.Revision, n => n.Revision + 1),
                cancellationToken));
        }

        if (outcome.Released.Count > 0)
        {
            statements.Add(() => notices.Where(n => outcome.Released.Contains(n.Id)).ExecuteUpdateAsync(
                set => set
                    .SetProperty(n => n.Attempts, n => n.Attempts - 1)
                    .SetProperty(n => n.ClaimedUntil, (DateTimeOffset?)null)
                    .SetProperty(n => n.Revision, n => n.Revision + 1),
                cancellationToken));
        }

        // A statement alone is its own transaction; more share one, so the batch costs one commit (on SQLite, one sync).
        await using var transaction = statements.Count > 1 && db.Database.CurrentTransaction is null
            ? await db.Database.BeginTransactionAsync(cancellationToken)
            : null;
        foreach (var statement in statements)
        {
            await statement();
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    /// <summary>What became of a claimed batch's notices.</summary>
    private sealed class BatchOutcome
    {
        public List<string> Sent { get; } = [];
        public List<Notice> Failed { get; } = [];
        public List<string> Released { get; } = [];
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
