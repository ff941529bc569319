using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>The store contract on PostgreSQL: each test creates its own database and drops it afterwards.</summary>
public sealed class PostgresTicketStoreTests : TicketStoreContract
{
    private readonly string? _server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
    private string _database = "";

    public override async ValueTask InitializeAsync()
    {
        if (string.IsNullOrWhiteSpace(_server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        _database = $"hotline_tickets_{Guid.NewGuid():N}";
        await base.InitializeAsync(); // EnsureCreated creates the database
    }

    public override async ValueTask DisposeAsync()
    {
        if (!string.IsNullOrWhiteSpace(_server) && _database.Length > 0)
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(_server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }

        await base.DisposeAsync();
    }

    protected override HotlineDbContext NewContext() =>
        new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString)
            .Options).InTenant("hsb");
}
