using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// One database transaction shared by the engine and the domain (业务与流程同一事务): a ticket action and the
/// workflow resume it causes commit together or not at all.
/// <para>
/// <see cref="BeginAsync"/> opens the transaction on the scope's <see cref="WorkflowDbContext"/>; another
/// context enlists with <c>UseSqlite(uow.Connection)</c>/<c>UseNpgsql(uow.Connection)</c> and
/// <c>Database.UseTransaction(uow.Transaction)</c>. While it is open the runtime saves into it without
/// committing, and work that must only happen once the data is durable (arming timers) waits in
/// <see cref="AfterCommit"/>: it runs after <see cref="CommitAsync"/> and is dropped on rollback.
/// </para>
/// </summary>
public sealed partial class WorkflowUnitOfWork(WorkflowDbContext db, ILogger<WorkflowUnitOfWork> logger) : IAsyncDisposable
{
    private readonly List<Func<CancellationToken, Task>> beforeCommit = [];
    private readonly List<Func<CancellationToken, Task>> afterCommit = [];
    private IDbContextTransaction? transaction;
    private IDisposable? writeTurn;

    // The run before the lock: the reads it must find unchanged, its writes, and the hooks it queued (kept apart so
    // dropping the run leaves the hooks of the transaction itself).
    private readonly List<Func<CancellationToken, Task<bool>>> deferredChecks = [];
    private readonly List<LockedCheck> lockedChecks = [];
    private readonly List<Func<CancellationToken, Task>> deferredWrites = [];
    private readonly List<Func<CancellationToken, Task>> deferredBeforeCommit = [];
    private readonly List<Func<CancellationToken, Task>> deferredAfterCommit = [];
    private object? run;

    /// <summary>True between <see cref="BeginAsync"/> and commit, rollback or dispose.</summary>
    public bool IsActive => transaction is not null;

    /// <summary>True from <see cref="DeferWrites"/> until the run's writes are written or discarded: saves are kept, not executed.</summary>
    public bool IsDeferring { get; private set; }

    /// <summary>True while the unit is deferring or has begun: what it reads and saves belongs to one run.</summary>
    internal bool InRun => IsDeferring || IsActive;

    /// <summary>
    /// Identifies the unit's current run, from the first save or read to its end (commit, rollback, dispose, discard):
    /// what the runtime remembers of the run (a correlation's bookmarks) is valid while this stays the same.
    /// </summary>
    internal object Run => run ??= new object();

    /// <summary>Instances the deferred run saved, with their definitions: a later load in the run takes them from here.</summary>
    internal Dictionary<string, (Instances.WorkflowInstance Instance, Model.WorkflowDefinition Definition)> Unsaved { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// True from <see cref="StageSaves"/> until the unit ends: the runtime's saves of a claimed timer batch (PostgreSQL) stay in the
    /// unit and are written together, one statement per table in one round trip, by <see cref="WriteStagedAsync"/>.
    /// </summary>
    internal bool IsStaging { get; private set; }

    /// <summary>
    /// The staged saves not written yet: a second run of one of their instances writes them before it starts. On PostgreSQL
    /// a deferred run's saves wait here too, from the first write of <see cref="WriteDeferredAsync(CancellationToken)"/> to its end.
    /// </summary>
    internal PostgresRowBatch Staged { get; } = new();

    /// <summary>The open connection another <see cref="DbContext"/> must use to enlist.</summary>
    public DbConnection Connection => db.Database.GetDbConnection();

    /// <summary>The transaction another <see cref="DbContext"/> passes to <c>Database.UseTransaction</c>.</summary>
    public DbTransaction Transaction => transaction?.GetDbTransaction()
        ?? throw new InvalidOperationException("The unit of work has not begun.");

    public async Task BeginAsync(CancellationToken cancellationToken = default)
    {
        if (transaction is not null)
        {
            throw new InvalidOperationException("The unit of work has already begun.");
        }

        if (db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("A transaction is already open on the workflow store; open it through WorkflowUnitOfWork only.");
        }

        // SQLite: BEGIN IMMEDIATE takes the file's one write lock; wait for this process's turn without holding a thread.
        // By the connection's type: IsSqlite() parses the provider assembly's name on every call.
        writeTurn = db.Database.GetDbConnection() is SqliteConnection && db.Database.GetConnectionString() is { } file
            ? await SqliteWriteQueue.EnterAsync(file, cancellationToken).ConfigureAwait(false)
            : null;
        try
        {
            transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            PassWriteTurn();
            throw;
        }
    }

    /// <summary>
    /// Queues work that must be part of the transaction but can only run once the unit's workflow steps are done, e.g.
    /// saving a domain context enlisted in the transaction, or resuming the workflows a step's side effect concerns.
    /// Hooks run in the order queued, and a hook may queue another; a failing hook rolls the whole unit back.
    /// </summary>
    public void BeforeCommit(Func<CancellationToken, Task> action) => HooksFor(beforeCommit, deferredBeforeCommit).Add(action);

    /// <summary>Queues work that may only run once the transaction is committed (e.g. arming timers).</summary>
    public void AfterCommit(Func<CancellationToken, Task> action) => HooksFor(afterCommit, deferredAfterCommit).Add(action);

    private List<Func<CancellationToken, Task>> HooksFor(List<Func<CancellationToken, Task>> begun, List<Func<CancellationToken, Task>> deferred) =>
        IsDeferring ? deferred
        : transaction is not null ? begun
        : throw new InvalidOperationException("The unit of work has not begun.");

    /// <summary>
    /// Starts a run before the transaction: until <see cref="WriteDeferredAsync(CancellationToken)"/> or <see cref="Discard"/>, the runtime's
    /// saves are kept, later loads in the run see them, and hooks are queued with the run.
    /// </summary>
    public void DeferWrites()
    {
        if (transaction is not null || IsDeferring)
        {
            throw new InvalidOperationException("Writes can only be deferred before the unit of work begins.");
        }

        IsDeferring = true;
    }

    /// <summary>
    /// In the open transaction: the runtime's saves are staged instead of written one by one, and written together before
    /// anything reads the store again (another runtime call but a start, the commit's hooks, the commit). For a batch of
    /// due timers, whose runs read nothing of each other's: one round trip for the batch's writes instead of one per timer;
    /// for a registration, one for the instances it starts instead of an EF save and its savepoint each. A staged write
    /// that meets a concurrent change fails the whole unit (<see cref="Runtime.WorkflowConcurrencyException"/>): roll back.
    /// </summary>
    public void StageSaves()
    {
        if (!CanStageSaves)
        {
            throw new InvalidOperationException("Saves can only be staged in an open transaction on PostgreSQL.");
        }

        IsStaging = true;
    }

    /// <summary>Whether <see cref="StageSaves"/> applies: an open transaction on PostgreSQL, no run deferred.</summary>
    public bool CanStageSaves => transaction is not null && !IsDeferring && db is PostgresWorkflowDbContext;

    /// <summary>Writes the staged saves in one round trip; nothing when none waits.</summary>
    internal async Task WriteStagedAsync(CancellationToken cancellationToken)
    {
        if (Staged.InstanceIds.Count == 0)
        {
            return;
        }

        try
        {
            await Staged.WriteAsync(db, cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException exception)
        {
            // An instance moved since the batch read it, or a consumed bookmark was gone: the batch's work stands or falls together.
            throw new Runtime.WorkflowConcurrencyException(string.Join(", ", Staged.InstanceIds), exception);
        }
        finally
        {
            Staged.Clear();
        }
    }

    /// <summary>A read of the deferred run that must still hold under the lock: false sends the run back (<see cref="WriteDeferredAsync(CancellationToken)"/>).</summary>
    internal void DeferCheck(Func<CancellationToken, Task<bool>> check) => deferredChecks.Add(check);

    /// <summary>As the other overload, sent with the caller's checks in one round trip (<see cref="ChecksInOneRoundTrip"/> only).</summary>
    internal void DeferCheck(LockedCheck check)
    {
        RequireOneRoundTripChecks();
        lockedChecks.Add(check);
    }

    /// <summary>
    /// Whether <see cref="WriteDeferredAsync(IReadOnlyList{LockedCheck}, CancellationToken)"/> takes checks (PostgreSQL): the
    /// caller's and the run's go in one round trip. SQLite holds its one write lock already and reads in process.
    /// </summary>
    public bool ChecksInOneRoundTrip => db is PostgresWorkflowDbContext;

    /// <summary>A save of the deferred run, executed in order by <see cref="WriteDeferredAsync(CancellationToken)"/>.</summary>
    internal void DeferWrite(Func<CancellationToken, Task> write) => deferredWrites.Add(write);

    /// <summary>
    /// In the open transaction: checks that the deferred run's reads still hold, then writes its saves and joins its hooks
    /// to the transaction's. False when a read moved (nothing was written; <see cref="Discard"/> and run again). A write
    /// that meets a concurrent change throws <see cref="Runtime.WorkflowConcurrencyException"/>, with some writes done: roll back.
    /// </summary>
    public Task<bool> WriteDeferredAsync(CancellationToken cancellationToken = default) => WriteDeferredAsync([], cancellationToken);

    /// <summary>
    /// As the other overload, with the caller's reads under the lock (<paramref name="first"/>, e.g. the ticket's revision)
    /// sent before the run's own, all in one round trip; any of them failing sends the run back (nothing written).
    /// </summary>
    public async Task<bool> WriteDeferredAsync(IReadOnlyList<LockedCheck> first, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(first);
        if (transaction is null || !IsDeferring)
        {
            throw new InvalidOperationException("There is no deferred run to write in an open transaction.");
        }

        if ((first.Count > 0 || lockedChecks.Count > 0) && !await HoldAsync([.. first, .. lockedChecks], cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        foreach (var check in deferredChecks)
        {
            if (!await check(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        IsDeferring = false;
        Unsaved.Clear();
        // Loads of the run left instances tracked; each write attaches what it writes.
        db.ChangeTracker.Clear();
        var writes = deferredWrites.ToArray();
        deferredChecks.Clear();
        lockedChecks.Clear();
        deferredWrites.Clear();
        beforeCommit.InsertRange(0, deferredBeforeCommit);
        afterCommit.InsertRange(0, deferredAfterCommit);
        deferredBeforeCommit.Clear();
        deferredAfterCommit.Clear();
        foreach (var write in writes)
        {
            await write(cancellationToken).ConfigureAwait(false);
        }

        // PostgreSQL: the writes above only kept their rows; all of them go in one round trip.
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Drops the deferred run: its writes, its hooks and what the runtime remembers of it. The transaction, if open, stays.</summary>
    public void Discard()
    {
        IsDeferring = false;
        ForgetDeferred();
        Unsaved.Clear();
        run = null;
        db.ChangeTracker.Clear();
    }

    /// <summary>Commits, then runs the post-commit work. A failing post-commit step is logged, never undoes the commit.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var open = transaction ?? throw new InvalidOperationException("The unit of work has not begun.");
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < beforeCommit.Count; i++)
        {
            await beforeCommit[i](cancellationToken).ConfigureAwait(false);
        }

        beforeCommit.Clear();
        // What the hooks' runs staged (a watch started by a step, say).
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        await open.CommitAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync().ConfigureAwait(false);

        var pending = afterCommit.ToArray();
        afterCommit.Clear();
        foreach (var action in pending)
        {
            try
            {
                await action(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The rows are committed; the start-up reconciliation and the due-timer sweep re-arm from them.
                LogPostCommitFailed(logger, exception);
            }
        }
    }

    /// <summary>Rolls back and drops the post-commit work.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken = default)
    {
        var open = transaction ?? throw new InvalidOperationException("The unit of work has not begun.");
        Discard();
        beforeCommit.Clear();
        afterCommit.Clear();
        await open.RollbackAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // A unit that never began has nothing to end; its context may already be disposed with the request scope.
        if (transaction is null)
        {
            ForgetDeferred();
            return;
        }

        // Disposing an uncommitted transaction rolls it back.
        Discard();
        beforeCommit.Clear();
        afterCommit.Clear();
        await EndAsync().ConfigureAwait(false);
    }

    /// <summary>The checks in one round trip, in order; false at the first that does not hold (the rest are not read).</summary>
    private async Task<bool> HoldAsync(List<LockedCheck> checks, CancellationToken cancellationToken)
    {
        RequireOneRoundTripChecks();
        var batch = new NpgsqlBatch((NpgsqlConnection)Connection, (NpgsqlTransaction)Transaction);
        await using (batch.ConfigureAwait(false))
        {
            foreach (var check in checks)
            {
                var command = new NpgsqlBatchCommand(check.Sql);
                foreach (var value in check.Parameters)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = value });
                }

                batch.BatchCommands.Add(command);
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                for (var i = 0; i < checks.Count; i++)
                {
                    if ((i > 0 && !await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                        || !await checks[i].HoldsAsync(reader, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private void RequireOneRoundTripChecks()
    {
        if (!ChecksInOneRoundTrip)
        {
            throw new InvalidOperationException("Checks in one round trip are PostgreSQL's; read them one by one.");
        }
    }

    private void ForgetDeferred()
    {
        deferredChecks.Clear();
        lockedChecks.Clear();
        deferredWrites.Clear();
        deferredBeforeCommit.Clear();
        deferredAfterCommit.Clear();
    }

    private async Task EndAsync()
    {
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            transaction = null;
        }

        PassWriteTurn();
        run = null;
        IsStaging = false;
        Staged.Clear();

        // Entities the aborted or finished work left tracked must not leak into the next unit.
        db.ChangeTracker.Clear();
    }

    private void PassWriteTurn()
    {
        writeTurn?.Dispose();
        writeTurn = null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A post-commit step failed; the committed data stands.")]
    private static partial void LogPostCommitFailed(ILogger logger, Exception exception);
}
