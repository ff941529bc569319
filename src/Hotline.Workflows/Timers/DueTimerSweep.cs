using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hotline.Workflows.Timers;

/// <summary>What happened when a timer was fired.</summary>
public enum TimerFireOutcome
{
    /// <summary>The instance was resumed and the bookmark consumed.</summary>
    Fired,

    /// <summary>The bookmark was already consumed (or cancelled): nothing to do.</summary>
    AlreadyConsumed,

    /// <summary>The bookmark is not due yet by the injected clock; its alarm or the sweep will come back.</summary>
    NotDue,

    /// <summary>Resuming failed; the bookmark stays, to be retried by the next sweep. Logged.</summary>
    Failed,
}

/// <summary>
/// Fires timer bookmarks through the runtime (到期定时器). <see cref="FireDueAsync"/> fires every bookmark whose
/// <c>DueAt</c> is at or before the injected <see cref="TimeProvider"/>'s now, so tests move a fake clock and fire
/// timers without waiting; Quartz's alarms and its periodic sweep call the same path in production. Firing is
/// idempotent: a consumed bookmark is a logged no-op and two nodes racing on one timer resolve through the
/// instance's concurrency token. The sweep fires due timers in batches, one transaction per batch, so a burst
/// (thousands of deadlines at 09:00, or the backlog after downtime) costs one disk sync per batch rather than per
/// timer; if anything in a batch fails, the batch is rolled back and its timers fire one by one, each in its own
/// unit of work, so one bad instance never holds back the others and a failure never stops the sweep.
/// </summary>
public sealed partial class DueTimerSweep(IServiceScopeFactory scopes, TimeProvider time, TimerMetrics metrics, WorkflowTimerOptions options, ILogger<DueTimerSweep> logger)
{
    private readonly TimerGiveUp giveUp = new(scopes, time);
    private readonly int commitBatchSize = options.BatchSize;
    private readonly string claimIdleTimeout = ((long)options.ClaimIdleTimeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private const int QueryBatchSize = 500;
    private const int ConflictRetries = 3;
    private static readonly TimeSpan BatchHoldBudget = TimeSpan.FromSeconds(1);

    /// <summary>The actor written on the journal lines a timer causes.</summary>
    public const string Actor = "system:timer";

    // Whether batches claim their timers (PostgreSQL) or fire what a read found (SQLite: one node, one writer).
    private bool? claims;

    private readonly Lock gate = new();
    private Task running = Task.CompletedTask;
    private SharedRun? queued;

    /// <summary>
    /// Fires every due timer, sharing one sweep with every other caller that asks meanwhile: while a sweep runs, the
    /// callers that arrive join a single sweep queued behind it, which starts after they asked and so sees their
    /// timers due. Alarms that ring in a burst (10,000 deadlines in one minute) thus become a few batched sweeps, one
    /// disk sync per batch, instead of one unit of work each queueing on the store's single writer; at most one
    /// sweep of this node runs at a time. A caller's cancellation stops its wait; the sweep stops between batches only
    /// when every caller waiting for it has given up (all jobs at shutdown), and the rows left stay due for the next
    /// sweep or start. A failed sweep is logged and counts 0, so each alarm still fires its own timer.
    /// </summary>
    /// <returns>How many instances the shared sweep resumed (not only the caller's).</returns>
    public Task<int> FireDueSharedAsync(CancellationToken cancellationToken = default)
    {
        SharedRun run;
        lock (gate)
        {
            run = SharedRun.Join(ref queued, ref running, SweepAfterAsync);
        }

        return run.WaitAsync(cancellationToken);
    }

    private async Task<int> SweepAfterAsync(Task previous, SharedRun run)
    {
        // Off the caller's thread, so the caller has left the lock (and stored this run) before we take it.
        await Task.Yield();
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (gate)
        {
            run.Start(ref queued);
        }

        try
        {
            return await FireDueAsync(run.Stopping).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !run.Stopping.IsCancellationRequested)
        {
            LogSharedRunFailed(logger, exception, run.Waiting);
            return 0;
        }
    }

    /// <summary>
    /// Fires every due timer; returns how many instances were resumed. On PostgreSQL, where several nodes share the
    /// store, each batch claims its timers inside its own transaction (<see cref="ClaimAsync"/>), so nodes sweeping at
    /// once split the due timers between them instead of racing over the same rows.
    /// </summary>
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().ToUniversalTime();
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        if (await ClaimsAsync(cancellationToken).ConfigureAwait(false))
        {
            return await FireClaimedAsync(now, attempted, cancellationToken).ConfigureAwait(false);
        }

        var fired = 0;
        while (true)
        {
            List<DueTimer> due;
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                // Every tenant's timers; each then fires inside its own tenant.
                due = await db.Bookmarks.AsNoTracking().AcrossTenants()
                    .Where(x => x.DueAt != null && x.DueAt <= now)
                    .OrderBy(x => x.DueAt).ThenBy(x => x.Id)
                    .Select(x => new DueTimer(x.Id, x.DueAt!.Value, x.WorkflowInstanceId, x.CorrelationId, x.TenantId))
                    .Take(QueryBatchSize + attempted.Count)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            var fresh = due.Where(t => attempted.Add(t.BookmarkId)).ToList();
            if (fresh.Count == 0)
            {
                return fired;
            }

            var pending = new Queue<DueTimer>(fresh);
            while (pending.Count > 0)
            {
                fired += await FireBatchAsync(pending, claim: null, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The earliest due time of any pending timer, across tenants; null when none waits.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            return await db.Bookmarks.AsNoTracking().AcrossTenants()
                .Where(x => x.DueAt != null)
                .OrderBy(x => x.DueAt)
                .Select(x => x.DueAt)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<bool> ClaimsAsync(CancellationToken cancellationToken)
    {
        if (claims is { } known)
        {
            return known;
        }

        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            claims = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>().Database.IsNpgsql();
        }

        return claims.Value;
    }

    /// <summary>
    /// Batches that each claim up to <see cref="WorkflowTimerOptions.BatchSize"/> due timers in their own transaction
    /// and fire them there, until a claim finds none left that this sweep has not tried. A timer another node's batch
    /// holds is skipped, not waited for: that batch fires it, or rolls back and leaves it due for the next claim.
    /// </summary>
    private async Task<int> FireClaimedAsync(DateTimeOffset now, HashSet<string> attempted, CancellationToken cancellationToken)
    {
        var fired = 0;
        List<DueTimer> claimed;
        do
        {
            claimed = [];
            var pending = new Queue<DueTimer>();
            var batch = claimed;
            fired += await FireBatchAsync(
                pending,
                async (db, token) =>
                {
                    batch.AddRange(await ClaimAsync(db, now, attempted, token).ConfigureAwait(false));
                    // One order on every node (by ticket, then instance), so two nodes' batches take the instances' and
                    // tickets' row locks in the same order and wait for each other rather than deadlock.
                    foreach (var timer in batch.OrderBy(t => t.CorrelationId, StringComparer.Ordinal).ThenBy(t => t.WorkflowInstanceId, StringComparer.Ordinal))
                    {
                        pending.Enqueue(timer);
                    }
                },
                cancellationToken).ConfigureAwait(false);

            // What the batch left untried (its time budget ran out) is still due and is claimed again.
            attempted.UnionWith(claimed.Select(t => t.BookmarkId).Except(pending.Select(t => t.BookmarkId)));
        }
        while (claimed.Count > 0);

        return fired;
    }

    /// <summary>
    /// Locks up to a batch of due timers for the current transaction, skipping those another transaction holds: the
    /// claim every node's sweep makes, so a timer is fired by the one batch that holds its row. A node that dies
    /// mid-batch loses its transaction, and with it the claim.
    /// </summary>
    private async Task<List<DueTimer>> ClaimAsync(WorkflowDbContext db, DateTimeOffset now, HashSet<string> attempted, CancellationToken cancellationToken)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            // The timeout holds for this transaction only (set_config's is_local), on the same round trip as the claim.
            command.CommandText = """
                SELECT set_config('idle_in_transaction_session_timeout', @idle, true);
                SELECT "Id", "DueAt", "WorkflowInstanceId", "CorrelationId", "TenantId" FROM "Bookmarks"
                WHERE "DueAt" IS NOT NULL AND "DueAt" <= @now AND NOT ("Id" = ANY(@attempted))
                ORDER BY "DueAt", "Id" LIMIT @take
                FOR UPDATE SKIP LOCKED
                """;
            command.Parameters.Add(new NpgsqlParameter("now", now.UtcTicks));
            command.Parameters.Add(new NpgsqlParameter("attempted", attempted.ToArray()));
            command.Parameters.Add(new NpgsqlParameter("take", commitBatchSize));
            command.Parameters.Add(new NpgsqlParameter("idle", claimIdleTimeout));
            var claimed = new List<DueTimer>(commitBatchSize);
            var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    claimed.Add(new DueTimer(
                        reader.GetString(0),
                        new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero),
                        reader.GetString(2),
                        reader.IsDBNull(3) ? null : reader.GetString(3),
                        reader.IsDBNull(4) ? null : reader.GetString(4)));
                }
            }

            return claimed;
        }
    }

    /// <summary>
    /// Fires up to <see cref="WorkflowTimerOptions.BatchSize"/> timers from <paramref name="pending"/> in one transaction, and commits
    /// early once it has held the transaction for <see cref="BatchHoldBudget"/>: the store has one writer, and a
    /// batch of slow instances (each may run up to its burst budget) must not keep every other county waiting.
    /// <paramref name="claim"/>, when given, fills <paramref name="pending"/> inside the batch's transaction first.
    /// </summary>
    private async Task<int> FireBatchAsync(Queue<DueTimer> pending, Func<WorkflowDbContext, CancellationToken, Task>? claim, CancellationToken cancellationToken)
    {
        var timers = new List<DueTimer>(commitBatchSize);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var unitOfWork = scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var fired = new List<DueTimer>(commitBatchSize);
            try
            {
                await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
                if (claim is not null)
                {
                    await claim(db, cancellationToken).ConfigureAwait(false);
                }

                // A batch that fails rolls back whole and fires its timers one by one, so a savepoint per save (a round
                // trip or two per timer on PostgreSQL) would buy nothing here.
                db.Database.AutoSavepointsEnabled = false;
                // Claimed batches (PostgreSQL) read their instances together and write their saves together, one round
                // trip at the commit instead of one per timer; on SQLite the single-node bench measured the shared read
                // slower than the per-timer one (docs/perf.md), so it stays per timer there.
                var ahead = claim is not null ? new BatchReads(pending.Take(commitBatchSize).ToList()) : null;
                if (ahead is not null)
                {
                    unitOfWork.StageSaves();
                }

                var began = Stopwatch.GetTimestamp();
                while (timers.Count < commitBatchSize && (timers.Count == 0 || Stopwatch.GetElapsedTime(began) < BatchHoldBudget) && pending.TryDequeue(out var timer))
                {
                    timers.Add(timer);
                    using var logScope = BeginLogScope(timer.WorkflowInstanceId, timer.CorrelationId);
                    using var tenant = db.EnterTenant(timer.TenantId);
                    try
                    {
                        if (ahead is null)
                        {
                            await runtime.ResumeAsync(timer.BookmarkId, input: null, Actor, cancellationToken).ConfigureAwait(false);
                        }
                        else
                        {
                            var read = await ahead.InTenantAsync(runtime, timer.TenantId, cancellationToken).ConfigureAwait(false);
                            await runtime.ResumeAsync(read, timer.BookmarkId, input: null, Actor, cancellationToken).ConfigureAwait(false);
                        }
                        fired.Add(timer);
                    }
                    catch (BookmarkNotFoundException)
                    {
                        // Found missing before anything was written: the batch's transaction is still clean.
                        LogAlreadyConsumed(logger, timer.BookmarkId);
                    }
                }

                await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
                var resumedAt = time.GetUtcNow();
                foreach (var timer in fired)
                {
                    metrics.RecordFired(timer.DueAt, resumedAt);
                }

                return fired.Count;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // Failed before taking any (e.g. no transaction): the next batch's worth goes one by one, so the sweep moves on.
                while (timers.Count == 0 && pending.Count > 0)
                {
                    timers.AddRange(Enumerable.Range(0, Math.Min(commitBatchSize, pending.Count)).Select(_ => pending.Dequeue()));
                }

                LogBatchFallback(logger, exception, timers.Count);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
                await unitOfWork.DisposeAsync().ConfigureAwait(false);
            }
        }

        var oneByOne = 0;
        foreach (var timer in timers)
        {
            if (await FireAsync(timer.BookmarkId, cancellationToken).ConfigureAwait(false) == TimerFireOutcome.Fired)
            {
                oneByOne++;
            }
        }

        return oneByOne;
    }

    /// <summary>Fires one timer if it is still pending and due.</summary>
    public async Task<TimerFireOutcome> FireAsync(string bookmarkId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 1; ; attempt++)
        {
            Exception? failed = null;
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                try
                {
                    var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                    var timer = await db.Bookmarks.AsNoTracking().AcrossTenants()
                        .Where(x => x.Id == bookmarkId)
                        .Select(x => new { x.DueAt, x.WorkflowInstanceId, x.CorrelationId, x.TenantId })
                        .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                    if (timer is null)
                    {
                        LogAlreadyConsumed(logger, bookmarkId);
                        return TimerFireOutcome.AlreadyConsumed;
                    }

                    if (timer.DueAt > time.GetUtcNow())
                    {
                        return TimerFireOutcome.NotDue;
                    }

                    using var logScope = BeginLogScope(timer.WorkflowInstanceId, timer.CorrelationId);
                    using var tenant = db.EnterTenant(timer.TenantId);

                    // In a unit of work, so what the timer's activities cause in the domain commits with the step.
                    var unitOfWork = scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>();
                    await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
                    var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
                    await runtime.ResumeAsync(bookmarkId, input: null, Actor, cancellationToken).ConfigureAwait(false);
                    await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
                    if (timer.DueAt is { } dueAt)
                    {
                        metrics.RecordFired(dueAt, time.GetUtcNow());
                    }

                    giveUp.Succeeded(bookmarkId);
                    return TimerFireOutcome.Fired;
                }
                catch (BookmarkNotFoundException)
                {
                    LogAlreadyConsumed(logger, bookmarkId);
                    return TimerFireOutcome.AlreadyConsumed;
                }
                catch (WorkflowConcurrencyException) when (attempt < ConflictRetries)
                {
                    // Another stimulus advanced the instance meanwhile; the timer may still be pending. Look again.
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogFailed(logger, exception, bookmarkId);
                    failed = exception;
                }
            }

            // Outside the failed attempt's scope, whose connection may still hold a transaction.
            if (failed is not null)
            {
                if (await giveUp.FailedAsync(bookmarkId, failed, cancellationToken).ConfigureAwait(false))
                {
                    LogGivenUp(logger, bookmarkId, TimerGiveUp.MaxAttempts);
                }

                return TimerFireOutcome.Failed;
            }
        }
    }

    /// <summary>
    /// Every line logged while a timer resumes its instance carries the instance id and its correlation id (for the
    /// hotline lifecycle, the ticket number), so an operator finds a deadline's effects by either.
    /// </summary>
    private IDisposable? BeginLogScope(string workflowInstanceId, string? correlationId) =>
        logger.BeginScope(new Dictionary<string, object?>
        {
            ["WorkflowInstanceId"] = workflowInstanceId,
            ["CorrelationId"] = correlationId,
        });

    /// <summary>
    /// One sweep or batch shared by the callers that joined it before it started. It runs under a token of its own that
    /// is cancelled when the last caller waiting for it gives up: running it under the first caller's token let that
    /// one caller (a job cancelled or timed out) stop everyone's timers. A run every caller has left is abandoned, and
    /// the next caller queues a fresh one behind it.
    /// </summary>
    [SuppressMessage("Reliability", "CA1001", Justification = "The token source has no timer or wait handle to release, and a leaving caller may cancel it after the run ended.")]
    private sealed class SharedRun
    {
        private readonly CancellationTokenSource stop = new();
        private int waiting;

        public Task<int> Done { get; private set; } = Task.FromResult(0);

        public CancellationToken Stopping => stop.Token;

        public int Waiting => Volatile.Read(ref waiting);

        /// <summary>Joins the queued run, or queues a new one behind <paramref name="last"/>; call under the run's lock.</summary>
        public static SharedRun Join(ref SharedRun? queued, ref Task last, Func<Task, SharedRun, Task<int>> start)
        {
            if (queued is null || queued.stop.IsCancellationRequested)
            {
                var run = new SharedRun();
                run.Done = start(last, run);
                queued = run;
                last = run.Done;
            }

            Interlocked.Increment(ref queued.waiting);
            return queued;
        }

        /// <summary>Takes this run out of the queue (no caller joins it any more); call under the run's lock.</summary>
        public void Start(ref SharedRun? queued)
        {
            if (ReferenceEquals(queued, this))
            {
                queued = null;
            }
        }

        public async Task<int> WaitAsync(CancellationToken cancellationToken)
        {
            using (cancellationToken.UnsafeRegister(static state => ((SharedRun)state!).Leave(), this))
            {
                return await Done.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        private void Leave()
        {
            if (Interlocked.Decrement(ref waiting) == 0)
            {
                stop.Cancel();
            }
        }
    }

    /// <summary>
    /// The instances a batch's timers resume, read once per tenant for every timer the batch may take (each tenant's
    /// rows under its own filter) rather than per timer.
    /// </summary>
    private sealed class BatchReads(List<DueTimer> ahead)
    {
        private readonly Dictionary<string, WaitingInstances> byTenant = new(StringComparer.Ordinal);
        private WaitingInstances? noTenant;

        /// <summary>The batch's instances of <paramref name="tenantId"/>; call inside that tenant.</summary>
        public async Task<WaitingInstances> InTenantAsync(WorkflowRuntime runtime, string? tenantId, CancellationToken cancellationToken)
        {
            var known = tenantId is null ? noTenant : byTenant.GetValueOrDefault(tenantId);
            if (known is not null)
            {
                return known;
            }

            var ids = ahead.Where(t => t.TenantId == tenantId).Select(t => t.BookmarkId).ToList();
            var read = await runtime.ReadWaitingAsync(ids, cancellationToken).ConfigureAwait(false);
            if (tenantId is null)
            {
                noTenant = read;
            }
            else
            {
                byTenant[tenantId] = read;
            }

            return read;
        }
    }

    private sealed record DueTimer(string BookmarkId, DateTimeOffset DueAt, string WorkflowInstanceId, string? CorrelationId, string? TenantId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A shared timer sweep or batch failed; each of the {Count} alarms waiting for it fires its own timer.")]
    private static partial void LogSharedRunFailed(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Timer bookmark {BookmarkId} was already consumed; nothing to fire.")]
    private static partial void LogAlreadyConsumed(ILogger logger, string bookmarkId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} due timers was rolled back; firing them one by one.")]
    private static partial void LogBatchFallback(ILogger logger, Exception exception, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Timer bookmark {BookmarkId} failed {Attempts} times; its instance is faulted and the timer removed.")]
    private static partial void LogGivenUp(ILogger logger, string bookmarkId, int attempts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Firing timer bookmark {BookmarkId} failed; it stays pending for the next sweep.")]
    private static partial void LogFailed(ILogger logger, Exception exception, string bookmarkId);
}
