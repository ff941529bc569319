using System.Threading.Channels;
using Hotline.Workflows.Bookmarks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Timers;

/// <summary>
/// Arms alarms in the background, in batches, for a clustered job store. There, arming an alarm is a transaction on
/// Quartz's tables; done inside each ticket action it made every action that starts a deadline wait for its own,
/// and under load those queued behind one another. A committed action hands its new timers here and answers at once:
/// the queue arms whatever has gathered in one call. Nothing is lost if the node dies first: the bookmark rows are the
/// truth, the sweep rings due timers that have no alarm, and a node's start-up arms the ones still missing.
/// </summary>
public sealed partial class AlarmQueue(TimerAlarm alarm, ILogger<AlarmQueue> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    private readonly Channel<Bookmark> pending = Channel.CreateUnbounded<Bookmark>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues alarms for timers whose bookmarks have been committed.</summary>
    public void Enqueue(IEnumerable<Bookmark> timers)
    {
        ArgumentNullException.ThrowIfNull(timers);
        foreach (var timer in timers)
        {
            pending.Writer.TryWrite(timer);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Bookmark>(BatchSize);
        while (await pending.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
        {
            while (batch.Count < BatchSize && pending.Reader.TryRead(out var timer))
            {
                batch.Add(timer);
            }

            try
            {
                await alarm.ArmAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The rows stay; the sweep rings these timers when they fall due.
                LogArmingFailed(logger, exception, batch.Count);
            }

            batch.Clear();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Arming {Count} alarms failed; the sweep rings those timers when due.")]
    private static partial void LogArmingFailed(ILogger logger, Exception exception, int count);
}
