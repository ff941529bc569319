using Hotline.Tickets.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>A database of the product's schema for one test; disposing it removes it.</summary>
internal interface ITestDatabase : IAsyncDisposable
{
    /// <summary>A fresh unit of work on the database, working in <paramref name="tenant"/> (none: it sees no tenant's rows, and may write any).</summary>
    HotlineDbContext NewContext(string? tenant = null);
}

/// <summary>
/// The product's <see cref="HotlineDbContext"/> on an in-memory SQLite database that lives as long
/// as this object. Each <see cref="NewContext"/> is a fresh unit of work, so reads come from the
/// database, not from a change tracker.
/// </summary>
internal sealed class SqliteTestDatabase : ITestDatabase
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    private SqliteTestDatabase()
    {
    }

    public static async Task<SqliteTestDatabase> CreateAsync()
    {
        var database = new SqliteTestDatabase();
        await database._connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var context = database.NewContext();
        await context.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        return database;
    }

    public HotlineDbContext NewContext(string? tenant = null) =>
        new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite(_connection).Options).InTenant(tenant);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}

internal static class TestContexts
{
    /// <summary>The context, working in <paramref name="tenant"/> for as long as it lives (none: as created).</summary>
    public static HotlineDbContext InTenant(this HotlineDbContext db, string? tenant)
    {
        if (tenant is not null)
            _ = db.EnterTenant(tenant);
        return db;
    }
}
