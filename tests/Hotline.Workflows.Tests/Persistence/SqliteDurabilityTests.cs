using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

public sealed class SqliteDurabilityTests
{
    [Fact]
    public async Task Every_connection_the_store_opens_runs_in_wal_mode_with_full_sync_and_a_busy_timeout()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var services = await database.CreateProviderAsync();

        // Opened by EF, then directly on the connection (as the enlisted domain context does), then again:
        // the last reuses the pooled native connection, which must keep its settings.
        for (var round = 0; round < 3; round++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            if (round == 1)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                await db.Database.GetDbConnection().OpenAsync(TestContext.Current.CancellationToken);
            }
            else
            {
                await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
            }

            Assert.Equal("wal", await Pragma<string>(db, "journal_mode"));
            Assert.Equal(2, await Pragma<long>(db, "synchronous"));
            Assert.Equal(10_000, await Pragma<long>(db, "busy_timeout"));
        }
    }

    private static async Task<T> Pragma<T>(WorkflowDbContext db, string name)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA " + name;
        return (T)(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken))!;
    }
}
