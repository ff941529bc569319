using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

/// <summary>
/// A request's reads before the write lock in one SQLite read transaction (<see cref="WorkflowUnitOfWork.ReadTogether"/>):
/// one snapshot, ended before the write transaction or when the unit ends, never left to keep the WAL from its checkpoint.
/// </summary>
public sealed class ReadTogetherTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_reads_before_the_lock_see_one_snapshot_and_the_write_transaction_sees_what_was_committed_since()
    {
        await using var engine = await OpenAsync();

        await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var db = sp.GetRequiredService<WorkflowDbContext>();
            unitOfWork.ReadTogether();
            Assert.Equal(1, await db.Set<WorkflowInstance>().CountAsync(Token));

            // Another request commits meanwhile, on its own connection.
            await engine.RunAsync(r => r.StartAsync("sign", new StartWorkflow { CorrelationId = "TCK-2" }, Token));
            Assert.Equal(1, await db.Set<WorkflowInstance>().CountAsync(Token));

            await unitOfWork.BeginAsync(Token);
            Assert.Equal(2, await db.Set<WorkflowInstance>().CountAsync(Token));
            await unitOfWork.CommitAsync(Token);
            Assert.True(InAutocommit(unitOfWork));
            return 0;
        });
    }

    [Fact]
    public async Task A_unit_that_never_begins_ends_its_read_transaction_and_the_checkpoint_then_completes()
    {
        await using var engine = await OpenAsync();

        await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            unitOfWork.ReadTogether();
            Assert.Equal(1, await sp.GetRequiredService<WorkflowDbContext>().Set<WorkflowInstance>().CountAsync(Token));
            await engine.RunAsync(r => r.StartAsync("sign", new StartWorkflow { CorrelationId = "TCK-2" }, Token));
            Assert.False(Checkpoint(engine), "the open read transaction holds the WAL");

            // A request refused after its reads (a stale revision, say) ends its unit without beginning it.
            await unitOfWork.DisposeAsync();

            Assert.True(InAutocommit(unitOfWork));
            Assert.True(Checkpoint(engine));
            return 0;
        });
    }

    [Fact]
    public async Task Many_units_that_read_together_leave_nothing_open()
    {
        await using var engine = await OpenAsync();

        for (var i = 0; i < 20; i++)
        {
            var begins = i % 2 == 0;
            await engine.InScopeAsync(async sp =>
            {
                await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
                unitOfWork.ReadTogether();
                _ = await sp.GetRequiredService<WorkflowDbContext>().Set<WorkflowInstance>().CountAsync(Token);
                if (begins)
                {
                    await unitOfWork.BeginAsync(Token);
                    await sp.GetRequiredService<WorkflowRuntime>().StartAsync("sign", new StartWorkflow { CorrelationId = $"TCK-{i + 10}" }, Token);
                    await unitOfWork.CommitAsync(Token);
                }

                return 0;
            });
        }

        Assert.True(Checkpoint(engine));
        Assert.Equal(11, await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Set<WorkflowInstance>().CountAsync(Token)));
    }

    private static async Task<EngineHarness> OpenAsync()
    {
        var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Chain("sign", "Sign", TestWorkflows.Event("wait", "signed")));
        await engine.RunAsync(r => r.StartAsync("sign", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        return engine;
    }

    private static bool InAutocommit(WorkflowUnitOfWork unitOfWork) =>
        SQLitePCL.raw.sqlite3_get_autocommit(((SqliteConnection)unitOfWork.Connection).Handle) != 0;

    /// <summary>A full checkpoint from a connection of its own: true when it copied the whole WAL and emptied it.</summary>
    private static bool Checkpoint(EngineHarness engine)
    {
        using var connection = new SqliteConnection(engine.Database.ConnectionString + ";Pooling=False");
        connection.Open();
        using (var patience = connection.CreateCommand())
        {
            patience.CommandText = "PRAGMA busy_timeout=0;";
            patience.ExecuteNonQuery();
        }

        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        return reader.GetInt32(0) == 0 && reader.GetInt32(1) == 0;
    }
}
