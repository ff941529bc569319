using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Parsing;

namespace Hotline.Server.Hosting;

/// <summary>
/// Hands log events to slow sinks (console, file) from a thread of its own that wakes every <see cref="Period"/> and
/// writes whatever has queued. A request only enqueues: Serilog's async sink woke its thread for every event
/// (a semaphore release and the lock behind it, about 5 % of a ticket action's CPU).
/// <para>
/// At most <see cref="Capacity"/> events wait; when the writer falls that far behind, further events are dropped,
/// never waited for (a request must not stall on a slow disk or console), and the next batch ends with a warning that
/// says how many were lost. Disposing (the host's graceful stop) writes everything queued before it returns, then
/// disposes the sinks.
/// </para>
/// </summary>
public sealed class BufferedLogSink : ILogEventSink, IDisposable
{
    /// <summary>Events held for the writer: at a few events per request, many seconds of a busy node's requests.</summary>
    public const int DefaultCapacity = 10_000;

    /// <summary>How long a line may wait before it is written: short enough to tail a log, long enough to batch.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromMilliseconds(100);

    private static readonly MessageTemplate DroppedTemplate =
        new MessageTemplateParser().Parse("{DroppedLogEvents} log events were dropped: the log writer fell behind");

    private readonly ILogEventSink target;
    private readonly TimeProvider time;
    private readonly ConcurrentQueue<LogEvent> queue = new();
    private readonly ManualResetEventSlim stopping = new(false, spinCount: 0);
    private readonly Thread writer;
    private int queued;
    private long dropped;
    private int disposed;

    public BufferedLogSink(ILogEventSink target, TimeProvider time, int capacity, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        this.target = target;
        this.time = time;
        Capacity = capacity;
        Period = period;
        writer = new Thread(Run) { IsBackground = true, Name = "Log writer" };
        writer.Start();
    }

    public int Capacity { get; }
    public TimeSpan Period { get; }

    /// <summary>Events dropped since the last batch was written (tests read it).</summary>
    public long Dropped => Interlocked.Read(ref dropped);

    public void Emit(LogEvent logEvent)
    {
        if (Interlocked.Increment(ref queued) > Capacity)
        {
            Interlocked.Decrement(ref queued);
            Interlocked.Increment(ref dropped);
            return;
        }

        queue.Enqueue(logEvent);
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        stopping.Set();
        writer.Join();
        (target as IDisposable)?.Dispose();
        stopping.Dispose();
    }

    private void Run()
    {
        while (!stopping.Wait(Period))
        {
            WriteQueued();
        }

        WriteQueued();
    }

    private void WriteQueued()
    {
        while (queue.TryDequeue(out var logEvent))
        {
            Interlocked.Decrement(ref queued);
            Write(logEvent);
        }

        var lost = Interlocked.Exchange(ref dropped, 0);
        if (lost > 0)
        {
            Write(new LogEvent(time.GetLocalNow(), LogEventLevel.Warning, null, DroppedTemplate,
                [new LogEventProperty("DroppedLogEvents", new ScalarValue(lost))]));
        }
    }

    private void Write(LogEvent logEvent)
    {
        try
        {
            target.Emit(logEvent);
        }
        catch (Exception e)
        {
            // A sink that throws (a full disk) must not end the writer: the next lines may get through.
            SelfLog.WriteLine("Writing a log event failed: {0}", e);
        }
    }
}
