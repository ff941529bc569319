using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hotline.Tickets.Tests.Access;

/// <summary>
/// A uniquely named PostgreSQL database with the product's schema, dropped on dispose; the test
/// is skipped when HOTLINE_TEST_POSTGRES is not set.
/// </summary>
internal sealed class PostgresTestDatabase : ITestDatabase
{
    private readonly string _server;
    private readonly string _connectionString;

    private PostgresTestDatabase(string server)
    {
        _server = server;
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = $"hotline_access_{Guid.NewGuid():N}" }.ConnectionString;
    }

    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        var database = new PostgresTestDatabase(server);
        await using var context = database.NewContext();
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public HotlineDbContext NewContext(string? tenant = null) =>
        new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>().UseNpgsql(_connectionString).Options).InTenant(tenant);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(_connectionString).Database;
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
