using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Hotline.Bench.Baseline;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hotline.Bench.Timers;

/// <summary>
/// Issue 17's cluster goal: <c>timers</c> instances (default 5,000) due at one moment, rung by <c>nodes</c> engine
/// processes (default 3) sharing one workflow store on PostgreSQL (<c>HOTLINE_BENCH_POSTGRES</c>), each finding due
/// timers itself and claiming them batch by batch (<see cref="DueTimerWatch"/>). For each batch size given (default
/// <c>1,100</c>: one timer per transaction, then batched) a fresh database: the instances are started through the runtime,
/// and each node reports the lateness of the timers it fired (<c>hotline.timer.lateness</c>, commit time − due time).
/// Afterwards the database is checked: every instance finished, resumed exactly once.
/// </summary>
internal static class ClusterTimerBenchmark
{
    private const string NodeReady = "node ready";
    private const string NodeForget = "forget";
    private const string NodeLateness = "lateness ";

    public static async Task<int> RunAsync(string[] args)
    {
        var timers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
        var nodes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var batches = (args.Length > 2 ? args[2] : "1,100").Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList();
        var lead = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 150);
        var warmUp = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 50;
        Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, load average {TimerBenchmark.LoadAverage()}; {timers:N0} timers due at once, {nodes} nodes");
        Console.WriteLine($"nodes run         : {NodeAssembly()}");
        foreach (var batch in batches)
        {
            await RoundAsync(timers, nodes, batch, lead, warmUp);
        }

        Console.WriteLine($"load average      : {TimerBenchmark.LoadAverage()}");
        return 0;
    }

    private static async Task RoundAsync(int timers, int nodeCount, int batchSize, TimeSpan lead, int warmUp)
    {
        var database = BenchDatabase.Create();
        var processes = new List<Process>();
        try
        {
            // The nodes first, on the migrated database, so that their start-up (slow on a loaded machine) is not
            // inside the lead; then the instances.
            await MigrateAsync(database.ConnectionString);
            var watch = Stopwatch.StartNew();
            // The first alone, as a cluster's nodes come up one after another.
            var first = StartNode(database.ConnectionString, batchSize);
            processes.Add(first.Process);
            await first.Ready;
            var nodes = Enumerable.Range(1, nodeCount - 1).Select(_ => StartNode(database.ConnectionString, batchSize)).ToList();
            processes.AddRange(nodes.Select(n => n.Process));
            await Task.WhenAll(nodes.Select(n => n.Ready));
            Console.WriteLine($"batch {batchSize,4}        : {nodeCount} nodes up in {watch.Elapsed.TotalSeconds:F1} s");
            if (warmUp > 0)
            {
                // A small burst first, not counted: a node that has fired nothing yet compiles the engine's path (JIT, EF's
                // queries) inside the burst, which a running server has long done. 0 measures cold nodes, as runs before did.
                var warmed = Stopwatch.StartNew();
                await PopulateAsync(database.ConnectionString, warmUp * nodeCount, TimeSpan.FromSeconds(10), "warm-up");
                while (Finished(database.ConnectionString) < warmUp * nodeCount && warmed.Elapsed < TimeSpan.FromMinutes(5))
                {
                    await Task.Delay(500);
                }

                foreach (var process in processes)
                {
                    await process.StandardInput.WriteLineAsync(NodeForget);
                }

                Console.WriteLine($"batch {batchSize,4}        : warm-up of {warmUp * nodeCount:N0} timers fired in {warmed.Elapsed.TotalSeconds:F1} s (not counted)");
            }

            var dueAt = await PopulateAsync(database.ConnectionString, timers, lead, "cluster");
            var left = dueAt - DateTimeOffset.UtcNow;
            Console.WriteLine($"batch {batchSize,4}        : {left.TotalSeconds:F0} s left before the timers are due");
            if (left < TimeSpan.Zero)
            {
                Console.WriteLine("                    (the lead was too short: the timers fell due before they were all started; give a longer lead)");
            }

            var cpu = CpuSeconds(processes);
            var giveUp = DateTimeOffset.UtcNow + lead + TimeSpan.FromMinutes(5);
            var expected = timers + Math.Max(0, warmUp) * nodeCount;
            while (Finished(database.ConnectionString) < expected && DateTimeOffset.UtcNow < giveUp)
            {
                await Task.Delay(1000);
            }

            var burstCpu = CpuSeconds(processes) - cpu;
            var values = new List<double>();
            foreach (var process in processes)
            {
                await process.StandardInput.WriteLineAsync("stop");
                process.StandardInput.Close();
                string? line;
                while ((line = await process.StandardOutput.ReadLineAsync()) is not null)
                {
                    if (line.StartsWith(NodeLateness, StringComparison.Ordinal))
                    {
                        values.AddRange(line[NodeLateness.Length..].Split(',', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, CultureInfo.InvariantCulture)));
                    }
                }

                await process.WaitForExitAsync();
            }

            var sorted = values.Order().ToArray();
            Console.WriteLine($"batch {batchSize,4}        : {sorted.Length:N0} fired, {Verify(database.ConnectionString, expected)}; lateness p50 {TimerBenchmark.Percentile(sorted, 0.5):F3} s   p99 {TimerBenchmark.Percentile(sorted, 0.99):F3} s   max {(sorted.Length > 0 ? sorted[^1] : double.NaN):F3} s; nodes' CPU while firing {burstCpu:F1} s ({burstCpu * 1000 / Math.Max(1, sorted.Length):F2} ms per timer)");
        }
        finally
        {
            foreach (var process in processes)
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                }

                process.Dispose();
            }

            NpgsqlConnection.ClearAllPools();
            database.Drop();
        }
    }

    /// <summary>
    /// One engine node (<c>timer-node</c>): waits for "stop" on its input, then prints the lateness of what it fired since
    /// it started or was last told to "forget".
    /// </summary>
    public static async Task<int> NodeAsync(string[] args)
    {
        var connection = args[0];
        var batchSize = int.Parse(args[1], CultureInfo.InvariantCulture);
        using var lateness = new TimerBenchmark.LatenessRecorder();
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // Logs to standard error: standard output is the node's report, read only at the end.
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddWorkflowPersistence(WorkflowDatabaseProvider.PostgreSql, connection);
        builder.Services.AddWorkflowDefinitions();
        builder.Services.AddWorkflowRuntime();
        builder.Services.AddWorkflowTimers(options =>
        {
            options.Clustered = true;
            options.BatchSize = batchSize;
        });
        using var host = builder.Build();
        await host.StartAsync();
        Console.WriteLine(NodeReady);
        while (await Console.In.ReadLineAsync() is { } line && line != "stop")
        {
            if (line == NodeForget)
            {
                lateness.Clear();
            }
        }

        await host.StopAsync();
        Console.WriteLine(NodeLateness + string.Join(',', lateness.Stop().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return 0;
    }

    /// <summary>
    /// The bench whose <c>timer-node</c> runs the nodes: this one, or the build in <c>HOTLINE_BENCH_TIMER_NODE</c> (its
    /// folder or its <c>Hotline.Bench.dll</c>), so that a baseline build's nodes are driven by this bench's population
    /// and checks, as <c>HOTLINE_BENCH_SERVER</c> does for ticket actions.
    /// </summary>
    private static string NodeAssembly()
    {
        var other = Environment.GetEnvironmentVariable("HOTLINE_BENCH_TIMER_NODE");
        if (string.IsNullOrEmpty(other))
        {
            return Assembly.GetEntryAssembly()!.Location;
        }

        return Directory.Exists(other) ? Path.Combine(other, "Hotline.Bench.dll") : other;
    }

    private static (Process Process, Task Ready) StartNode(string connection, int batchSize)
    {
        var start = new ProcessStartInfo("dotnet", [NodeAssembly(), "timer-node", connection, batchSize.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("A node did not start.");
        return (process, WaitReadyAsync(process));
    }

    private static async Task WaitReadyAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line == NodeReady)
            {
                return;
            }

            Console.WriteLine("  node: " + line);
        }

        await process.WaitForExitAsync();
        throw new InvalidOperationException($"A node exited before it was ready ({process.ExitCode}).");
    }

    private static async Task MigrateAsync(string connection)
    {
        await using var provider = Engine(connection, new TimerBenchmark.SettableClock(), cluster: false).BuildServiceProvider();
        await provider.MigrateWorkflowDatabaseAsync();
        await using var scope = provider.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(TimerBenchmark.Population.Definition(), publish: true);
    }

    /// <summary>
    /// The instances, started through the runtime by a clock set a day before the moment. A clustered node sets no alarms
    /// (the reconciliation below arms none; it was 11 s for 5,000 alarms in Quartz's clustered store).
    /// </summary>
    private static async Task<DateTimeOffset> PopulateAsync(string connection, int timers, TimeSpan lead, string prefix)
    {
        var watch = Stopwatch.StartNew();
        var clock = new TimerBenchmark.SettableClock();
        await using var provider = Engine(connection, clock, cluster: true).BuildServiceProvider();
        var dueAt = DateTimeOffset.UtcNow + lead;
        await TimerBenchmark.Population.StartManyAsync(provider, timers, _ => dueAt, prefix, clock);
        var started = watch.Elapsed;
        var armed = await provider.GetRequiredService<TimerReconciliation>().ReconcileAsync();
        Console.WriteLine($"population        : {timers:N0} {prefix} instances due at {dueAt:HH:mm:ss}, started in {started.TotalSeconds:F1} s, {armed:N0} alarms armed in {(watch.Elapsed - started).TotalSeconds:F1} s");
        return dueAt;
    }

    private static ServiceCollection Engine(string connection, TimeProvider clock, bool cluster)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddWorkflowPersistence(WorkflowDatabaseProvider.PostgreSql, connection);
        services.AddWorkflowDefinitions();
        services.AddWorkflowRuntime();
        if (cluster)
        {
            services.AddWorkflowTimers(options => options.Clustered = true);
        }

        return services;
    }

    private static long Finished(string connection) =>
        Scalar(connection, "SELECT count(*) FROM \"WorkflowInstances\" WHERE \"Status\" = 'Finished'");

    private static string Verify(string connection, int timers)
    {
        var finished = Finished(connection);
        var resumed = Scalar(connection, "SELECT count(*) FROM \"WorkflowExecutionLogRecords\" WHERE \"EventName\" = 'Resumed'");
        var twice = Scalar(connection, "SELECT count(*) FROM (SELECT \"WorkflowInstanceId\" FROM \"WorkflowExecutionLogRecords\" WHERE \"EventName\" = 'Resumed' GROUP BY \"WorkflowInstanceId\" HAVING count(*) > 1) t");
        return finished == timers && resumed == timers && twice == 0
            ? $"{finished:N0} finished, each resumed exactly once"
            : $"CHECK FAILED: {finished:N0} finished, {resumed:N0} resumes, {twice:N0} resumed twice (expected {timers:N0}, {timers:N0}, 0)";
    }

    private static long Scalar(string connection, string sql)
    {
        using var db = new NpgsqlConnection(connection);
        db.Open();
        using var command = new NpgsqlCommand(sql, db);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static double CpuSeconds(IEnumerable<Process> processes) =>
        processes.Sum(p =>
        {
            p.Refresh();
            return p.HasExited ? 0 : p.TotalProcessorTime.TotalSeconds;
        });
}
