using Hotline.Server.Hosting;
using Hotline.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Hotline.Server.Tests.Observability;

public sealed partial class BufferedLogSinkTests
{
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    private static LogEvent Line(int n) => new(
        DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("Line {N}"),
        [new LogEventProperty("N", new ScalarValue(n))]);

    private static int? NumberOf(LogEvent e) => e.Properties.TryGetValue("N", out var v) && v is ScalarValue { Value: int n } ? n : null;

    [Fact]
    public async Task A_burst_beyond_the_queue_limit_neither_blocks_nor_queues_more_and_the_loss_is_logged()
    {
        using var target = new GatedSink();
        using var sink = new BufferedLogSink(target, TimeProvider.System, capacity: 100, TimeSpan.FromMilliseconds(10));
        // The writer takes the first line and stalls in the sink (a disk that hangs).
        sink.Emit(Line(0));
        Assert.True(target.Entered.Wait(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken), "the writer never took the first line");

        // A burst from requests while it is stalled: every call returns, the queue keeps 100, the rest is dropped.
        await Task.Run(() =>
        {
            for (var i = 1; i <= 10_000; i++)
                sink.Emit(Line(i));
        }, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(9_900, sink.Dropped);

        target.Gate.Set();
        sink.Dispose();
        var written = target.Events.Where(e => NumberOf(e) is not null).Select(e => NumberOf(e)!.Value).ToList();
        Assert.Equal(Enumerable.Range(0, 101), written);
        var warning = Assert.Single(target.Events, e => e.Level == LogEventLevel.Warning);
        Assert.Equal(9_900L, ((ScalarValue)warning.Properties["DroppedLogEvents"]).Value);
    }

    [Fact]
    public void Lines_wait_for_the_writer_and_disposing_writes_every_one_queued_then_disposes_the_sinks()
    {
        using var target = new GatedSink();
        target.Gate.Set();
        var sink = new BufferedLogSink(target, TimeProvider.System, capacity: 1_000, Hour);
        for (var i = 0; i < 500; i++)
            sink.Emit(Line(i));
        Assert.Empty(target.Events); // the request that logged did not write: the writer's next turn is an hour away

        sink.Dispose();
        Assert.Equal(Enumerable.Range(0, 500), target.Events.Select(e => NumberOf(e)!.Value));
        Assert.True(target.Disposed);
    }

    [Fact]
    public void A_sink_that_throws_does_not_stop_the_lines_after_it()
    {
        using var target = new GatedSink { FailOn = 1 };
        target.Gate.Set();
        var sink = new BufferedLogSink(target, TimeProvider.System, capacity: 10, Hour);
        for (var i = 0; i < 3; i++)
            sink.Emit(Line(i));
        sink.Dispose();
        Assert.Equal([0, 2], target.Events.Select(e => NumberOf(e)!.Value));
    }

    [Fact]
    public async Task Lines_logged_just_before_a_graceful_stop_are_in_the_file()
    {
        var folder = Directory.CreateTempSubdirectory("hotline-logs-").FullName;
        try
        {
            var marker = Guid.NewGuid().ToString("N");
            // An hour between the writer's turns: only the stop can have written these lines.
            await using (var host = new LoggingHost(folder) { WritePeriod = Hour })
            {
                var logger = host.Services.GetRequiredService<ILogger<BufferedLogSinkTests>>();
                Assert.True(logger.IsEnabled(LogLevel.Information));
                for (var i = 0; i < 200; i++)
                    LogBeforeStop(logger, marker, i);
            }

            // The test host may finish disposing its services just after DisposeAsync returns; the hour-long period
            // still means that only the stop can have written these lines.
            var deadline = Environment.TickCount64 + 30_000;
            List<string> lines;
            do
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
                lines = MarkedLines(Path.Combine(folder, "logs"), marker);
            }
            while (lines.Count < 200 && Environment.TickCount64 < deadline);
            Assert.Equal(200, lines.Count);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("Hotline:Logs:QueueLimit", "0")]
    [InlineData("Hotline:Logs:QueueLimit", "-5")]
    [InlineData("Hotline:Logs:WritePeriod", "00:00:00")]
    [InlineData("Hotline:Logs:WritePeriod", "-00:00:01")]
    public void A_log_setting_out_of_range_stops_the_start_and_names_the_setting(string setting, string value)
    {
        using var host = HotlineHost.With(new Dictionary<string, string> { [setting] = value });

        var refused = Assert.ThrowsAny<Exception>(() => host.CreateClient());

        var reasons = string.Join(" | ", Reasons(refused));
        Assert.Contains(setting + " must be", reasons, StringComparison.Ordinal);
        Assert.Contains(value, reasons, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Reasons(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e.Message;
            if (e is AggregateException all)
            {
                foreach (var inner in all.InnerExceptions.SelectMany(Reasons))
                    yield return inner;
            }
        }
    }

    private static List<string> MarkedLines(string logFolder, string marker)
    {
        if (!Directory.Exists(logFolder))
            return [];
        var lines = new List<string>();
        foreach (var file in Directory.GetFiles(logFolder, "hotline-*.json"))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line.Contains(marker, StringComparison.Ordinal))
                    lines.Add(line);
            }
        }

        return lines;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Before the stop {Marker} {N}")]
    private static partial void LogBeforeStop(ILogger logger, string marker, int n);

    /// <summary>Keeps what it is given; stalls each line until <see cref="Gate"/> opens.</summary>
    private sealed class GatedSink : ILogEventSink, IDisposable
    {
        private int count;

        public ManualResetEventSlim Entered { get; } = new();
        public ManualResetEventSlim Gate { get; } = new();
        public List<LogEvent> Events { get; } = [];
        public int? FailOn { get; init; }
        public bool Disposed { get; private set; }

        public void Emit(LogEvent logEvent)
        {
            Entered.Set();
            Gate.Wait();
            if (count++ == FailOn)
                throw new IOException("The disk is full.");
            Events.Add(logEvent);
        }

        public void Dispose()
        {
            Disposed = true;
            Entered.Dispose();
            Gate.Dispose();
        }
    }
}
