using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace Hotline.Bench.Timers;

/// <summary>
/// Issue 7's timer goals on SQLite: <c>pending</c> instances each waiting on an <c>Elsa.Delay</c>, <c>due</c> of
/// them due within one minute shortly after a restart. Measures the restart's re-arm (against reading the same rows
/// with a bare <see cref="SqliteConnection"/>), the alarms' lateness (against one <see cref="DueTimerSweep.FireDueAsync"/>
/// over the same rows in a copy of the database), and what 10,000 waiting instances cost in memory and on disk.
/// </summary>
internal static class TimerBenchmark
{
    internal const string DefinitionId = "bench-timer";
    private const int StartsPerUnitOfWork = 500;
    internal static readonly TimeSpan DelaySpan = TimeSpan.FromDays(1);
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static async Task<int> RunAsync(string[] args)
    {
        var pending = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
        var due = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        // Time left between the last instance created and the first timer due: the restart and its re-arm happen in it.
        var lead = TimeSpan.FromSeconds(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40);
        if (due > pending || due <= 0)
        {
            Console.Error.WriteLine("due must be between 1 and pending");
            return 2;
        }

        var folder = Path.Combine(Path.GetTempPath(), "hotline-bench-timers-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "engine.db");
        var copy = Path.Combine(folder, "sweep.db");
        try
        {
            Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, load average {LoadAverage()}");
            var created = await Population.CreateAsync(file, pending, due, lead);
            File.Copy(file, copy);

            // The restart: a fresh host on the same file, as the server builds it, timed from StartAsync to armed.
            var rawBefore = RawRead(file);
            using var lateness = new LatenessRecorder();
            using var host = BuildHost(file);
            var idle = MemoryFigure.Take();
            var restart = Stopwatch.StartNew();
            await host.StartAsync();
            var rearm = restart.Elapsed;
            var armed = await CountArmedAsync(host);
            var loaded = MemoryFigure.Take();
            var rawAfter = RawRead(file);
            var rawRead = (rawBefore.Elapsed + rawAfter.Elapsed) / 2;
            var quartzAlone = await QuartzAloneAsync(rawBefore.Rows);
            var untilWindow = created.WindowStart - TimeProvider.System.GetUtcNow();
            Console.WriteLine($"re-arm            : {armed:N0} alarms in {rearm.TotalSeconds:F2} s (of which Quartz alone, from rows in memory: {quartzAlone.Elapsed.TotalSeconds:F2} s, {quartzAlone.BytesPerAlarm:N0} B GC heap per alarm); raw read of {rawBefore.Rows.Count:N0} rows {rawRead.TotalSeconds:F3} s (before {rawBefore.Elapsed.TotalSeconds:F3} / after {rawAfter.Elapsed.TotalSeconds:F3}); first timer due {untilWindow.TotalSeconds:F0} s after re-arm");

            // The burst: the alarms ring on their own; the lateness histogram sees each resume after its commit.
            var wait = created.WindowStart - TimeProvider.System.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, TimeProvider.System);
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var last = created.WindowStart + Window;
            var giveUp = last + TimeSpan.FromMinutes(5);
            while (lateness.Count < due && TimeProvider.System.GetUtcNow() < giveUp)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System);
            }

            var burstCpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var fired = lateness.Stop();
            var afterBurst = MemoryFigure.Take();
            var remaining = await CountArmedAsync(host);
            await host.StopAsync();
            var check = Verify(file, due);
            Console.WriteLine($"alarms            : {fired.Length:N0} fired, {check}; {burstCpu.TotalMilliseconds / Math.Max(1, fired.Length):F2} ms CPU per timer (whole process, sweep job included)");
            Console.WriteLine($"lateness          : p50 {Percentile(fired, 0.50):F3} s   p99 {Percentile(fired, 0.99):F3} s   max {(fired.Length > 0 ? fired[^1] : double.NaN):F3} s");

            // The batching baseline: the same rows (the copy made before the restart), fired by one sweep now that all are due.
            var sweep = await SweepBaselineAsync(copy, due);
            Console.WriteLine($"sweep baseline    : {sweep.Fired:N0} fired in {sweep.Wall.TotalSeconds:F2} s = {sweep.Fired / sweep.Wall.TotalSeconds:F0} timers/s, {sweep.Cpu.TotalMilliseconds / Math.Max(1, sweep.Fired):F2} ms CPU per timer; alarm path CPU per timer / sweep = {burstCpu / Math.Max(1, fired.Length) / (sweep.Cpu / Math.Max(1, sweep.Fired)):F2}");

            var per10K = 10_000.0 / pending;
            var perDue10K = 10_000.0 / due;
            Console.WriteLine($"memory            : host idle {idle}; {armed:N0} armed {loaded}; after burst ({remaining:N0} armed) {afterBurst}");
            Console.WriteLine($"memory per 10,000 : {(loaded.Heap - idle.Heap) * per10K / 1048576:F1} MB GC heap, {(loaded.WorkingSet - idle.WorkingSet) * per10K / 1048576:F1} MB working set (idle host → all armed); {(loaded.Heap - afterBurst.Heap) * perDue10K / 1048576:F1} MB GC heap (all armed → {due:N0} fewer alarms)");
            Console.WriteLine($"disk per 10,000   : {created.BytesPerTenThousand / 1048576.0:F1} MB ({created.FarBytes / 1048576.0:F1} MB for {pending - due:N0} waiting, {created.AllBytes / 1048576.0:F1} MB for {pending:N0}; file after checkpoint)");
            Console.WriteLine($"created           : {pending:N0} instances in {created.Elapsed.TotalSeconds:F0} s ({pending / created.Elapsed.TotalSeconds:F0}/s, {StartsPerUnitOfWork} starts per unit of work)");
            Console.WriteLine($"load average      : {LoadAverage()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("HOTLINE_BENCH_KEEP") is null)
            {
                Directory.Delete(folder, recursive: true);
            }
            else
            {
                Console.WriteLine($"kept              : {folder}");
            }
        }
    }

    /// <summary>The server's engine: store, definitions, runtime and Quartz timers on the system clock.</summary>
    internal static IHost BuildHost(string file, Action<IServiceCollection>? configure = null, Action<WorkflowTimerOptions>? timers = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole();
        builder.Services.AddWorkflowPersistence(WorkflowDatabaseProvider.Sqlite, $"Data Source={file}");
        builder.Services.AddWorkflowDefinitions();
        builder.Services.AddWorkflowRuntime();
        builder.Services.AddWorkflowTimers(timers);
        configure?.Invoke(builder.Services);
        return builder.Build();
    }

    internal static async Task<int> CountArmedAsync(IHost host)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TimerAlarm.JobGroup), Take = PagedQuery.All });
        return triggers.Items.Count(x => x.Key.Name != "workflow-timer-sweep");
    }

    /// <summary>The floor of any re-arm: every pending timer's id and due time, read with a bare connection.</summary>
    private static (List<(string Id, DateTimeOffset DueAt)> Rows, TimeSpan Elapsed) RawRead(string file)
    {
        var watch = Stopwatch.StartNew();
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, DueAt FROM Bookmarks WHERE DueAt IS NOT NULL ORDER BY Id";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, DateTimeOffset)>();
        while (reader.Read())
        {
            // EF Core's binary form of an instant: UTC ticks / 1000 shifted past 11 bits of offset minutes (here zero).
                var binary = reader.GetInt64(1);
                rows.Add((reader.GetString(0), new DateTimeOffset((binary >> 11) * 1000, TimeSpan.Zero)));
        }

        return (rows, watch.Elapsed);
    }

    /// <summary>The scheduler's share of a re-arm: the same alarms armed into a fresh in-memory Quartz, rows already read.</summary>
    private static async Task<(TimeSpan Elapsed, long BytesPerAlarm)> QuartzAloneAsync(List<(string Id, DateTimeOffset DueAt)> rows)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new WorkflowTimerOptions { NearWindow = TimeSpan.FromDays(36500) });
        services.AddSingleton<TimerAlarm>();
        // Arming stores triggers of the one durable job the timers' registration stores (the scheduler is never started
        // here, so no job runs): without it Quartz refuses every trigger.
        services.AddQuartz(quartz =>
        {
            quartz.UseInMemoryStore();
            quartz.AddJob<NeverRun>(job => job.WithIdentity(new JobKey("workflow-timer", TimerAlarm.JobGroup)).StoreDurably());
        });
        await using var provider = services.BuildServiceProvider();
        var alarm = provider.GetRequiredService<TimerAlarm>();
        await alarm.ArmedAsync();
        var before = MemoryFigure.Take();
        var watch = Stopwatch.StartNew();
        foreach (var chunk in rows.Chunk(1000))
        {
            await alarm.ArmAsync(chunk.Select(x => new Bookmark
            {
                Id = x.Id,
                DueAt = x.DueAt,
                WorkflowInstanceId = "",
                Name = "",
                Hash = "",
                ActivityNodeId = "",
                ActivityInstanceId = "",
            }));
        }

        var elapsed = watch.Elapsed;
        var after = MemoryFigure.Take();
        return (elapsed, (after.Heap - before.Heap) / Math.Max(1, rows.Count));
    }

    /// <summary>The job the alarms of <see cref="QuartzAloneAsync"/> trigger; the scheduler there never starts.</summary>
    private sealed class NeverRun : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    /// <summary>Every due instance finished, resumed exactly once by the timer, and the rest still waiting.</summary>
    private static string Verify(string file, int due)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        long Scalar(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }

        var finished = Scalar("SELECT COUNT(*) FROM WorkflowInstances WHERE Status = 'Finished'");
        var resumed = Scalar("SELECT COUNT(*) FROM WorkflowExecutionLogRecords WHERE EventName = 'Resumed'");
        var twice = Scalar("SELECT COUNT(*) FROM (SELECT WorkflowInstanceId FROM WorkflowExecutionLogRecords WHERE EventName = 'Resumed' GROUP BY WorkflowInstanceId HAVING COUNT(*) > 1)");
        return finished == due && resumed == due && twice == 0
            ? $"{finished:N0} instances finished, each resumed exactly once"
            : $"CHECK FAILED: {finished:N0} finished, {resumed:N0} resumes, {twice:N0} resumed twice (expected {due:N0}, {due:N0}, 0)";
    }

    private static async Task<(int Fired, TimeSpan Wall, TimeSpan Cpu)> SweepBaselineAsync(string file, int due)
    {
        // Quartz is registered but never started: only the sweep fires, as in the tests.
        using var host = BuildHost(file);
        var sweep = host.Services.GetRequiredService<DueTimerSweep>();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var fired = await sweep.FireDueAsync();
        var wall = watch.Elapsed;
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var check = Verify(file, due);
        if (!check.StartsWith(due.ToString("N0", CultureInfo.InvariantCulture), StringComparison.Ordinal))
        {
            Console.WriteLine("sweep baseline    : " + check);
        }

        return (fired, wall, used);
    }

    internal static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    /// <summary>Listens to <see cref="TimerMetrics.LatenessInstrument"/>: one value per fired timer, in seconds.</summary>
    internal sealed class LatenessRecorder : IDisposable
    {
        private readonly ConcurrentQueue<double> values = new();
        private readonly MeterListener listener = new();

        public LatenessRecorder()
        {
            listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == TimerMetrics.MeterName && instrument.Name == TimerMetrics.LatenessInstrument)
                {
                    l.EnableMeasurementEvents(instrument);
                }
            };
            listener.SetMeasurementEventCallback<double>((_, value, _, _) => values.Enqueue(value));
            listener.Start();
        }

        public int Count => values.Count;

        public void Clear() => values.Clear();

        public void Dispose() => listener.Dispose();

        public double[] Stop()
        {
            listener.Dispose();
            var sorted = values.ToArray();
            Array.Sort(sorted);
            return sorted;
        }
    }

    internal readonly record struct MemoryFigure(long Heap, long WorkingSet)
    {
        public static MemoryFigure Take()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            return new MemoryFigure(GC.GetTotalMemory(forceFullCollection: false), Environment.WorkingSet);
        }

        public override string ToString() => $"heap {Heap / 1048576.0:F1} MB / working set {WorkingSet / 1048576.0:F1} MB";
    }

    /// <summary>
    /// The waiting instances, started through the real runtime in batched units of work. The far ones wait a day
    /// from now; each due one is started "a day before" its due time by the clock the runtime is given, so its rows
    /// are exactly what the engine writes for an instance that began waiting yesterday.
    /// </summary>
    internal sealed class Population
    {
        public required TimeSpan Elapsed { get; init; }
        public required DateTimeOffset WindowStart { get; init; }
        public required long FarBytes { get; init; }
        public required long AllBytes { get; init; }
        public long BytesPerTenThousand { get; init; }

        public static async Task<Population> CreateAsync(string file, int pending, int due, TimeSpan lead)
        {
            var clock = new SettableClock();
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddSingleton<TimeProvider>(clock);
            services.AddWorkflowPersistence(WorkflowDatabaseProvider.Sqlite, $"Data Source={file}");
            services.AddWorkflowDefinitions();
            services.AddWorkflowRuntime();
            var watch = Stopwatch.StartNew();
            long farBytes;
            DateTimeOffset windowStart;
            await using (var provider = services.BuildServiceProvider())
            {
                await provider.MigrateWorkflowDatabaseAsync();
                await using (var scope = provider.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(Definition(), publish: true);
                }

                var far = pending - due;
                await StartManyAsync(provider, far, _ => null, "far");
                farBytes = Checkpoint(file);
                var rate = far > 0 ? far / watch.Elapsed.TotalSeconds : 300;
                windowStart = TimeProvider.System.GetUtcNow() + TimeSpan.FromSeconds(due / rate) + lead;
                var start = windowStart;
                await StartManyAsync(provider, due, i => start + Window * i / due, "due", clock);
                Console.WriteLine($"created           : {far:N0} far, then {due:N0} due from {windowStart:HH:mm:ss} over {Window.TotalSeconds:F0} s; {(windowStart - TimeProvider.System.GetUtcNow()).TotalSeconds:F0} s of lead left");
            }

            SqliteConnection.ClearAllPools();
            var allBytes = Checkpoint(file);
            return new Population
            {
                Elapsed = watch.Elapsed,
                WindowStart = windowStart,
                FarBytes = farBytes,
                AllBytes = allBytes,
                BytesPerTenThousand = (long)((allBytes - farBytes) * (10_000.0 / due)),
            };
        }

        internal static async Task StartManyAsync(IServiceProvider provider, int count, Func<int, DateTimeOffset?> dueAt, string prefix, SettableClock? clock = null)
        {
            for (var first = 0; first < count; first += StartsPerUnitOfWork)
            {
                await using var scope = provider.CreateAsyncScope();
                await using var unitOfWork = scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>();
                var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
                await unitOfWork.BeginAsync();
                for (var i = first; i < Math.Min(count, first + StartsPerUnitOfWork); i++)
                {
                    clock?.Set(dueAt(i) - DelaySpan);
                    await runtime.StartAsync(DefinitionId, new StartWorkflow { CorrelationId = prefix + i.ToString(CultureInfo.InvariantCulture) });
                }

                clock?.Set(null);
                await unitOfWork.CommitAsync();
            }
        }

        /// <summary>Folds the WAL into the file and returns the file's size.</summary>
        private static long Checkpoint(string file)
        {
            using (var connection = new SqliteConnection($"Data Source={file};Pooling=False"))
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
                command.ExecuteNonQuery();
            }

            return new FileInfo(file).Length;
        }

        internal static JsonObject Definition()
        {
            static JsonObject Activity(string id, string type) => new() { ["id"] = id, ["type"] = type, ["version"] = 1 };
            var delay = Activity("delay", "Elsa.Delay");
            delay["timeSpan"] = new JsonObject { ["typeName"] = "TimeSpan", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = DelaySpan.ToString("c") } };
            JsonObject Connection(string from, string to) => new()
            {
                ["source"] = new JsonObject { ["activity"] = from, ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = to, ["port"] = "In" },
            };

            return new JsonObject
            {
                ["definitionId"] = DefinitionId,
                ["name"] = "Benchmark timer",
                ["root"] = new JsonObject
                {
                    ["id"] = "flowchart1",
                    ["type"] = "Elsa.Flowchart",
                    ["version"] = 1,
                    ["activities"] = new JsonArray { Activity("start", "Elsa.Start"), delay, Activity("end", "Elsa.End") },
                    ["connections"] = new JsonArray { Connection("start", "delay"), Connection("delay", "end") },
                },
            };
        }
    }

    /// <summary>The system clock, or a set instant while the due instances are started.</summary>
    internal sealed class SettableClock : TimeProvider
    {
        private DateTimeOffset? fixedNow;

        public void Set(DateTimeOffset? now) => fixedNow = now;

        public override DateTimeOffset GetUtcNow() => fixedNow ?? System.GetUtcNow();
    }
}
