using System.Net.Http.Json;
using Hotline.Server.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// The real host on an in-memory SQLite <see cref="HotlineDbContext"/>, a fake clock, and the demo
/// users (password <see cref="Password"/>) seeded by the product's own seeder.
/// </summary>
public sealed class AccessHost : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string Password = "Hotline!2026";

    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        var seeder = new DemoAccessSeeder(
            Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new AccessOptions()), Clock, NullLogger<DemoAccessSeeder>.Instance);
        await seeder.StartAsync(TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<HotlineDbContext>();
            services.RemoveAll<DbContextOptions<HotlineDbContext>>();
            services.RemoveAll<IDbContextOptionsConfiguration<HotlineDbContext>>();
            services.AddDbContext<HotlineDbContext>(o => o.UseSqlite(_connection));
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Fewer PBKDF2 rounds keep the suite fast; the format and the checks are the product's.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
        });
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
        await _connection.DisposeAsync();
    }
}
