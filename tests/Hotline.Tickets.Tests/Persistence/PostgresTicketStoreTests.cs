using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
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

    [Fact]
    public async Task The_revision_lock_as_a_statement_reads_the_revision_in_its_tenant_and_holds_the_row_to_the_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        var ticket = await RegisterAsync("2025-09-26 14:00");
        await using var db = NewContext();
        var store = new TicketStore(db);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);

        var (sql, parameters) = store.LockRevisionStatement("hsb", ticket.Number);
        Assert.Equal(ticket.Revision, await RevisionAsync(db, sql, parameters));
        Assert.Equal(await store.LockRevisionAsync("hsb", ticket.Number, ct), await RevisionAsync(db, sql, parameters));
        // Another county's ticket of the same number is not this one.
        var (other, otherParameters) = store.LockRevisionStatement("hl", ticket.Number);
        Assert.Null(await RevisionAsync(db, other, otherParameters));

        await using var second = NewContext();
        await second.Database.OpenConnectionAsync(ct);
        await using var take = new NpgsqlCommand("SELECT 1 FROM \"Tickets\" WHERE \"Number\" = $1 FOR UPDATE NOWAIT", (NpgsqlConnection)second.Database.GetDbConnection());
        take.Parameters.Add(new NpgsqlParameter { Value = ticket.Number });
        var held = await Assert.ThrowsAsync<PostgresException>(() => take.ExecuteScalarAsync(ct));
        Assert.Equal(PostgresErrorCodes.LockNotAvailable, held.SqlState);
    }

    private static async Task<int?> RevisionAsync(HotlineDbContext db, string sql, IReadOnlyList<object> parameters)
    {
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)db.Database.CurrentTransaction!.GetDbTransaction());
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteScalarAsync(TestContext.Current.CancellationToken) as int?;
    }

    protected override HotlineDbContext NewContext() =>
        new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>()
            .UseNpgsql(new NpgsqlConnectionStringBuilder(_server) { Database = _database }.ConnectionString)
            .Options).InTenant("hsb");
}
