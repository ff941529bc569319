using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// SQLite's FTS rows share their ticket's rowid (<see cref="FullTextIndexCheck"/>): a dropped trigger (a migration that
/// rebuilt <c>Tickets</c>) or renumbered rows (a <c>VACUUM</c>) leave text search blind to tickets; the next start-up
/// finds it and rebuilds the index, and an intact index is left alone.
/// </summary>
public sealed class FullTextIndexCheckTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("hotline-fts-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<int> FoundAsync(HotlineHost host, string text) =>
        (await (await host.ClientAsync("qu", HotlineRole.Dispatcher)).GetJsonAsync($"/api/tickets?text={Uri.EscapeDataString(text)}"))
            .GetProperty("items").GetArrayLength();

    private static async Task SqlAsync(HotlineHost host, string sql)
    {
        await using var scope = host.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.ExecuteSqlRawAsync(sql, Ct);
    }

    private static async Task<int> ScalarAsync(HotlineHost host, string sql)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.SqlQueryRaw<int>(sql).ToListAsync(Ct))[0];
    }

    private static async Task<bool> RepairAsync(HotlineHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await FullTextIndexCheck.RepairIfBrokenAsync(scope.ServiceProvider.GetRequiredService<HotlineDbContext>(), Ct);
    }

    [Fact]
    public async Task A_dropped_trigger_or_renumbered_rows_are_rebuilt_at_start_up_and_an_intact_index_is_left_alone()
    {
        using (var host = new HotlineHost(folder))
        {
            var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
            await dispatcher.RegisterAsync(TicketApi.Consultation("小区东门路灯闪烁不停"));
            Assert.False(await RepairAsync(host));

            // As a migration rebuilding Tickets would leave it: no trigger, so a new ticket is not indexed.
            await SqlAsync(host, "DROP TRIGGER \"Tickets_text_insert\"");
            await dispatcher.RegisterAsync(TicketApi.Consultation("西门桥下垃圾堆积发臭"));
            Assert.Equal(0, await FoundAsync(host, "垃圾堆积发臭"));
        }

        using (var restarted = new HotlineHost(folder))
        {
            Assert.Equal(1, await FoundAsync(restarted, "垃圾堆积发臭"));
            Assert.False(await RepairAsync(restarted));

            // As a VACUUM may leave it: the newest FTS row under another rowid, counts still equal.
            await SqlAsync(restarted, """
                INSERT INTO "TicketText" (rowid, "TicketId", "TenantId", "Text") SELECT rowid + 1000000, "TicketId", "TenantId", "Text" FROM "TicketText" WHERE rowid = (SELECT max(rowid) FROM "TicketText");
                DELETE FROM "TicketText" WHERE rowid = (SELECT max(rowid) FROM "TicketText" WHERE rowid < 1000000);
                """);
            Assert.Equal(1, await ScalarAsync(restarted, "SELECT count(*) AS \"Value\" FROM \"TicketText\" WHERE rowid >= 1000000"));
        }

        using (var again = new HotlineHost(folder))
        {
            // Rebuilt at start-up: every FTS row sits at its ticket's rowid again.
            Assert.Equal(0, await ScalarAsync(again, "SELECT count(*) AS \"Value\" FROM \"TicketText\" WHERE rowid >= 1000000"));
            Assert.Equal(await ScalarAsync(again, "SELECT count(*) AS \"Value\" FROM \"Tickets\""),
                await ScalarAsync(again, "SELECT count(*) AS \"Value\" FROM \"TicketText\" AS f JOIN \"Tickets\" AS t ON t.rowid = f.rowid AND t.\"Id\" = f.\"TicketId\""));
            Assert.Equal(1, await FoundAsync(again, "垃圾堆积发臭"));
            Assert.Equal(1, await FoundAsync(again, "路灯闪烁不停"));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by SQLite's pool; the temp folder is swept later.
        }
    }
}
