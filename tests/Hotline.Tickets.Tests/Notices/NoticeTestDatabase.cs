using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace Hotline.Tickets.Tests.Notices;

/// <summary>
/// The product's store with its outbox for one test, on a SQLite file or a fresh PostgreSQL database (skipped when
/// HOTLINE_TEST_POSTGRES is not set). Every <see cref="Open"/> is a context of its own, on its own connection, as two
/// server nodes would be.
/// </summary>
internal sealed class NoticeTestDatabase : IAsyncDisposable
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    private readonly string directory = Directory.CreateTempSubdirectory("hotline-notices-").FullName;
    private readonly string provider;
    private readonly string connectionString;
    private readonly string? server;

    private NoticeTestDatabase(string provider, string? server)
    {
        this.provider = provider;
        this.server = server;
        connectionString = provider == Postgres
            ? new NpgsqlConnectionStringBuilder(server) { Database = $"hotline_notices_{Guid.NewGuid():N}" }.ConnectionString
            : $"Data Source={Path.Combine(directory, "outbox.db")};Pooling=False";
    }

    public static TheoryData<string> Providers => [Sqlite, Postgres];

    public static async Task<NoticeTestDatabase> CreateAsync(string provider)
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (provider == Postgres && string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        var database = new NoticeTestDatabase(provider, server);
        await using var db = database.Open(tenant: null);
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public string PickupDirectory => Path.Combine(directory, "pickup");

    /// <summary>A context working in <paramref name="tenant"/> (none: it sees no tenant's rows, and may write any).</summary>
    public HotlineDbContext Open(string? tenant = "hsb", params IInterceptor[] interceptors)
    {
        var options = new DbContextOptionsBuilder<HotlineDbContext>().AddInterceptors(interceptors);
        _ = provider == Postgres ? options.UseNpgsql(connectionString) : options.UseSqlite(connectionString);
        return new HotlineDbContext(options.Options).InTenant(tenant);
    }

    public async ValueTask DisposeAsync()
    {
        if (provider == Postgres)
        {
            await using (var connection = new NpgsqlConnection(connectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }

            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(connectionString).Database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        Directory.Delete(directory, recursive: true);
    }
}
