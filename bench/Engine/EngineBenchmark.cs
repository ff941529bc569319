using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Runtime.InteropServices;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Bench.Engine;

/// <summary>
/// Resumes per second of a 10-activity flowchart on SQLite (each resume is one unit of work to the next wait),
/// against a raw baseline of single-row INSERT + COMMIT with the same durability pragmas on the same disk.
/// </summary>
internal static class EngineBenchmark
{
    private const int Waits = 8;

    public static async Task<int> RunAsync(string[] args)
    {
        var instances = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 250;
        var folder = Path.Combine(Path.GetTempPath(), "hotline-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var raw = RawCommits(Path.Combine(folder, "raw.db"), instances * Waits);
            var executorCpu = await ExecutorOnlyCpuAsync(instances);
            var (engine, queryCpu) = await EngineResumesAsync(Path.Combine(folder, "engine.db"), instances);
            Console.WriteLine($"raw INSERT+COMMIT : {raw.PerSecond,10:F0} commits/s   CPU {raw.CpuMs,6:F2} ms per commit");
            Console.WriteLine($"engine resume     : {engine.PerSecond,10:F0} resumes/s   CPU {engine.CpuMs,6:F2} ms per resume ({instances} instances x {Waits} resumes, 10-activity flowchart)");
            Console.WriteLine($"  of which        : executor alone CPU {executorCpu:F2} ms per resume; one indexed EF read CPU {queryCpu:F2} ms");
            Console.WriteLine($"ratio             : {engine.PerSecond / raw.PerSecond,10:P1}");
            Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, load {LoadAverage()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Rate RawCommits(string file, int count)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        Execute(connection, SqliteDurability.Pragmas);
        Execute(connection, "CREATE TABLE Rows (Id INTEGER PRIMARY KEY, Payload TEXT NOT NULL)");
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Rows (Payload) VALUES ($payload)";
        var payload = insert.Parameters.Add("$payload", SqliteType.Text);

        var meter = Meter.Start();
        for (var i = 0; i < count; i++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            payload.Value = "row " + i.ToString(CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        return meter.Stop(count);
    }

    // The executor alone, in memory: what the engine costs before any persistence.
    private static async Task<double> ExecutorOnlyCpuAsync(int instances)
    {
        var registry = ActivityRegistry.CreateWithBuiltIns();
        var definition = WorkflowDefinitionSerializer.Parse(TenActivityChain(), registry);
        var executor = new WorkflowExecutor(registry, TimeProvider.System);
        var meter = Meter.Start();
        var resumes = 0;
        for (var i = 0; i < instances; i++)
        {
            var instance = new WorkflowInstance { Id = "i" + i.ToString(CultureInfo.InvariantCulture), DefinitionId = definition.DefinitionId, DefinitionVersionId = definition.Id, Version = 1 };
            var result = await executor.StartAsync(definition, instance, ExecutionRequest.Empty, CancellationToken.None);
            while (result.CreatedBookmarks.Count > 0)
            {
                result = await executor.ResumeAsync(definition, instance, result.CreatedBookmarks[0], ExecutionRequest.Empty, CancellationToken.None);
                resumes++;
            }
        }

        return meter.Stop(resumes).CpuMs;
    }

    private static async Task<(Rate Resumes, double QueryCpuMs)> EngineResumesAsync(string file, int instances)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflowPersistence(WorkflowDatabaseProvider.Sqlite, $"Data Source={file}");
        services.AddWorkflowDefinitions();
        services.AddWorkflowRuntime();
        await using var provider = services.BuildServiceProvider();
        await provider.MigrateWorkflowDatabaseAsync();

        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(TenActivityChain(), publish: true);
        }

        var waiting = new List<string>(instances);
        for (var i = 0; i < instances; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("bench-chain");
            waiting.Add(run.CreatedBookmarks[0].Id);
        }

        var queries = Meter.Start();
        for (var i = 0; i < 1000; i++)
        {
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().FindInstanceAsync(waiting[i % waiting.Count]);
        }

        var queryCpu = queries.Stop(1000).CpuMs;
        var allocated = GC.GetTotalAllocatedBytes();
        var meter = Meter.Start();
        var resumes = 0;
        for (var step = 0; step < Waits; step++)
        {
            for (var i = 0; i < waiting.Count; i++)
            {
                await using var scope = provider.CreateAsyncScope();
                var run = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(waiting[i], actor: "bench");
                waiting[i] = run.CreatedBookmarks.Count > 0 ? run.CreatedBookmarks[0].Id : "";
                resumes++;
            }
        }

        var rate = meter.Stop(resumes);
        Console.WriteLine($"  allocated       : {(GC.GetTotalAllocatedBytes() - allocated) / resumes / 1024.0:F0} KB per resume, gen0/1/2 {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}");
        return (rate, queryCpu);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private readonly record struct Rate(double PerSecond, double CpuMs);

    /// <summary>Wall clock and process CPU (all threads, kernel included) over a measured loop.</summary>
    private readonly record struct Meter(Stopwatch Wall, TimeSpan Cpu)
    {
        public static Meter Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

        public Rate Stop(int operations) => new(
            operations / Wall.Elapsed.TotalSeconds,
            (Process.GetCurrentProcess().TotalProcessorTime - Cpu).TotalMilliseconds / operations);
    }

    // Start, eight Event waits, End: ten activities, eight resumes to finish.
    private static JsonObject TenActivityChain()
    {
        var ids = new List<string> { "start" };
        var activities = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "Elsa.Start", ["version"] = 1 } };
        for (var i = 1; i <= Waits; i++)
        {
            var id = "wait" + i.ToString(CultureInfo.InvariantCulture);
            ids.Add(id);
            activities.Add(new JsonObject
            {
                ["id"] = id,
                ["type"] = "Elsa.Event",
                ["version"] = 1,
                ["eventName"] = new JsonObject { ["typeName"] = "String", ["expression"] = new JsonObject { ["type"] = "Literal", ["value"] = id } },
            });
        }

        ids.Add("end");
        activities.Add(new JsonObject { ["id"] = "end", ["type"] = "Elsa.End", ["version"] = 1 });
        var connections = new JsonArray();
        for (var i = 1; i < ids.Count; i++)
        {
            connections.Add(new JsonObject
            {
                ["source"] = new JsonObject { ["activity"] = ids[i - 1], ["port"] = "Done" },
                ["target"] = new JsonObject { ["activity"] = ids[i], ["port"] = "In" },
            });
        }

        return new JsonObject
        {
            ["definitionId"] = "bench-chain",
            ["name"] = "Benchmark chain",
            ["root"] = new JsonObject { ["id"] = "flowchart1", ["type"] = "Elsa.Flowchart", ["version"] = 1, ["activities"] = activities, ["connections"] = connections },
        };
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
