using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>The domain store enlists in a transaction it does not own, as the engine's unit of work will make it do.</summary>
public sealed class SharedTransactionTests
{
    [Fact]
    public async Task A_rolled_back_outer_transaction_leaves_nothing_of_the_ticket_store()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync(ct);
        var options = new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite(connection).Options;
        await using (var setup = new HotlineDbContext(options))
        {
            await setup.Database.EnsureCreatedAsync(ct);
        }

        await using (var transaction = await connection.BeginTransactionAsync(ct))
        {
            await using var db = new HotlineDbContext(options);
            await db.Database.UseTransactionAsync(transaction, ct);
            db.Tenants.Add(new Tenant("hsb", "红寺堡区分中心", "HSB"));
            await db.SaveChangesAsync(ct);
            await transaction.RollbackAsync(ct);
        }

        await using var check = new HotlineDbContext(options);
        using var tenant = check.EnterTenant("hsb");
        Assert.Equal(0, await check.Tenants.CountAsync(ct));
    }
}
