using Hotline.Tickets.Persistence;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Lifecycle;

/// <summary>
/// A ticket action and the workflow step it causes, committed together or not at all: the engine's
/// <see cref="WorkflowUnitOfWork"/> with the domain's <see cref="HotlineDbContext"/> enlisted in its transaction.
/// </summary>
public sealed class HotlineUnitOfWork(WorkflowUnitOfWork workflow, HotlineDbContext domain) : IAsyncDisposable
{
    public HotlineDbContext Domain => domain;

    public async Task BeginAsync(CancellationToken cancellationToken)
    {
        await workflow.BeginAsync(cancellationToken);
        await EnlistAsync(cancellationToken);
    }

    /// <summary>
    /// Enlists the domain context in the workflow unit already begun (by a timer, say), so what a workflow step changes
    /// on a ticket commits with the step.
    /// </summary>
    public async Task EnlistAsync(CancellationToken cancellationToken)
    {
        await domain.Database.UseTransactionAsync(workflow.Transaction, cancellationToken);
        workflow.AfterCommit(token => domain.Database.UseTransactionAsync(null, token));
    }

    /// <summary>Saves the domain's changes into the shared transaction and commits it; timers are armed afterwards.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        await domain.SaveChangesAsync(cancellationToken);
        await workflow.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Commits after the caller saved the domain's changes itself, just before: a second save would find nothing to write
    /// but still compare every tracked entity (a ticket's whole aggregate) to find that out.
    /// </summary>
    public Task CommitSavedAsync(CancellationToken cancellationToken) => workflow.CommitAsync(cancellationToken);

    /// <summary>
    /// In the open transaction, on PostgreSQL: the workflow saves wait and are written together, one round trip, before the
    /// next read of the workflow store or at the commit (<see cref="WorkflowUnitOfWork.StageSaves"/>). SQLite writes each
    /// save through the unit's prepared statements, with no round trip to save.
    /// </summary>
    public void StageWorkflowSaves()
    {
        if (workflow.CanStageSaves)
        {
            workflow.StageSaves();
        }
    }

    /// <summary>Runs the workflows before the transaction: their saves wait for <see cref="WriteDeferredAsync(CancellationToken)"/>.</summary>
    public void DeferWrites() => workflow.DeferWrites();

    /// <summary>In the transaction: false when what the run before it read has moved (nothing written).</summary>
    public Task<bool> WriteDeferredAsync(CancellationToken cancellationToken) => workflow.WriteDeferredAsync(cancellationToken);

    /// <summary>As the other overload, with the caller's reads under the lock sent first, all in one round trip (PostgreSQL).</summary>
    public Task<bool> WriteDeferredAsync(IReadOnlyList<LockedCheck> first, CancellationToken cancellationToken) =>
        workflow.WriteDeferredAsync(first, cancellationToken);

    /// <summary>Whether <see cref="WriteDeferredAsync(IReadOnlyList{LockedCheck}, CancellationToken)"/> takes checks (PostgreSQL).</summary>
    public bool ChecksInOneRoundTrip => workflow.ChecksInOneRoundTrip;

    /// <summary>Drops the run before the transaction and every change the request's domain context holds.</summary>
    public void Discard()
    {
        workflow.Discard();
        domain.ChangeTracker.Clear();
    }

    /// <summary>Rolls back the transaction and drops everything the unit and the domain context hold.</summary>
    public async Task RollbackAsync(CancellationToken cancellationToken)
    {
        await workflow.RollbackAsync(cancellationToken);
        await domain.Database.UseTransactionAsync(null, cancellationToken);
        domain.ChangeTracker.Clear();
    }

    /// <summary>Rolls back what was not committed. The domain context ends with the request scope.</summary>
    public ValueTask DisposeAsync() => workflow.DisposeAsync();
}
