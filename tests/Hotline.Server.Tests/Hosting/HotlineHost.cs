using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Timers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace Hotline.Server.Tests.Hosting;

/// <summary>
/// The whole product as it runs, the one host of the server tests: the real host, its own SQLite file migrated at
/// start-up, the demo tenants and users of Development (password <see cref="Password"/>), and a fake clock the test
/// moves (<see cref="InProduction"/>: as production starts, without the demo data). Clients sign in as a real user of a real tenant: <see cref="ClientAsync(string, HotlineRole)"/> (bearer
/// token), <see cref="SignedIn"/> (session cookie); <see cref="Anonymous()"/> is not signed in. One instance per test
/// class; <see cref="With"/> gives a host with its own settings, and a class that needs more (a log sink) derives and
/// overrides <see cref="ConfigureWebHost"/>, calling the base first.
/// </summary>
public class HotlineHost : WebApplicationFactory<Program>
{
    public const string Password = "Hotline!2026";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Marks a request as coming from this client address, as Kestrel would report it (the test server has none).</summary>
    public const string ClientHeader = "X-Test-Client";

    private readonly string folder;
    private readonly bool ownsFolder;
    private readonly string? postgres;
    private IReadOnlyDictionary<string, string> settings = new Dictionary<string, string>();
    private bool designsOwnWorkflows;
    private bool inProduction;

    private static readonly DateTimeOffset DefaultStart = new(2025, 9, 26, 9, 0, 0, TimeSpan.FromHours(8));

    public HotlineHost()
        : this(DefaultStart)
    {
    }

    /// <summary>
    /// A host whose clock starts at <paramref name="start"/>, for a scenario on its own dates; on PostgreSQL when
    /// <paramref name="postgres"/> names a database (the server migrates it at start-up).
    /// </summary>
    internal HotlineHost(DateTimeOffset start, string? postgres = null)
    {
        this.postgres = postgres;
        folder = Directory.CreateTempSubdirectory("hotline-host-").FullName;
        ownsFolder = true;
        Clock = new FakeTimeProvider(start);
    }

    /// <summary>A host on an existing data folder, which it leaves in place: a restart, a restored backup, or with another
    /// host on the same folder, a second node of one deployment.</summary>
    internal HotlineHost(string dataFolder)
    {
        folder = dataFolder;
        Clock = new FakeTimeProvider(DefaultStart);
    }

    /// <summary>A fresh host with its own settings over the suite's (e.g. low sign-in limits, the product's token lifetime).</summary>
    internal static HotlineHost With(IReadOnlyDictionary<string, string> settings) => new() { settings = settings };

    /// <summary>
    /// A fresh host started as production starts it (the Production environment: no demo counties or users, the key ring
    /// encrypted at rest), with the settings <paramref name="settingsIn"/> gives for its data folder.
    /// </summary>
    internal static HotlineHost InProduction(Func<string, IReadOnlyDictionary<string, string>> settingsIn)
    {
        var host = new HotlineHost { inProduction = true };
        host.settings = settingsIn(host.DataFolder);
        return host;
    }

    /// <summary>
    /// A fresh host for the <c>/elsa/api</c> and Studio tests: they import the definitions they need into an empty
    /// workflows folder (the product's <c>workflows/</c> is not theirs), and the toolbox carries the sample's Hotline
    /// activities their definitions use.
    /// </summary>
    internal static HotlineHost ForWorkflowDesign() => new() { designsOwnWorkflows = true };

    /// <summary>The product's bearer-token lifetime (1 hour) instead of the suite's, for tests of expiry.</summary>
    internal static IReadOnlyDictionary<string, string> ProductTokenLifetime { get; } =
        new Dictionary<string, string> { ["Hotline:Access:BearerTokenLifetime"] = "01:00:00" };

    /// <summary>The first moment the host sees; tests advance it, never back.</summary>
    public FakeTimeProvider Clock { get; }

    public string DataFolder => folder;

    /// <summary>The PostgreSQL database's connection string; null on SQLite.</summary>
    public string? Postgres => postgres;

    /// <summary>A client signed in with a bearer token as the demo user of <paramref name="role"/> in <paramref name="tenant"/>.</summary>
    public Task<HttpClient> ClientAsync(string tenant, HotlineRole role) => ClientAsync(tenant, DemoAccessSeeder.UserNameFor(role));

    /// <summary>A client signed in with a bearer token as the demo user <paramref name="userName"/>.</summary>
    public Task<HttpClient> ClientAsync(string tenant, string userName) => SignInAsync(CreateClient(), tenant, userName);

    /// <summary>
    /// Signs <paramref name="client"/> (of this host, a <c>WithWebHostBuilder</c> variant of it, or a real socket) in
    /// with a bearer token as the demo user of <paramref name="role"/> in <paramref name="tenant"/>.
    /// </summary>
    public static Task<HttpClient> SignInAsync(HttpClient client, string tenant, HotlineRole role) =>
        SignInAsync(client, tenant, DemoAccessSeeder.UserNameFor(role));

    private static async Task<HttpClient> SignInAsync(HttpClient client, string tenant, string userName)
    {
        var response = await client.PostAsJsonAsync(
            "/api/auth/token",
            new { tenant, userName, password = Password },
            TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>
    /// A service scope working in <paramref name="tenant"/>, as a timer step or a job of that county does: its contexts
    /// see that tenant's rows only (a scope that entered none sees no tenant's rows).
    /// </summary>
    public AsyncServiceScope InTenant(string tenant)
    {
        var scope = Services.CreateAsyncScope();
        // The scope ends with the test's use of it, and the tenant with it.
        _ = scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(tenant);
        return scope;
    }

    /// <summary>
    /// Stops every alarm ringing, for a test that rings the timers itself: every trigger is paused (alarms armed later
    /// are stored paused), the scheduler stands by, a clustered node's watch stops, and a job already ringing is waited
    /// for. Standing by alone would not do: the hosted service starts the scheduler after the application has started,
    /// on another thread, which may come after the test's standby and undo it.
    /// </summary>
    public async Task HoldAlarmsAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        await scheduler.PauseAll(cancellationToken);
        await scheduler.Standby(cancellationToken);
        if (Services.GetService<DueTimerWatch>() is { } watch)
            await watch.StopAsync(cancellationToken);
        while ((await scheduler.QueryFireInstances(new FireInstanceQuery(), cancellationToken)).Items.Count > 0)
            await Task.Delay(20, cancellationToken);
    }

    /// <summary>
    /// Waits until the timer scheduler runs, for a test that reads the health right after start-up: the hosted service
    /// starts the scheduler once the application has started, on another thread, so for a moment after start-up the
    /// node truly is not yet healthy.
    /// </summary>
    public async Task TimersRunningAsync()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var scheduler = await Services.GetRequiredService<ISchedulerFactory>().GetScheduler(cancellationToken);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (await scheduler.GetStatus(cancellationToken) != SchedulerStatus.Running && waited.Elapsed < TimeSpan.FromSeconds(30))
            await Task.Delay(20, cancellationToken);
    }

    /// <summary>A client with its own cookie jar, not yet signed in.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    /// <summary>A client with its own cookie jar, not yet signed in, coming from <paramref name="address"/>.</summary>
    public HttpClient Anonymous(string address)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    /// <summary>A browser-like client signed in with a session cookie as the demo user <paramref name="userName"/>.</summary>
    public async Task<HttpClient> SignedIn(string tenant, string userName)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant, userName, password = Password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(inProduction ? "Production" : "Development");
        builder.UseSetting("Hotline:DataDirectory", folder);
        if (postgres is not null)
        {
            builder.UseSetting("Hotline:Database:Provider", "PostgreSql");
            builder.UseSetting("ConnectionStrings:Hotline", postgres);
        }

        builder.UseSetting("Hotline:Logs:Directory", Path.Combine(folder, "logs"));
        builder.UseSetting("Hotline:Notices:Mail:PickupDirectory", Path.Combine(folder, "pickup"));
        // A fake clock that jumps days ticks a 5-second poll timer tens of thousands of times; hourly keeps jumps cheap.
        builder.UseSetting("Hotline:Notices:Delivery:PollInterval", "01:00:00");
        // Scenarios move the clock by weeks; a signed-in test user stays signed in across them.
        builder.UseSetting("Hotline:Access:BearerTokenLifetime", "400.00:00:00");
        // The suite signs in far more often than a person.
        builder.UseSetting("Hotline:Access:SignInLimits:PerClient", "100000");
        builder.UseSetting("Hotline:Access:SignInLimits:PerAccount", "100000");
        if (designsOwnWorkflows)
            builder.UseSetting("Hotline:Workflows:Folder", Path.Combine(folder, "workflows"));
        foreach (var (key, value) in settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            if (designsOwnWorkflows)
                services.AddHostedService(sp => new RegisterSampleActivities(sp.GetRequiredService<ActivityRegistry>()));
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Fewer PBKDF2 rounds keep sign-in fast; the hash format and the checks are the product's.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    /// <summary>Adds the sample's Hotline activities once the host's registry is built.</summary>
    private sealed class RegisterSampleActivities(ActivityRegistry registry) : Microsoft.Extensions.Hosting.IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            ElsaApi.Fixtures.SampleActivities.RegisterMissing(registry);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class ClientAddressFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (System.Net.IPAddress.TryParse(context.Request.Headers[ClientHeader], out var address))
                    context.Connection.RemoteIpAddress = address;
                return nextMiddleware(context);
            });
            next(app);
        };
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && ownsFolder)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // SQLite may still hold the file for a moment; the temp folder is cleaned by the OS.
            }
        }
    }
}
