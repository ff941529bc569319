using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// A deferred run's rows on SQLite written with as little as the store needs: a bookmark that replaces a consumed one of
/// the same instance and hash takes its row, and the instance's UPDATE names only the columns the run changed (SQLite
/// rewrites the entries of every index over a column the SET names). What is stored must be exactly what the run left.
/// </summary>
public sealed class DeferredRowWriteTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>"again": waits at event "a" twice in a row (the same hash), then at "b".</summary>
    private static readonly System.Text.Json.Nodes.JsonObject Again =
        TestWorkflows.Chain("again", "Again", TestWorkflows.Event("a1", "a"), TestWorkflows.Event("a2", "a"), TestWorkflows.Event("b", "b"));

    private static async Task<(EngineHarness Engine, Dictionary<string, WorkflowInstance> Started)> TwoCountiesAsync()
    {
        var engine = await EngineHarness.OpenAsync(WorkflowDatabaseProvider.Sqlite);
        var started = new Dictionary<string, WorkflowInstance>();
        foreach (var tenant in new[] { "county-a", "county-b" })
        {
            await engine.InTenantAsync(tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(Again, publish: true, Token));
            started[tenant] = (await engine.RunInAsync(tenant, r => r.StartAsync("again", new StartWorkflow { CorrelationId = "TCK-1" }, Token))).Instance;
        }

        return (engine, started);
    }

    private static Task<List<Bookmark>> BookmarksAsync(EngineHarness engine) =>
        engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.AcrossTenants().AsNoTracking().OrderBy(x => x.Id).ToListAsync(Token));

    private static async Task<T> SqlAsync<T>(EngineHarness engine, string sql) =>
        Assert.Single(await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.SqlQueryRaw<T>(sql).ToListAsync(Token)));

    private static void AssertSame<T>(T expected, T actual)
    {
        foreach (var property in typeof(T).GetProperties())
        {
            Assert.True(Equals(property.GetValue(expected), property.GetValue(actual)), $"{typeof(T).Name}.{property.Name}: {property.GetValue(expected)} stored as {property.GetValue(actual)}.");
        }
    }

    [Fact]
    public async Task A_bookmark_replacing_one_of_the_same_hash_is_stored_as_created_resumes_and_leaves_another_county_s_equal_bookmark()
    {
        var (engine, started) = await TwoCountiesAsync();
        await using var _ = engine;
        var before = await BookmarksAsync(engine);
        var consumed = before.Single(x => x.TenantId == "county-a");
        var theirs = before.Single(x => x.TenantId == "county-b");
        Assert.Equal(consumed.Hash, theirs.Hash);

        var run = Assert.Single(await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));

        // County a's row is the bookmark the run created, every column; the consumed one is gone; county b's is as it was.
        var created = Assert.Single(run.CreatedBookmarks);
        Assert.Equal((consumed.Hash, "a2"), (created.Hash, created.ActivityNodeId.Split(':')[^1]));
        var after = await BookmarksAsync(engine);
        Assert.Equal(2, after.Count);
        Assert.DoesNotContain(after, x => x.Id == consumed.Id);
        AssertSame(created, after.Single(x => x.TenantId == "county-a"));
        AssertSame(theirs, after.Single(x => x.TenantId == "county-b"));
        AssertSame(run.Instance, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token)))!);
        Assert.Equal("ok", await SqlAsync<string>(engine, "PRAGMA integrity_check"));

        // The row resumes as the bookmark it now is (a2), then b ends the instance; county b still waits at a1.
        Assert.Single(await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));
        Assert.Single(await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)));
        Assert.Equal(WorkflowStatus.Finished, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token)))!.Status);
        AssertSame(theirs, Assert.Single(await BookmarksAsync(engine)));
        var journal = await engine.RunInAsync("county-a", r => r.ListJournalAsync(started["county-a"].Id,
            new JournalFilter { ActivityIds = ["a1", "a2", "b"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Equal(["a1", "a2", "b"], journal.Items.Select(x => x.ActivityId));
        Assert.Equal("ok", await SqlAsync<string>(engine, "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task An_instance_s_indexed_columns_are_written_only_by_the_resume_that_changes_them_and_found_by_their_index()
    {
        var (engine, started) = await TwoCountiesAsync();
        await using var _ = engine;
        // SQLite fires an UPDATE OF trigger when the SET names one of its columns, changed or not: what is rewritten.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            """
            CREATE TABLE named ("InstanceId" TEXT NOT NULL);
            CREATE TRIGGER name_indexed AFTER UPDATE OF "Status", "SubStatus", "TenantId", "CorrelationId", "DefinitionVersionId"
            ON "WorkflowInstances" BEGIN INSERT INTO named VALUES (NEW."Id"); END;
            """, Token));

        var id = started["county-a"].Id;
        await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
        await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
        Assert.Equal(0, await SqlAsync<int>(engine, "SELECT COUNT(*) AS \"Value\" FROM named"));
        Assert.Equal(started["county-a"].Revision + 2, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(id, Token)))!.Revision);

        var ended = Assert.Single(await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)));
        Assert.Equal(1, await SqlAsync<int>(engine, "SELECT COUNT(*) AS \"Value\" FROM named"));
        AssertSame(ended.Instance, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(id, Token)))!);
        // Through the status index itself, and through the runtime's query by status.
        Assert.Equal(id, await SqlAsync<string>(engine,
            "SELECT \"Id\" AS \"Value\" FROM \"WorkflowInstances\" INDEXED BY \"IX_WorkflowInstances_Status_SubStatus\" WHERE \"Status\" = 'Finished'"));
        var finished = await engine.RunInAsync("county-a", r => r.ListInstancesAsync(new InstanceQuery { Statuses = [WorkflowStatus.Finished] }, cancellationToken: Token));
        Assert.Equal([id], finished.Items.Select(x => x.Id));
        Assert.Equal("ok", await SqlAsync<string>(engine, "PRAGMA integrity_check"));
    }

    [Fact]
    public async Task A_replacing_write_the_database_refuses_leaves_nothing_of_the_unit()
    {
        var (engine, started) = await TwoCountiesAsync();
        await using var _ = engine;
        var before = await BookmarksAsync(engine);
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            """CREATE TRIGGER refuse_replace BEFORE UPDATE ON "Bookmarks" BEGIN SELECT RAISE(ABORT, 'refused'); END;""", Token));

        // The instance's UPDATE goes first, then the bookmark's: the refusal comes between the unit's statements.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() =>
            engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));

        var stored = await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token));
        AssertSame(started["county-a"], stored!);
        Assert.Equal(before.Select(x => x.Id), (await BookmarksAsync(engine)).Select(x => x.Id));
        var journal = await engine.RunInAsync("county-a", r => r.ListJournalAsync(started["county-a"].Id,
            new JournalFilter { ActivityIds = ["a1"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Empty(journal.Items);

        // The next unit, on the same connection and its prepared statements, writes as if nothing happened.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync("""DROP TRIGGER refuse_replace;""", Token));
        Assert.Single(await engine.DeferredAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));
        Assert.Equal(started["county-a"].Revision + 1, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token)))!.Revision);
    }
}
