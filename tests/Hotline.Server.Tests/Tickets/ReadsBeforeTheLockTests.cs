using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Microsoft.Data.Sqlite;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// No ticket action leaves a SQLite read transaction open, whatever its outcome: one left on a kept connection would hold
/// every checkpoint behind its snapshot and let the WAL grow without bound.
/// </summary>
public sealed class ReadsBeforeTheLockTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task After_applied_and_refused_actions_no_read_transaction_is_left_and_the_checkpoint_empties_the_wal()
    {
        using var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        using var handler = await host.ClientAsync("qu", HotlineRole.UnitHandler);
        using var otherCounty = await host.ClientAsync("hk", HotlineRole.UnitHandler);
        var unit = DemoAccessSeeder.DemoUnitId("qu");

        for (var i = 0; i < 5; i++)
        {
            var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
            var dispatched = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = unit });
            var revision = dispatched.GetProperty("revision").GetInt32();

            // Refused after the ticket was read: a stale revision, another county's ticket, no such ticket.
            var stale = await handler.TryActAsync(number, "sign", ifMatch: revision - 1);
            Assert.Equal("ticket.concurrency-conflict", (await stale.ProblemAsync(HttpStatusCode.Conflict)).GetProperty("code").GetString());
            await (await otherCounty.TryActAsync(number, "sign")).ProblemAsync(HttpStatusCode.NotFound);
            await (await handler.TryActAsync(number[..^4] + "9999", "sign")).ProblemAsync(HttpStatusCode.NotFound);
            Assert.Equal(revision, (await handler.GetJsonAsync($"/api/tickets/{number}")).GetProperty("revision").GetInt32());

            Assert.Contains("Signed", (await handler.ActAsync(number, "sign")).Actions());
        }

        Assert.True(await CheckpointEmptiesTheWalAsync(), "a read transaction keeps the WAL from its checkpoint");
    }

    /// <summary>
    /// A full checkpoint from a connection of its own. A background loop's read can be mid-statement at that moment, so it is
    /// tried for a few seconds; a read transaction left open would hold it back every time.
    /// </summary>
    private async Task<bool> CheckpointEmptiesTheWalAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(host.DataFolder, "hotline.db")};Pooling=False");
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            Assert.True(await reader.ReadAsync(TestContext.Current.CancellationToken));
            if (reader.GetInt32(0) == 0 && reader.GetInt32(1) == 0)
            {
                return true;
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        return false;
    }
}
