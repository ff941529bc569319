using System.Net.Http.Json;
using Hotline.Server.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// The real host on its own SQLite database in a temporary folder, migrated at start-up as in
/// production, with a fake clock and the demo users (password <see cref="Password"/>) seeded by the
/// product's own seeder.
/// </summary>
public sealed class AccessHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Hotline!2026";

    /// <summary>Marks a request as coming from this client address, as Kestrel would report it (the test server has none).</summary>
    public const string ClientHeader = "X-Test-Client";

    private readonly string _folder;
    private readonly IReadOnlyDictionary<string, string> _settings;

    public AccessHost()
        : this(Path.Combine(Path.GetTempPath(), "hotline-access-" + Guid.NewGuid().ToString("N")))
    {
    }

    /// <summary>A host on <paramref name="folder"/>'s database: two hosts on one folder are two nodes of one deployment.</summary>
    internal AccessHost(string folder, IReadOnlyDictionary<string, string>? settings = null)
    {
        _folder = folder;
        _settings = settings ?? new Dictionary<string, string>();
    }

    /// <summary>A host with its own settings (e.g. low sign-in limits), on a fresh database.</summary>
    internal static AccessHost With(IReadOnlyDictionary<string, string> settings) =>
        new(Path.Combine(Path.GetTempPath(), "hotline-access-" + Guid.NewGuid().ToString("N")), settings);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        var seeder = new DemoAccessSeeder(
            Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new AccessOptions()), Clock, NullLogger<DemoAccessSeeder>.Instance);
        await seeder.StartAsync(TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Hotline:DataDirectory", _folder);
        builder.UseSetting("Hotline:Logs:Directory", Path.Combine(_folder, "logs"));
        // The suite signs in far more often than a person; the limit tests set their own.
        builder.UseSetting("Hotline:Access:SignInLimits:PerClient", "100000");
        builder.UseSetting("Hotline:Access:SignInLimits:PerAccount", "100000");
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IStartupFilter, ClientAddressFromHeader>();
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Fewer PBKDF2 rounds keep the suite fast; the format and the checks are the product's.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
    }

    /// <summary>A client with its own cookie jar, not yet signed in, coming from <paramref name="address"/> when given.</summary>
    public HttpClient Anonymous(string address)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Add(ClientHeader, address);
        return client;
    }

    /// <summary>A client with its own cookie jar, not yet signed in.</summary>
    public HttpClient Anonymous() => CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });

    /// <summary>A browser-like client signed in with a session cookie.</summary>
    public async Task<HttpClient> SignedIn(string tenant, string userName)
    {
        var client = Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant, userName, password = Password }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
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
}
