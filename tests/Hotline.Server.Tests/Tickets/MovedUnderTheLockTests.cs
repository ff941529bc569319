using System.Data.Common;
using Npgsql;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// An action decides and runs its workflows before the lock; under it the ticket's revision says whether that decision
/// still stands (on PostgreSQL read in one round trip with the run's own checks). Here only the ticket moves while the
/// action waits for its row (its workflows' bookmarks stay as the run read them), so the revision check alone must send
/// the action back to be decided again: ignored, the action would save over the newer ticket and be refused as a conflict.
/// </summary>
public sealed class MovedUnderTheLockTests
{
    [Fact]
    public async Task On_PostgreSQL_an_action_whose_ticket_moved_while_it_waited_for_the_row_lock_is_decided_again_and_stands()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("qu", At(2025, 9, 29, 10), Postgres);
        var number = await s.RegisterAsync(Intake("Complaint"));
        var registered = (await s.TicketAsync(number)).GetProperty("revision").GetInt32();
        var dispatcher = await s.Dispatcher;

        Task<HttpResponseMessage> dispatch;
        await using (var holder = new NpgsqlConnection(s.Host.Postgres))
        {
            await holder.OpenAsync(ct);
            await using var transaction = await holder.BeginTransactionAsync(ct);
            // The ticket's row locked: the dispatch decides and runs its workflows meanwhile, then waits in the round trip
            // that locks the row and checks the revision with the run's own checks.
            await UpdateAsync(holder, transaction, "\"Revision\" = \"Revision\"", number, s.Tenant, ct);
            dispatch = dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = s.Unit });
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            Assert.False(dispatch.IsCompleted);
            // Another writer moves the ticket on without touching its workflows.
            await UpdateAsync(holder, transaction, "\"Revision\" = \"Revision\" + 1", number, s.Tenant, ct);
            await transaction.CommitAsync(ct);
        }

        var response = await dispatch;
        Assert.True(response.IsSuccessStatusCode, $"the dispatch answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        var ticket = await s.TicketAsync(number);
        Assert.Equal(registered + 2, ticket.GetProperty("revision").GetInt32());
        Assert.Single(ticket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "Dispatched");
    }

    private static async Task UpdateAsync(DbConnection connection, DbTransaction transaction, string set, string number, string tenant, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE \"Tickets\" SET {set} WHERE \"Number\" = @number AND \"TenantId\" = @tenant";
        foreach (var (name, value) in new[] { ("number", number), ("tenant", tenant) })
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync(ct));
    }
}
