using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Timers;

/// <summary>
/// At start-up, arms an alarm for every pending timer bookmark that has none (past-due ones ring at once), so
/// timers survive a crash or a restart: in-memory alarms die with the process, and a clustered store may have
/// missed an alarm whose node died between its commit and its arming; the rows do not. Runs after the migrations
/// (which apply while the host is starting).
/// </summary>
public sealed partial class TimerReconciliation(IServiceScopeFactory scopes, TimerAlarm alarm, ILogger<TimerReconciliation> logger) : IHostedService
{
    private const int BatchSize = 1000;

    public Task StartAsync(CancellationToken cancellationToken) => ReconcileAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Arms every pending timer that has no alarm set; returns how many.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var present = await alarm.ArmedAsync(cancellationToken).ConfigureAwait(false);
        var armed = 0;
        string? after = null;
        while (true)
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                var pending = db.Bookmarks.AsNoTracking().AcrossTenants().Where(x => x.DueAt != null);
                if (after is not null)
                {
                    pending = pending.Where(x => x.Id.CompareTo(after) > 0);
                }

                // Only what an alarm needs: whole rows (payloads, hashes) cost reading and memory for nothing.
                var batch = await pending.OrderBy(x => x.Id)
                    .Select(x => new { x.Id, DueAt = x.DueAt!.Value })
                    .Take(BatchSize)
                    .ToListAsync(cancellationToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    LogReconciled(logger, armed);
                    return armed;
                }

                var missing = batch.Where(b => !present.Contains(b.Id)).Select(b => (b.Id, b.DueAt)).ToList();
                await alarm.ArmAsync(missing, cancellationToken).ConfigureAwait(false);
                armed += missing.Count;
                after = batch[^1].Id;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Armed {Count} pending workflow timers that had no alarm.")]
    private static partial void LogReconciled(ILogger logger, int count);
}
