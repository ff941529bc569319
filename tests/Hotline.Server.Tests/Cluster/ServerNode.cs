using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;

namespace Hotline.Server.Tests.Cluster;

/// <summary>
/// One server process, as production runs it: the built server on a loopback port, its own data and log folders,
/// the shared PostgreSQL database and the shared mail pickup folder of its cluster. Development, for the demo
/// tenants and users.
/// </summary>
public sealed class ServerNode : IAsyncDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> errors = new();

    private ServerNode(string name, Process process, int port)
    {
        Name = name;
        this.process = process;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public string Name { get; }

    public HttpClient Http { get; }

    public bool HasExited => process.HasExited;

    /// <summary>What the node wrote to standard error, for a failure message.</summary>
    public string Errors => string.Join(Environment.NewLine, errors.TakeLast(40));

    public static ServerNode Start(string name, string database, string folder, IReadOnlyDictionary<string, string>? settings = null)
    {
        var server = Path.Combine(ServerOutput(), "Hotline.Server.dll");
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [server, "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = ServerOutput(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Hotline__Database__Provider"] = "PostgreSql";
        start.Environment["ConnectionStrings__Hotline"] = database;
        start.Environment["Hotline__DataDirectory"] = Path.Combine(folder, name, "data");
        start.Environment["Hotline__Logs__Directory"] = Path.Combine(folder, name, "logs");
        start.Environment["Hotline__Notices__Mail__PickupDirectory"] = Path.Combine(folder, "pickup");
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        start.Environment["Hotline__Access__SignInLimits__PerClient"] = "100000";
        start.Environment["Hotline__Access__SignInLimits__PerAccount"] = "100000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Node {name} did not start.");
        var node = new ServerNode(name, process, port);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                node.errors.Enqueue(line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    public async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromMinutes(3))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Node {Name} exited with {process.ExitCode}: {Errors}");
            }

            try
            {
                using var health = await Http.GetAsync(new Uri("/health", UriKind.Relative), cancellationToken);
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(250, cancellationToken);
        }

        throw new TimeoutException($"Node {Name} did not become healthy in 3 minutes: {Errors}");
    }

    /// <summary>A client of this node signed in as a demo user of <paramref name="tenant"/>.</summary>
    public async Task<HttpClient> SignInAsync(string tenant, string userName, CancellationToken cancellationToken)
    {
        using var response = await Http.PostAsJsonAsync("/api/auth/token", new { tenant, userName, password = HotlineHost.Password }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Kills the process at once, as a power cut or an OOM kill would: no shutdown, nothing flushed.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        Http.Dispose();
    }

    /// <summary>The server's own build output (same configuration as the tests), where its workflows and settings sit.</summary>
    private static string ServerOutput()
    {
        var tests = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = tests.Name;
        var configuration = tests.Parent!.Name;
        for (var dir = tests; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hotline.Elsa.sln")))
            {
                return Path.Combine(dir.FullName, "src", "Hotline.Server", "bin", configuration, framework);
            }
        }

        throw new InvalidOperationException("Hotline.Elsa.sln is not above the test output.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
