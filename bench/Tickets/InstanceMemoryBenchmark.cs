using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Bench.Timers;
using Hotline.Server.Access;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Bench.Tickets;

/// <summary>
/// Issue 17's memory figure: the server in this process (SQLite in a temp folder, Development demo tenants), then
/// <c>tickets</c> tickets (default 10,000) of tenant <c>qu</c> registered and dispatched over HTTP, so each waits for
/// its unit to sign with its lifecycle instance and the supervision instances its clocks started, timers included.
/// GC heap (after a forced full compacting collection) and working set before and after, per 10,000 tickets.
/// </summary>
internal static class InstanceMemoryBenchmark
{
    private const string Password = "Hotline!2026";

    public static async Task<int> RunAsync(string[] args)
    {
        var tickets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 8;
        var folder = Directory.CreateTempSubdirectory("hotline-bench-memory-").FullName;
        try
        {
            await using var server = new ServerInProcess(folder);
            using var http = server.CreateClient();
            var token = await TokenAsync(http);
            var unit = new Guid(System.Security.Cryptography.SHA256.HashData("hotline-demo-unit:qu"u8).AsSpan(0, 16)).ToString();
            Console.WriteLine($"machine           : {Environment.ProcessorCount} cores, load average {TimerBenchmark.LoadAverage()}");
            await WaitingTicketsAsync(http, token, unit, 20, clients); // warm-up: caches, compiled queries, pools
            var before = TimerBenchmark.MemoryFigure.Take();
            var (instances, bookmarks, timers) = await CountAsync(server.Services);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await WaitingTicketsAsync(http, token, unit, tickets, clients);
            var made = watch.Elapsed;
            var after = TimerBenchmark.MemoryFigure.Take();
            var (instancesAfter, bookmarksAfter, timersAfter) = await CountAsync(server.Services);
            var per10K = 10_000.0 / tickets;
            Console.WriteLine($"tickets           : {tickets:N0} registered and dispatched in {made.TotalSeconds:F0} s; running instances {instances:N0} → {instancesAfter:N0}, bookmarks {bookmarks:N0} → {bookmarksAfter:N0} (timers {timers:N0} → {timersAfter:N0}), alarms armed {await ArmedAsync(server.Services):N0}");
            Console.WriteLine($"memory            : before {before}; after {after}");
            Console.WriteLine($"memory per 10,000 : {(after.Heap - before.Heap) * per10K / 1048576:F1} MB GC heap, {(after.WorkingSet - before.WorkingSet) * per10K / 1048576:F1} MB working set ({(instancesAfter - instances) * per10K:N0} instances)");
            Console.WriteLine($"load average      : {TimerBenchmark.LoadAverage()}");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task WaitingTicketsAsync(HttpClient http, string token, string unit, int tickets, int clients)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < tickets)
            {
                var number = (await ActAsync(http, token, "/api/tickets", new
                {
                    channel = "Phone",
                    caller = new { name = "王五", phone = "13700000000" },
                    category = "Complaint",
                    content = "小区夜间施工噪音扰民",
                })).GetProperty("number").GetString()!;
                await ActAsync(http, token, $"/api/tickets/{number}/dispatch", new { leadUnitId = unit });
            }
        }));
    }

    private static async Task<JsonElement> ActAsync(HttpClient http, string token, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}: {text}");
        }

        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> TokenAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync(new Uri("/api/auth/token", UriKind.Relative), new { tenant = "qu", userName = "dispatcher", password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    private static async Task<(int Instances, int Bookmarks, int Timers)> CountAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        return (
            await db.Instances.AcrossTenants().CountAsync(x => x.Status == WorkflowStatus.Running),
            await db.Bookmarks.AcrossTenants().CountAsync(),
            await db.Bookmarks.AcrossTenants().CountAsync(x => x.DueAt != null));
    }

    private static async Task<int> ArmedAsync(IServiceProvider services)
    {
        var scheduler = await services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler();
        var triggers = await scheduler.QueryTriggers(new Quartz.TriggerQuery { Group = Quartz.GroupMatcher<Quartz.TriggerKey>.GroupEquals(Hotline.Workflows.Timers.TimerAlarm.JobGroup), Take = Quartz.PagedQuery.All });
        return triggers.Items.Count(x => x.Key.Name != "workflow-timer-sweep");
    }

    /// <summary>The real server (its Program), in this process so its heap can be measured.</summary>
    private sealed class ServerInProcess(string folder) : WebApplicationFactory<AccessOptions>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            // The factory guesses the content root as <solution>/Hotline.Server; the server lives under src/.
            builder.UseContentRoot(Path.Combine(TicketActionsBenchmark.RepositoryRoot(), "src", "Hotline.Server"));
            builder.UseSetting("Hotline:DataDirectory", folder);
            builder.UseSetting("Hotline:Logs:Directory", Path.Combine(folder, "logs"));
            builder.UseSetting("Hotline:Notices:Delivery:PollInterval", "01:00:00");
            builder.UseSetting("Serilog:MinimumLevel:Default", "Warning");
            builder.UseSetting("Hotline:Access:SignInLimits:PerClient", "100000");
            builder.UseSetting("Hotline:Access:SignInLimits:PerAccount", "100000");
        }
    }
}
