using System.Diagnostics;
using System.Globalization;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Bench.Timers;

/// <summary>
/// Issue 17's re-arm goal: a node restarting over <c>pending</c> waiting timers (default 1,000,000), spread evenly
/// over the next 30 days, arms only those due within the near window (an hour) and so starts in seconds with a
/// bounded heap. With <c>all</c> it then restarts over the same file with a window wider than every due time (the
/// behaviour before: every timer armed), the A/B in the same run. One real instance is started through the runtime;
/// the other timers are copies of its bookmark row with their own ids and due times (creating a million instances
/// would take hours here, and the re-arm reads only bookmark rows).
/// </summary>
internal static class RearmBenchmark
{
    private static readonly TimeSpan Spread = TimeSpan.FromDays(30);
    private static readonly TimeSpan FirstDue = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        var pending = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
        var both = args.Length > 1 && args[1] == "all";
        var folder = Directory.CreateTempSubdirectory("hotline-bench-rearm-").FullName;
        var file = Path.Combine(folder, "engine.db");
        try
        {
            Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, load average {TimerBenchmark.LoadAverage()}");
            var written = await PopulateAsync(file, pending);
            Console.WriteLine($"population        : {pending:N0} timer bookmarks due from now + {FirstDue.TotalMinutes:F0} min over {Spread.TotalDays:F0} days, written in {written.TotalSeconds:F1} s");
            await RestartAsync(file, "near window 1 h", null);
            if (both)
            {
                await RestartAsync(file, "every timer armed", options => options.NearWindow = TimeSpan.FromDays(36500));
            }

            Console.WriteLine($"load average      : {TimerBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task RestartAsync(string file, string label, Action<Microsoft.Extensions.DependencyInjection.WorkflowTimerOptions>? timers)
    {
        using var host = TimerBenchmark.BuildHost(file, timers: timers);
        var idle = TimerBenchmark.MemoryFigure.Take();
        var watch = Stopwatch.StartNew();
        await host.StartAsync();
        var elapsed = watch.Elapsed;
        var armed = await TimerBenchmark.CountArmedAsync(host);
        var loaded = TimerBenchmark.MemoryFigure.Take();
        Console.WriteLine($"re-arm ({label,-17}): {armed:N0} alarms armed in {elapsed.TotalSeconds:F2} s; {idle} idle → {loaded} armed (+{(loaded.Heap - idle.Heap) / 1048576.0:F1} MB heap)");
        await host.StopAsync();
    }

    /// <summary>One instance through the runtime, then its bookmark row copied with fresh ids and due times.</summary>
    private static async Task<TimeSpan> PopulateAsync(string file, int pending)
    {
        var watch = Stopwatch.StartNew();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddWorkflowPersistence(WorkflowDatabaseProvider.Sqlite, $"Data Source={file}");
        services.AddWorkflowDefinitions();
        services.AddWorkflowRuntime();
        string template;
        await using (var provider = services.BuildServiceProvider())
        {
            await provider.MigrateWorkflowDatabaseAsync();
            await using var scope = provider.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Hotline.Workflows.Definitions.WorkflowDefinitionStore>().SaveAsync(TimerBenchmark.Population.Definition(), publish: true);
            var run = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(TimerBenchmark.DefinitionId, new StartWorkflow { CorrelationId = "template" });
            template = run.CreatedBookmarks.Single().Id;
        }

        SqliteConnection.ClearAllPools();
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        var columns = new List<string>();
        using (var info = connection.CreateCommand())
        {
            info.CommandText = "SELECT name FROM pragma_table_info('Bookmarks')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                columns.Add(reader.GetString(0));
            }
        }

        var copied = string.Join(", ", columns.Where(c => c is not "Id" and not "DueAt"));
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO Bookmarks (Id, DueAt, {copied}) SELECT $id, $due, {copied} FROM Bookmarks WHERE Id = $template";
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var due = insert.Parameters.Add("$due", SqliteType.Integer);
        insert.Parameters.AddWithValue("$template", template);
        insert.Prepare();
        var first = DateTimeOffset.UtcNow + FirstDue;
        for (var i = 1; i < pending; i++)
        {
            id.Value = Guid.NewGuid().ToString("N");
            // The engine stores instants as UTC ticks (UtcTicksConverter).
            due.Value = (first + Spread * ((double)i / pending)).UtcTicks;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return watch.Elapsed;
    }
}
