using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Timers;

/// <summary>
/// Keeps an alarm set for every pending timer due within the near window (<see cref="WorkflowTimerOptions.NearWindow"/>).
/// At start-up it arms those that have none (past-due ones ring at once), so timers survive a crash or a restart:
/// in-memory alarms die with the process; the rows do not. A clustered node sets no alarms (<see cref="DueTimerWatch"/>). Each sweep then moves the window on and arms what came into it. Timers
/// further out cost neither memory nor start-up time. Runs after the migrations (which apply while the host is starting).
/// </summary>
public sealed partial class TimerReconciliation(IServiceScopeFactory scopes, TimerAlarm alarm, ILogger<TimerReconciliation> logger) : IHostedService, IDisposable
{
    private const int BatchSize = 1000;

    private readonly SemaphoreSlim gate = new(1, 1);

    // The due time up to which this node has armed; later bookmarks are armed by the sweep that passes them.
    private DateTimeOffset? armedUntil;

    public Task StartAsync(CancellationToken cancellationToken) => ReconcileAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => gate.Dispose();

    /// <summary>Arms every pending timer due within the near window that has no alarm set; returns how many.</summary>
    public async Task<int> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var armed = await ArmAsync(after: null, cancellationToken).ConfigureAwait(false);
            LogReconciled(logger, armed);
            return armed;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// Arms the timers that came into the near window since this node last looked (the sweep calls it); returns how
    /// many. A node that has never looked reconciles the whole window.
    /// </summary>
    public async Task<int> ArmComingAsync(CancellationToken cancellationToken = default)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await ArmAsync(armedUntil, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<int> ArmAsync(DateTimeOffset? after, CancellationToken cancellationToken)
    {
        if (!alarm.SetsAlarms)
        {
            // A clustered node's watch finds due timers in the store itself.
            return 0;
        }

        // The horizon is taken before the read: a bookmark committed later and due before it was armed by its runtime.
        var horizon = alarm.Horizon();
        var present = await alarm.ArmedAsync(cancellationToken).ConfigureAwait(false);
        var armed = 0;
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            var pending = db.Bookmarks.AsNoTracking().AcrossTenants().Where(x => x.DueAt != null && x.DueAt <= horizon);
            if (after is { } from)
            {
                pending = pending.Where(x => x.DueAt > from);
            }

            // Only what an alarm needs, read by the due-time index: whole rows (payloads, hashes) cost for nothing.
            var batch = new List<(string, DateTimeOffset)>(BatchSize);
            await foreach (var timer in pending.Select(x => new { x.Id, DueAt = x.DueAt!.Value }).AsAsyncEnumerable().WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!present.Contains(timer.Id))
                {
                    batch.Add((timer.Id, timer.DueAt));
                }

                if (batch.Count == BatchSize)
                {
                    await alarm.ArmAsync(batch, cancellationToken).ConfigureAwait(false);
                    armed += batch.Count;
                    batch.Clear();
                }
            }

            await alarm.ArmAsync(batch, cancellationToken).ConfigureAwait(false);
            armed += batch.Count;
        }

        armedUntil = horizon;
        return armed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Armed {Count} pending workflow timers due within the near window that had no alarm.")]
    private static partial void LogReconciled(ILogger logger, int count);
}
