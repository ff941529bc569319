using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Timers;

/// <summary>
/// A timer whose step keeps failing (its definition version was deleted, its state no longer loads, the database refuses
/// a row it writes) would be retried by every sweep for ever, each time in the store's write transaction; a clustered
/// node's watch looks every second. After <see cref="MaxAttempts"/> failures in a row that may pass by themselves (a
/// busy, deadlocked or unreachable database, another request advancing the instance) are not counted, the instance is
/// faulted with an incident (<c>workflow.timer-failed</c>) and its bookmarks are removed, so no sweep or restart tries
/// again. Failures are counted per node since it started: a restart allows another few attempts, never endless ones.
/// </summary>
internal sealed class TimerGiveUp(IServiceScopeFactory scopes, TimeProvider time)
{
    public const int MaxAttempts = 3;
    public const string Code = "workflow.timer-failed";

    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);

    public void Succeeded(string bookmarkId) => failures.TryRemove(bookmarkId, out _);

    /// <summary>Counts the failure; true when the timer was given up.</summary>
    public async Task<bool> FailedAsync(string bookmarkId, Exception exception, CancellationToken cancellationToken)
    {
        if (MayPass(exception) || failures.AddOrUpdate(bookmarkId, 1, (_, count) => count + 1) < MaxAttempts)
        {
            return false;
        }

        failures.TryRemove(bookmarkId, out _);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var unitOfWork = scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
            var bookmark = await db.Bookmarks.AsNoTracking().AcrossTenants().FirstOrDefaultAsync(x => x.Id == bookmarkId, cancellationToken).ConfigureAwait(false);
            if (bookmark is null)
            {
                return false;
            }

            // The sweep reads across tenants; giving up stays inside the timer's own tenant.
            using var tenant = db.EnterTenant(bookmark.TenantId);
            var instance = await db.Instances.FirstOrDefaultAsync(x => x.Id == bookmark.WorkflowInstanceId, cancellationToken).ConfigureAwait(false);
            if (instance is not null)
            {
                Fault(instance, bookmark, exception);
            }

            await db.Bookmarks.Where(x => x.WorkflowInstanceId == bookmark.WorkflowInstanceId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
    }

    /// <summary>
    /// Whether the failure may pass without a change to the instance: the provider's transient errors (timeouts, lost
    /// connections, deadlocks, serialization failures, SQLite's busy file) and a lost race. A constraint the database
    /// enforces, or any other error of the step, fails the same way next time.
    /// </summary>
    private static bool MayPass(Exception exception) => exception switch
    {
        WorkflowConcurrencyException or TimeoutException => true,
        DbException db => db.IsTransient,
        DbUpdateException { InnerException: { } inner } => MayPass(inner),
        _ => false,
    };

    private void Fault(WorkflowInstance instance, Bookmarks.Bookmark bookmark, Exception exception)
    {
        var now = time.GetUtcNow();
        var state = WorkflowState.Read(instance.StateJson);
        var activityId = bookmark.ActivityNodeId[(bookmark.ActivityNodeId.LastIndexOf(':') + 1)..];
        var message = string.Create(CultureInfo.InvariantCulture, $"The timer failed to resume the instance {MaxAttempts} times and was given up: {exception.Message}");
        var info = ExceptionInfo.From(exception);
        state.Incidents.Add(new Incident(activityId, bookmark.ActivityNodeId, bookmark.Name, message, info, now) { Code = Code, Category = BurstBudget.Category });
        state.Fault = new WorkflowFault(info, message, activityId);
        state.Bookmarks.Clear();
        instance.StateJson = state.Write();
        instance.IncidentCount = state.Incidents.Count;
        instance.Status = WorkflowStatus.Finished;
        instance.SubStatus = WorkflowSubStatus.Faulted;
        instance.FinishedAt = now;
        instance.UpdatedAt = now;
        instance.Revision++;
    }
}
