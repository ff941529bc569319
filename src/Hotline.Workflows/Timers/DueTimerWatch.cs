using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Timers;

/// <summary>
/// A clustered node's alarm clock (<see cref="WorkflowTimerOptions.Clustered"/>): it sleeps until the earliest pending
/// timer falls due, looking again at least every <see cref="WorkflowTimerOptions.PollInterval"/> for timers other nodes
/// committed, then sweeps; each of its batches claims its timers in its own transaction, so the nodes share a burst
/// batch by batch. This replaced a Quartz alarm per timer in the clustered job store, which cost several transactions
/// and lock-row round trips per timer (7 ms of CPU per fired timer; docs/perf.md). A node that dies mid-batch loses
/// its transaction and its claim with it: the others fire those timers on their next look.
/// </summary>
public sealed partial class DueTimerWatch(DueTimerSweep sweep, TimeProvider time, WorkflowTimerOptions options, ILogger<DueTimerWatch> logger) : BackgroundService
{
    private readonly Lock gate = new();
    private CancellationTokenSource? sleeping;
    private DateTimeOffset wakeAt = DateTimeOffset.MaxValue;

    // The earliest timer noticed since the watch last went to sleep: one committed while it looked may be newer than
    // what its look read.
    private DateTimeOffset noticed = DateTimeOffset.MaxValue;

    /// <summary>Wakes the watch early when a timer committed on this node falls due before its next look.</summary>
    public void Notice(DateTimeOffset dueAt)
    {
        lock (gate)
        {
            noticed = dueAt < noticed ? dueAt : noticed;
            if (dueAt < wakeAt)
            {
                sleeping?.Cancel();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WatchAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped (also when stopped alone, not with its host, which would take a cancelled watch for a failed one).
        }
    }

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var wait = options.PollInterval;
            try
            {
                // One indexed read per look while nothing is due; a sweep only when something is.
                var next = await sweep.NextDueAsync(stoppingToken).ConfigureAwait(false);
                var now = time.GetUtcNow();
                if (next <= now)
                {
                    // Fired some: more may have fallen due meanwhile. Fired none: what is due is held by another node's
                    // batch or keeps failing (its retries are counted), so look again after the interval.
                    wait = await sweep.FireDueSharedAsync(stoppingToken).ConfigureAwait(false) > 0 ? TimeSpan.Zero : wait;
                }
                else if (next is { } later && later - now < wait)
                {
                    wait = later - now;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogLookFailed(logger, exception);
            }

            await SleepAsync(wait, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task SleepAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var sleep = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        lock (gate)
        {
            var now = time.GetUtcNow();
            wakeAt = noticed < now + wait ? noticed : now + wait;
            wait = wakeAt > now ? wakeAt - now : TimeSpan.Zero;
            noticed = DateTimeOffset.MaxValue;
            sleeping = sleep;
        }

        try
        {
            await Task.Delay(wait, time, sleep.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // Noticed a timer due sooner.
        }
        finally
        {
            lock (gate)
            {
                sleeping = null;
                wakeAt = DateTimeOffset.MaxValue;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for due timers failed; looking again after the poll interval.")]
    private static partial void LogLookFailed(ILogger logger, Exception exception);
}
