using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Hotline.Bench.Baseline;

namespace Hotline.Bench.Tickets;

/// <summary>
/// Ticket actions end to end over HTTP: the real server (Release, its own data folder) on a loopback port, on SQLite
/// or on PostgreSQL (a fresh database on the server <c>HOTLINE_BENCH_POSTGRES</c> names), driven by concurrent clients
/// that take tickets through register, dispatch, sign, reply, review and revisit. Each action is one request and one
/// durable commit of the ticket and its workflows. The baseline is single-row INSERT + COMMIT with the same
/// durability on the same database engine and disk, measured before and after in the same run.
/// </summary>
internal static class TicketActionsBenchmark
{
    private const string Password = "Hotline!2026";

    // A server that answers busy this often to one action is not being measured any more: the run stops and says so.
    private const int MaxAttempts = 10;

    // 503 answers of the measured run, each retried.
    private static int busyAnswers;

    public static async Task<int> RunAsync(string[] args)
    {
        var tickets = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 300;
        var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 50;
        var database = args.Length > 2 ? args[2] : "sqlite";
        var folder = Path.Combine(Path.GetTempPath(), "hotline-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var postgres = database == "postgres" ? BenchDatabase.Create() : null;
        var port = FreePort();
        var metricsPort = FreePort();
        using var server = StartServer(folder, port, metricsPort, postgres?.ConnectionString);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
            using var metrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
            await WaitHealthyAsync(http, server);
            var roles = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var role in new[] { "dispatcher", "unit-handler", "reviewer" })
            {
                roles[role] = await TokenAsync(http, role);
            }

            var unit = DemoUnitId();
            using var raw = postgres is null ? new RawCommits(Path.Combine(folder, "raw.db")) : RawCommits.Postgres(postgres.ConnectionString);
            var before = raw.Commit(500);
            // HOTLINE_BENCH_WARMUP tickets first (default 10), unmeasured: a larger warm-up (e.g. 300) shows the steady state
            // once the runtime has compiled and tiered up what an action runs.
            var warmUp = int.TryParse(Environment.GetEnvironmentVariable("HOTLINE_BENCH_WARMUP"), NumberStyles.None, CultureInfo.InvariantCulture, out var w) ? w : 10;
            await RunTicketsAsync(http, roles, unit, warmUp, 5, new ConcurrentBag<(string, double)>());
            var latencies = new ConcurrentBag<(string Action, double Milliseconds)>();
            Volatile.Write(ref busyAnswers, 0);
            var profileBefore = await ServerProfile.ScrapeAsync(metrics);
            var backendsBefore = postgres is null ? null : BackendCpu.Read(postgres.ConnectionString);
            var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            await RunTicketsAsync(http, roles, unit, tickets, clients, latencies);
            wall.Stop();
            benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
            var profileAfter = await ServerProfile.ScrapeAsync(metrics);
            var backendsAfter = postgres is null ? null : BackendCpu.Read(postgres.ConnectionString);
            var after = raw.Commit(500);

            var rawRate = 1000 / (before.Wall.TotalSeconds + after.Wall.TotalSeconds); // two slices of 500
            var actionRate = latencies.Count / wall.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{database}: tickets {tickets}, clients {clients}, actions {latencies.Count} in {wall.Elapsed.TotalSeconds:0.0} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"raw commits/s        {rawRate,8:0}   (before {500 / before.Wall.TotalSeconds:0}, after {500 / after.Wall.TotalSeconds:0})"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ticket actions/s     {actionRate,8:0}   ratio {actionRate / rawRate:P1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"latency all          p50 {Percentile(latencies.Select(l => l.Milliseconds), 0.50),6:0.0} ms   p99 {Percentile(latencies.Select(l => l.Milliseconds), 0.99),6:0.0} ms"));
            foreach (var group in latencies.GroupBy(l => l.Action).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-14}     p50 {Percentile(group.Select(l => l.Milliseconds), 0.50),6:0.0} ms   p99 {Percentile(group.Select(l => l.Milliseconds), 0.99),6:0.0} ms"));
            }

            // Busy answers are the admission limit at work (docs/operations.md): retried, and their wait is in the latency.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"busy answers (503, retried) {Volatile.Read(ref busyAnswers),6}"));
            ServerProfile.Print(profileBefore, profileAfter, latencies.Count);
            // The clients share the machine's cores with the server: what they take is not the server's to use.
            if (backendsBefore is not null && backendsAfter is not null)
            {
                // The database's side of the same actions, on this machine's cores too.
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"PostgreSQL CPU per action {backendsAfter.SecondsSince(backendsBefore) * 1000 / Math.Max(1, latencies.Count),6:0.00} ms   (the database's backends; {backendsAfter.ExitedSince(backendsBefore)} exited in the run)"));
            }
            else if (postgres is not null)
            {
                Console.WriteLine("PostgreSQL CPU per action: not read (the backends are not on this machine)");
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench clients' CPU per action {benchCpu.TotalMilliseconds / Math.Max(1, latencies.Count),6:0.00} ms   (this process, all threads)"));

            return 0;
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            postgres?.Drop();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // the temp folder is cleaned by the OS
            }
        }
    }

    /// <summary><paramref name="clients"/> workers take tickets one at a time through the whole lifecycle.</summary>
    private static async Task RunTicketsAsync(HttpClient http, Dictionary<string, string> roles, string unit, int tickets, int clients, ConcurrentBag<(string, double)> latencies)
    {
        // The bodies are the same for every ticket: serialised once, so the clients (which share the server's cores)
        // spend their CPU on requests, not on building them.
        var register = Body(new
        {
            channel = "Phone",
            caller = new { name = "王五", phone = "13700000000" },
            category = "Consultation",
            content = "咨询公积金提取需要哪些材料",
        });
        var dispatch = Body(new { leadUnitId = unit });
        var empty = Body(new { });
        var reply = Body(new { measures = "电话告知所需材料" });
        var revisit = Body(new { rating = "Satisfied" });
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) < tickets)
            {
                var number = await ActAsync(http, roles["dispatcher"], "/api/tickets", "register", register, latencies, readNumber: true);
                await ActAsync(http, roles["dispatcher"], $"/api/tickets/{number}/dispatch", "dispatch", dispatch, latencies);
                await ActAsync(http, roles["unit-handler"], $"/api/tickets/{number}/sign", "sign", empty, latencies);
                await ActAsync(http, roles["unit-handler"], $"/api/tickets/{number}/reply", "reply", reply, latencies);
                await ActAsync(http, roles["reviewer"], $"/api/tickets/{number}/reply/accept", "reply/accept", empty, latencies);
                await ActAsync(http, roles["reviewer"], $"/api/tickets/{number}/revisit", "revisit", revisit, latencies);
            }
        }));
    }

    private static byte[] Body(object body) => JsonSerializer.SerializeToUtf8Bytes(body);

    /// <summary>
    /// One action; the answer is read to its end (as a client must), but parsed only for the ticket number of a
    /// registration: the other answers are not needed, and parsing them cost the bench CPU the server then lacked.
    /// A <c>503</c> (the node's actions at once all taken: nothing was read or changed) is counted and sent again after
    /// its <c>Retry-After</c>, with the same idempotency key, as a clerk's client would; the latency is the whole wait.
    /// </summary>
    private static async Task<string?> ActAsync(HttpClient http, string token, string path, string action, byte[] body, ConcurrentBag<(string, double)> latencies, bool readNumber = false)
    {
        var key = Guid.NewGuid().ToString("N");
        var watch = Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Add("Idempotency-Key", key);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts)
            {
                Interlocked.Increment(ref busyAnswers);
                await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{action} answered {(int)response.StatusCode} (attempt {attempt}): {await response.Content.ReadAsStringAsync()}");
            }

            string? number = null;
            await using (var stream = await response.Content.ReadAsStreamAsync())
            {
                if (readNumber)
                {
                    using var answer = await JsonDocument.ParseAsync(stream);
                    number = answer.RootElement.GetProperty("number").GetString();
                }
                else
                {
                    await stream.CopyToAsync(Stream.Null);
                }
            }

            watch.Stop();
            latencies.Add((action, watch.Elapsed.TotalMilliseconds));
            return number;
        }
    }

    private static async Task<string> TokenAsync(HttpClient http, string userName)
    {
        var response = await http.PostAsJsonAsync("/api/auth/token", new { tenant = "qu", userName, password = Password });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }

    /// <summary>The demo unit of tenant qu: the server's demo seeding derives its id the same way.</summary>
    private static string DemoUnitId()
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("hotline-demo-unit:qu"));
        return new Guid(hash.AsSpan(0, 16)).ToString();
    }

    private static Process StartServer(string folder, int port, int metricsPort, string? postgres)
    {
        var root = RepositoryRoot();
        // HOTLINE_BENCH_SERVER names the output folder of another build of the server (its Hotline.Server.dll), for an
        // A/B of two builds in one session; otherwise this worktree's server is built and run.
        var urls = $"http://127.0.0.1:{port};http://127.0.0.1:{metricsPort}";
        var build = Environment.GetEnvironmentVariable("HOTLINE_BENCH_SERVER");
        string[] arguments = string.IsNullOrEmpty(build)
            ? ["run", "-c", "Release", "--project", Path.Combine(root, "src", "Hotline.Server"), "--no-launch-profile", "--", "--urls", urls]
            : [Path.Combine(build, "Hotline.Server.dll"), "--urls", urls];
        var start = new ProcessStartInfo("dotnet", arguments)
        {
            // The content root holds appsettings.json (log levels among it): `dotnet run` uses the project's folder, so a
            // build run directly starts in its own folder, or it would log every SQL command.
            WorkingDirectory = string.IsNullOrEmpty(build) ? root : build,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // the demo tenants and users
        start.Environment["Hotline__DataDirectory"] = Path.Combine(folder, "data");
        start.Environment["Hotline__Logs__Directory"] = Path.Combine(folder, "logs");
        start.Environment["Hotline__Notices__Mail__PickupDirectory"] = Path.Combine(folder, "pickup");
        // The server's own split of each action into phases and statements, read from /metrics on a port of its own.
        start.Environment["Hotline__Metrics__Port"] = metricsPort.ToString(CultureInfo.InvariantCulture);
        start.Environment["Hotline__Metrics__ActionProfile"] = Environment.GetEnvironmentVariable("HOTLINE_BENCH_PROFILE") ?? "true";
        if (postgres is not null)
        {
            start.Environment["Hotline__Database__Provider"] = "PostgreSql";
            start.Environment["ConnectionStrings__Hotline"] = postgres;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        // The server logs to standard output; its errors explain a failed request.
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line && (line.Contains(" ERR]", StringComparison.Ordinal) || line.Contains(" FTL]", StringComparison.Ordinal))) Console.Error.WriteLine("server: " + line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine("server: " + line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitHealthyAsync(HttpClient http, Process server)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromMinutes(5))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {server.ExitCode}.");
            }

            try
            {
                using var health = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The server did not become healthy within 5 minutes.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static double Percentile(IEnumerable<double> values, double share)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(share * sorted.Length) - 1)];
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotline.Elsa.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Hotline.Elsa.sln) is not above the benchmark.");
    }
}
