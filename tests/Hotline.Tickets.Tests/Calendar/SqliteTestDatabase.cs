using Hotline.Tickets.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Calendar;

/// <summary>
/// The product's <see cref="HotlineDbContext"/> on an in-memory SQLite database that lives as long
/// as this object. Each <see cref="NewContext"/> is a fresh unit of work, so reads come from the
/// database, not from a change tracker.
/// </summary>
internal sealed class SqliteTestDatabase : IAsyncDisposable
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

    public HotlineDbContext NewContext() =>
        new(new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite(_connection).Options);

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
