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

        // Twice: the second scope reuses the pooled native connection, which must keep its settings.
        for (var round = 0; round < 2; round++)
        {
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
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
