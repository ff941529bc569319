using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tests.Calendar;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>The store contract on SQLite in memory (one open connection shared by the contexts of a test).</summary>
public sealed class SqliteTicketStoreTests : TicketStoreContract
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public override async ValueTask InitializeAsync()
    {
        await _connection.OpenAsync(TestContext.Current.CancellationToken);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override HotlineDbContext NewContext() =>
        new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite(_connection).Options).InTenant("hsb");
}
