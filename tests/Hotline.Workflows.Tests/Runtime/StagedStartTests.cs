using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// On PostgreSQL a unit that stages its saves (a registration, a claimed timer batch) keeps the instances it starts and
/// writes them with its other staged saves in one round trip: stored exactly as a start written on its own, readable by
/// the unit's next runtime call, written when a commit hook starts one, and all or nothing with the unit.
/// </summary>
public sealed class StagedStartTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> StepsAsync()
    {
        var engine = await EngineHarness.OpenAsync(WorkflowDatabaseProvider.PostgreSql);
        await engine.PublishAsync(TestWorkflows.Steps());
        return engine;
    }

    /// <summary>Runs <paramref name="work"/> in a unit that stages its saves, and commits it.</summary>
    private static Task<T> StagedAsync<T>(EngineHarness engine, Func<WorkflowUnitOfWork, WorkflowRuntime, Task<T>> work) =>
        engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            Assert.True(unitOfWork.CanStageSaves);
            unitOfWork.StageSaves();
            var result = await work(unitOfWork, sp.GetRequiredService<WorkflowRuntime>());
            await unitOfWork.CommitAsync(Token);
            return result;
        });

    private static Task<(List<string> Journal, List<string> Bookmarks, List<string> Records)> RowsAsync(EngineHarness engine, string instanceId) =>
        engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var journal = await db.Journal.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId)
                .OrderBy(x => x.Sequence).Select(x => x.ActivityId + ":" + x.EventName).ToListAsync(Token);
            var bookmarks = await db.Bookmarks.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId)
                .Select(x => x.Name + ":" + x.Hash + ":" + x.TenantId).ToListAsync(Token);
            var records = await db.ActivityExecutions.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId)
                .Select(x => x.ActivityId + ":" + (x.CompletedAt != null)).ToListAsync(Token);
            return (journal, bookmarks, records.Order(StringComparer.Ordinal).ToList());
        });

    [Fact]
    public async Task A_staged_start_is_stored_as_a_start_written_on_its_own()
    {
        await using var engine = await StepsAsync();
        var alone = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var staged = await StagedAsync(engine, (_, r) => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-2" }, Token));

        var a = await engine.RunAsync(r => r.FindInstanceAsync(alone.Instance.Id, Token));
        var b = await engine.RunAsync(r => r.FindInstanceAsync(staged.Instance.Id, Token));
        Assert.NotNull(a);
        Assert.NotNull(b);
        Assert.Equal("TCK-2", b.CorrelationId);
        // The state names the run's own activity instance ids; every other column is the same.
        foreach (var property in typeof(WorkflowInstance).GetProperties().Where(p => p.Name is not ("Id" or "CorrelationId" or "StateJson")))
        {
            Assert.True(Equals(property.GetValue(a), property.GetValue(b)), $"{property.Name}: {property.GetValue(a)} alone, {property.GetValue(b)} staged.");
        }

        Assert.Equal(staged.Instance.StateJson, b.StateJson);
        var (journalA, bookmarksA, recordsA) = await RowsAsync(engine, a.Id);
        var (journalB, bookmarksB, recordsB) = await RowsAsync(engine, b.Id);
        Assert.NotEmpty(journalA);
        Assert.Equal(journalA, journalB);
        Assert.Single(bookmarksB);
        Assert.Equal(bookmarksA, bookmarksB);
        Assert.NotEmpty(recordsA);
        Assert.Equal(recordsA, recordsB);
    }

    [Fact]
    public async Task Instances_started_in_a_staging_unit_are_written_at_its_commit_and_not_before()
    {
        await using var engine = await StepsAsync();

        var seenBefore = await StagedAsync(engine, async (unitOfWork, r) =>
        {
            await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            // Not in the store yet, not even in the unit's own transaction: the rows wait for the commit's one round trip.
            await using var count = unitOfWork.Connection.CreateCommand();
            count.Transaction = unitOfWork.Transaction;
            count.CommandText = "SELECT count(*) FROM \"WorkflowInstances\" WHERE \"CorrelationId\" = 'TCK-1'";
            return Convert.ToInt32(await count.ExecuteScalarAsync(Token), System.Globalization.CultureInfo.InvariantCulture);
        });

        Assert.Equal(0, seenBefore);
        var started = await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-1", Token));
        Assert.Equal(2, started.Count);
        Assert.Equal(2, (await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token))).Count);
    }

    [Fact]
    public async Task A_start_then_a_trigger_in_the_same_unit_resumes_the_started_instance()
    {
        await using var engine = await StepsAsync();

        var (started, resumed) = await StagedAsync(engine, async (_, r) =>
        {
            // A registration with a direct answer: the lifecycle started, then the answer delivered to it in the same unit.
            var run = await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            return (run.Instance.Id, (await r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count);
        });

        Assert.Equal(1, resumed);
        var waiting = Assert.Single(await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)));
        Assert.Equal(Bookmarks.BookmarkHash.Compute("Elsa.Event", TestWorkflows.Go("b")), waiting.Hash);
        var completedA = await engine.RunAsync(r => r.ListJournalAsync(started,
            new JournalFilter { ActivityIds = ["a"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Single(completedA.Items);
    }

    [Fact]
    public async Task A_start_in_a_commit_hook_of_a_staging_unit_is_written_with_the_commit()
    {
        await using var engine = await StepsAsync();

        await StagedAsync(engine, (unitOfWork, r) =>
        {
            // As a timer's step that starts a clock's watch, or a registration's flush of what its workflows recorded.
            unitOfWork.BeforeCommit(token => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, token));
            return Task.FromResult(0);
        });

        Assert.Single(await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-1", Token)));
        Assert.Single(await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)));
    }

    [Fact]
    public async Task A_staged_start_the_database_refuses_leaves_nothing_of_the_unit()
    {
        await using var engine = await StepsAsync();
        var earlier = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            """
            CREATE FUNCTION refuse_tck2() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF NEW."CorrelationId" = 'TCK-2' THEN RAISE EXCEPTION 'refused'; END IF;
              RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_tck2 BEFORE INSERT ON "Bookmarks" FOR EACH ROW EXECUTE FUNCTION refuse_tck2();
            """,
            Token));

        // A resume written through EF in the unit, then two starts staged: the second one's bookmark is refused.
        await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => StagedAsync(engine, async (_, r) =>
        {
            await r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token);
            await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-3" }, Token);
            await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-2" }, Token);
            return 0;
        }));

        var stored = await engine.RunAsync(r => r.FindInstanceAsync(earlier.Instance.Id, Token));
        Assert.Equal((earlier.Instance.Revision, earlier.Instance.StateJson), (stored!.Revision, stored.StateJson));
        Assert.Empty(await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-3", Token)));
        Assert.Empty(await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-2", Token)));
    }
}
