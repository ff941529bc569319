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
using Hotline.Bench.Baseline;

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
        // "unit": each resume inside a WorkflowUnitOfWork, as a ticket action or a timer batch runs it.
        var inUnit = args.Length > 1 && args[1] == "unit";
        var folder = Path.Combine(Path.GetTempPath(), "hotline-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var executorCpu = await ExecutorOnlyCpuAsync(instances);
            await using var engine = await EngineRun.StartAsync(Path.Combine(folder, "engine.db"), instances);
            using var raw = new RawCommits(Path.Combine(folder, "raw.db"));

            // Alternate slices of raw commits and engine resumes, so both see the same load on a shared machine.
            var rawTotal = new Totals();
            var engineTotal = new Totals();
            var allocated = GC.GetTotalAllocatedBytes();
            for (var step = 0; step < Waits; step++)
            {
                rawTotal.Add(raw.Commit(instances), instances);
                engineTotal.Add(await engine.ResumeEachOnceAsync(inUnit), instances);
            }

            var allocatedPerResume = (GC.GetTotalAllocatedBytes() - allocated) / engineTotal.Operations / 1024.0;
            Console.WriteLine($"raw INSERT+COMMIT : {rawTotal.PerSecond,8:F0} commits/s   CPU {rawTotal.CpuMs,5:F2} ms per commit");
            Console.WriteLine($"engine resume     : {engineTotal.PerSecond,8:F0} resumes/s   CPU {engineTotal.CpuMs,5:F2} ms per resume ({instances} instances x {Waits} resumes, 10-activity flowchart{(inUnit ? ", each in a unit of work" : "")})");
            Console.WriteLine($"ratio             : {engineTotal.PerSecond / rawTotal.PerSecond,8:P1}");
            Console.WriteLine($"engine detail     : executor alone {executorCpu:F2} ms CPU per resume; one indexed EF read {await engine.QueryCpuAsync():F2} ms CPU; {allocatedPerResume:F0} KB allocated per resume (raw slices included)");
            Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, load average {LoadAverage()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
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

        return meter.Elapsed().Cpu.TotalMilliseconds / resumes;
    }

    /// <summary>Single-row INSERT + COMMIT with the store's durability pragmas.</summary>
    /// <summary>The engine on its SQLite file: instances waiting on the chain, each resumed one unit of work at a time.</summary>
    private sealed class EngineRun(ServiceProvider provider, List<string> waiting) : IAsyncDisposable
    {
        public static async Task<EngineRun> StartAsync(string file, int instances)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddWorkflowPersistence(WorkflowDatabaseProvider.Sqlite, $"Data Source={file}");
            services.AddWorkflowDefinitions();
            services.AddWorkflowRuntime();
            var provider = services.BuildServiceProvider();
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

            return new EngineRun(provider, waiting);
        }

        public async Task<(TimeSpan Wall, TimeSpan Cpu)> ResumeEachOnceAsync(bool inUnit)
        {
            var meter = Meter.Start();
            for (var i = 0; i < waiting.Count; i++)
            {
                await using var scope = provider.CreateAsyncScope();
                var unit = inUnit ? scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>() : null;
                if (unit is not null)
                {
                    await unit.BeginAsync();
                }

                var run = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().ResumeAsync(waiting[i], actor: "bench");
                if (unit is not null)
                {
                    await unit.CommitAsync();
                }

                waiting[i] = run.CreatedBookmarks.Count > 0 ? run.CreatedBookmarks[0].Id : "";
            }

            return meter.Elapsed();
        }

        public async Task<double> QueryCpuAsync()
        {
            var meter = Meter.Start();
            for (var i = 0; i < 1000; i++)
            {
                await using var scope = provider.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().FindInstanceAsync(waiting[i % waiting.Count]);
            }

            return meter.Elapsed().Cpu.TotalMilliseconds / 1000;
        }

        public ValueTask DisposeAsync() => provider.DisposeAsync();
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private sealed class Totals
    {
        private TimeSpan wall;
        private TimeSpan cpu;

        public int Operations { get; private set; }
        public double PerSecond => Operations / wall.TotalSeconds;
        public double CpuMs => cpu.TotalMilliseconds / Operations;

        public void Add((TimeSpan Wall, TimeSpan Cpu) slice, int operations)
        {
            wall += slice.Wall;
            cpu += slice.Cpu;
            Operations += operations;
        }
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

}
