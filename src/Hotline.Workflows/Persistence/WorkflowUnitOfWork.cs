using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

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

    /// <summary>True between <see cref="BeginAsync"/> and commit, rollback or dispose.</summary>
    public bool IsActive => transaction is not null;

    /// <summary>The prepared INSERTs and UPDATEs of the runtime's saves in this unit (SQLite), disposed when the unit ends.</summary>
    internal PreparedRows Rows { get; } = new();

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
        writeTurn = db.Database.IsSqlite() && db.Database.GetConnectionString() is { } file
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
    public void BeforeCommit(Func<CancellationToken, Task> action)
    {
        if (transaction is null)
        {
            throw new InvalidOperationException("The unit of work has not begun.");
        }

        beforeCommit.Add(action);
    }

    /// <summary>Queues work that may only run once the transaction is committed (e.g. arming timers).</summary>
    public void AfterCommit(Func<CancellationToken, Task> action)
    {
        if (transaction is null)
        {
            throw new InvalidOperationException("The unit of work has not begun.");
        }

        afterCommit.Add(action);
    }

    /// <summary>Commits, then runs the post-commit work. A failing post-commit step is logged, never undoes the commit.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        var open = transaction ?? throw new InvalidOperationException("The unit of work has not begun.");
        for (var i = 0; i < beforeCommit.Count; i++)
        {
            await beforeCommit[i](cancellationToken).ConfigureAwait(false);
        }

        beforeCommit.Clear();
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
            return;
        }

        // Disposing an uncommitted transaction rolls it back.
        beforeCommit.Clear();
        afterCommit.Clear();
        await EndAsync().ConfigureAwait(false);
    }

    private async Task EndAsync()
    {
        await Rows.DisposeAsync().ConfigureAwait(false);
        if (transaction is not null)
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
            transaction = null;
        }

        PassWriteTurn();

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
