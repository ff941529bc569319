using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// A unit of work may run its workflows before its transaction (so SQLite's write lock is held only to write): the runs
/// see their own unwritten saves, nothing reaches the store before the transaction, and under it the writes stand only
/// if what the runs read is still so; otherwise the unit runs again in the transaction, and both outcomes stand.
/// </summary>
public sealed class DeferredRunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> StepsAsync(WorkflowDatabaseProvider provider)
    {
        var engine = await EngineHarness.OpenAsync(provider);
        await engine.PublishAsync(TestWorkflows.Steps());
        return engine;
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Runs_before_the_transaction_see_their_own_saves_and_write_nothing_until_it(WorkflowDatabaseProvider provider)
    {
        await using var engine = await StepsAsync(provider);
        var first = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var (counts, before) = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            unitOfWork.DeferWrites();
            // The same instance resumed twice, the second time on the bookmark the first resume created.
            var a = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            var again = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            // An instance started in the run, then resumed in it.
            await runtime.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            var late = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            var b = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)).Count;

            // Another request sees the store as it was.
            var before = (await engine.RunAsync(r => r.FindInstanceAsync(first.Instance.Id, Token)))!.Status;
            await unitOfWork.BeginAsync(Token);
            Assert.True(await unitOfWork.WriteDeferredAsync(Token));
            await unitOfWork.CommitAsync(Token);
            return ((a, again, late, b), before);
        });

        Assert.Equal((1, 0, 1, 2), counts);
        Assert.Equal(WorkflowStatus.Running, before);
        var instances = await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-1", Token));
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal(WorkflowStatus.Finished, i.Status));
        Assert.Empty(await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)));
        var completedB = await engine.RunAsync(r => r.ListJournalAsync(first.Instance.Id,
            new JournalFilter { ActivityIds = ["b"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Single(completedB.Items);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_run_whose_correlation_another_unit_moved_is_sent_back_and_runs_again_in_the_transaction(WorkflowDatabaseProvider provider)
    {
        await using var engine = await StepsAsync(provider);
        var started = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var (written, againA, thenB) = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));

            // Between the run and its transaction another unit (a timer, another action) resumes the same instance.
            Assert.Single(await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));

            await unitOfWork.BeginAsync(Token);
            var written = await unitOfWork.WriteDeferredAsync(Token);
            unitOfWork.Discard();
            // Again, in the transaction: "a" was taken by the other unit, "b" is this unit's.
            var againA = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            var thenB = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)).Count;
            await unitOfWork.CommitAsync(Token);
            return (written, againA, thenB);
        });

        Assert.False(written);
        Assert.Equal((0, 1), (againA, thenB));
        Assert.Equal(WorkflowStatus.Finished, (await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token)))!.Status);
        foreach (var step in new[] { "a", "b" })
        {
            var completed = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id,
                new JournalFilter { ActivityIds = [step], EventNames = ["Completed"] }, cancellationToken: Token));
            Assert.Single(completed.Items);
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_deferred_run_writes_its_instance_as_the_run_left_it_every_column(WorkflowDatabaseProvider provider)
    {
        await using var engine = await StepsAsync(provider);
        var started = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var left = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            unitOfWork.DeferWrites();
            var run = Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
            await unitOfWork.BeginAsync(Token);
            Assert.True(await unitOfWork.WriteDeferredAsync(Token));
            await unitOfWork.CommitAsync(Token);
            return run.Instance;
        });

        var stored = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.NotNull(stored);
        Assert.Equal(started.Instance.Revision + 1, stored.Revision);
        Assert.NotEqual(started.Instance.StateJson, stored.StateJson);
        foreach (var property in typeof(WorkflowInstance).GetProperties())
        {
            Assert.True(Equals(property.GetValue(left), property.GetValue(stored)), $"{property.Name} was not written as the run left it.");
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_run_whose_instance_moved_under_the_same_bookmarks_fails_its_write_and_leaves_the_store(WorkflowDatabaseProvider provider)
    {
        await using var engine = await StepsAsync(provider);
        var started = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));

            // A writer that saved the instance without touching its bookmarks.
            await engine.InScopeAsync(other => other.GetRequiredService<WorkflowDbContext>().Instances
                .Where(i => i.Id == started.Instance.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.Revision, i => i.Revision + 1), Token));

            await unitOfWork.BeginAsync(Token);
            await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => unitOfWork.WriteDeferredAsync(Token));
            await unitOfWork.RollbackAsync(Token);
            return 0;
        });

        Assert.Single(await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)), b => b.Hash == Bookmarks.BookmarkHash.Compute("Elsa.Event", TestWorkflows.Go("a")));
        Assert.Equal(WorkflowSubStatus.Suspended, (await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token)))!.SubStatus);
    }

    /// <summary>Runs <paramref name="run"/> before the transaction, then writes it under one and commits; throws what the write throws (rolled back).</summary>
    private static Task<int> DeferredAsync(EngineHarness engine, string? tenantId, Func<WorkflowRuntime, Task> run) =>
        engine.DeferredAsync(tenantId, async r =>
        {
            await run(r);
            return 0;
        });

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_deferred_write_the_database_refuses_leaves_nothing_of_the_unit(WorkflowDatabaseProvider provider)
    {
        await using var engine = await StepsAsync(provider);
        var started = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        var waiting = await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token));
        // The database refuses the journal line of step b completing: the unit's last save, after a's and a start, its
        // statements between other rows' of the same save.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            provider == WorkflowDatabaseProvider.Sqlite
                ? """
                  CREATE TRIGGER refuse_b BEFORE INSERT ON "WorkflowExecutionLogRecords"
                  WHEN NEW."ActivityId" = 'b' AND NEW."EventName" = 'Completed' BEGIN SELECT RAISE(ABORT, 'refused'); END;
                  """
                : """
                  CREATE FUNCTION refuse_b() RETURNS trigger LANGUAGE plpgsql AS $$
                  BEGIN
                    IF NEW."ActivityId" = 'b' AND NEW."EventName" = 'Completed' THEN RAISE EXCEPTION 'refused'; END IF;
                    RETURN NEW;
                  END $$;
                  CREATE TRIGGER refuse_b BEFORE INSERT ON "WorkflowExecutionLogRecords" FOR EACH ROW EXECUTE FUNCTION refuse_b();
                  """,
            Token));

        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => DeferredAsync(engine, null, async r =>
        {
            await r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token);
            await r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            await r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token);
        }));

        var stored = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal((started.Instance.Revision, started.Instance.StateJson), (stored!.Revision, stored.StateJson));
        Assert.Single(await engine.RunAsync(r => r.ListCorrelatedAsync("TCK-1", Token)));
        Assert.Equal(waiting.Select(x => x.Id), (await engine.RunAsync(r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token))).Select(x => x.Id));
        var journal = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, new JournalFilter { ActivityIds = ["a"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Empty(journal.Items);

        // The next unit (on the connection, and its prepared statements, the refused one left) writes as if nothing happened.
        await DeferredAsync(engine, null, r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
        Assert.Equal(started.Instance.Revision + 1, (await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token)))!.Revision);
        journal = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, new JournalFilter { ActivityIds = ["a"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Single(journal.Items);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_run_is_sent_back_when_its_tenant_s_correlation_moved_and_not_when_another_tenant_s_of_the_same_number_did(WorkflowDatabaseProvider provider)
    {
        var (engine, started) = await TwoTenantsAsync(provider);
        await using var _ = engine;

        // The check under the lock reads the run's own tenant only (on PostgreSQL a statement of its own, not EF's filter).
        var (despiteOther, afterOwn) = await engine.InTenantAsync("county-a", async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
            Assert.Single(await engine.RunInAsync("county-b", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));
            await unitOfWork.BeginAsync(Token);
            var despiteOther = await unitOfWork.WriteDeferredAsync(Token);
            await unitOfWork.CommitAsync(Token);

            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token));
            Assert.Single(await engine.RunInAsync("county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)));
            await unitOfWork.BeginAsync(Token);
            var afterOwn = await unitOfWork.WriteDeferredAsync(Token);
            await unitOfWork.RollbackAsync(Token);
            return (despiteOther, afterOwn);
        });

        Assert.Equal((true, false), (despiteOther, afterOwn));
        var a = await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token));
        Assert.Equal((WorkflowStatus.Finished, started["county-a"].Revision + 2), (a!.Status, a.Revision));
    }

    [Fact]
    public async Task On_PostgreSQL_the_caller_s_checks_go_first_and_one_that_fails_sends_the_run_back_with_nothing_written()
    {
        var (engine, started) = await TwoTenantsAsync(WorkflowDatabaseProvider.PostgreSql);
        await using var _ = engine;

        var (refused, held) = await engine.InTenantAsync("county-a", async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            var seen = new List<string>();
            LockedCheck Check(string name, bool holds) => new("SELECT $1", [name], async (reader, token) =>
            {
                seen.Add(await reader.ReadAsync(token) ? reader.GetString(0) : "no row");
                return holds;
            });

            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
            await unitOfWork.BeginAsync(Token);
            var refused = await unitOfWork.WriteDeferredAsync([Check("revision", false)], Token);
            unitOfWork.Discard();
            await unitOfWork.RollbackAsync(Token);
            var afterRefusal = await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token));
            Assert.Equal(started["county-a"].Revision, afterRefusal!.Revision);

            unitOfWork.DeferWrites();
            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
            await unitOfWork.BeginAsync(Token);
            var held = await unitOfWork.WriteDeferredAsync([Check("first", true), Check("second", true)], Token);
            await unitOfWork.CommitAsync(Token);
            Assert.Equal(["revision", "first", "second"], seen);
            return (refused, held);
        });

        Assert.Equal((false, true), (refused, held));
        Assert.Equal(started["county-a"].Revision + 1, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token)))!.Revision);
    }

    [Fact]
    public async Task On_SQLite_checks_for_one_round_trip_are_refused()
    {
        await using var engine = await StepsAsync(WorkflowDatabaseProvider.Sqlite);
        await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            Assert.False(unitOfWork.ChecksInOneRoundTrip);
            unitOfWork.DeferWrites();
            await sp.GetRequiredService<WorkflowRuntime>().TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token);
            await unitOfWork.BeginAsync(Token);
            await Assert.ThrowsAsync<InvalidOperationException>(() =>
                unitOfWork.WriteDeferredAsync([new LockedCheck("SELECT 1", [], (_, _) => Task.FromResult(true))], Token));
            await unitOfWork.RollbackAsync(Token);
            return 0;
        });
    }

    /// <summary>Counties a and b, each with the steps workflow started for the same ticket number.</summary>
    private static async Task<(EngineHarness Engine, Dictionary<string, WorkflowInstance> Started)> TwoTenantsAsync(WorkflowDatabaseProvider provider)
    {
        var engine = await EngineHarness.OpenAsync(provider);
        var chain = TestWorkflows.Steps();
        var started = new Dictionary<string, WorkflowInstance>();
        foreach (var tenant in new[] { "county-a", "county-b" })
        {
            await engine.InTenantAsync(tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(chain, publish: true, Token));
            started[tenant] = (await engine.RunInAsync(tenant, r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token))).Instance;
        }

        return (engine, started);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Two_tenants_with_the_same_ticket_number_each_write_only_their_own_rows(WorkflowDatabaseProvider provider)
    {
        var (engine, started) = await TwoTenantsAsync(provider);
        await using var _ = engine;

        await DeferredAsync(engine, "county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));

        var a = await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token));
        var b = await engine.RunInAsync("county-b", r => r.FindInstanceAsync(started["county-b"].Id, Token));
        Assert.Equal(("county-a", started["county-a"].Revision + 1), (a!.TenantId, a.Revision));
        Assert.Equal(("county-b", started["county-b"].Revision, started["county-b"].StateJson), (b!.TenantId, b.Revision, b.StateJson));
        var waitingA = Assert.Single(await engine.RunInAsync("county-a", r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)));
        Assert.Equal(("county-a", Bookmarks.BookmarkHash.Compute("Elsa.Event", TestWorkflows.Go("b"))), (waitingA.TenantId, waitingA.Hash));
        var waitingB = Assert.Single(await engine.RunInAsync("county-b", r => r.ListWaitingAsync("Elsa.Event", "TCK-1", Token)));
        Assert.Equal(("county-b", Bookmarks.BookmarkHash.Compute("Elsa.Event", TestWorkflows.Go("a"))), (waitingB.TenantId, waitingB.Hash));
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite, true)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, true)]
    [InlineData(WorkflowDatabaseProvider.Sqlite, false)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, false)]
    public async Task The_instances_a_unit_read_under_its_lock_serve_the_first_list_after_its_commit_ended_and_started_ones_included(
        WorkflowDatabaseProvider provider, bool runBeforeTheLock)
    {
        var (engine, started) = await TwoTenantsAsync(provider);
        await using var _ = engine;
        const string A = "county-a";
        // County a: one instance ended, one waiting at "a"; county b's instance of the same ticket number stays apart.
        await engine.RunInAsync(A, r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
        await engine.RunInAsync(A, r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token));
        var waiting = (await engine.RunInAsync(A, r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token))).Instance;

        var (atCommit, fromUnit, later) = await engine.InTenantAsync(A, async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            // Before the lock the check under it reads the instances; otherwise the unit's first read of the correlation.
            if (runBeforeTheLock)
            {
                unitOfWork.DeferWrites();
            }
            else
            {
                await unitOfWork.BeginAsync(Token);
            }

            Assert.Single(await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token));
            await runtime.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            if (runBeforeTheLock)
            {
                await unitOfWork.BeginAsync(Token);
                Assert.True(await unitOfWork.WriteDeferredAsync(Token));
            }

            await unitOfWork.CommitAsync(Token);

            var atCommit = await engine.RunInAsync(A, r => r.ListCorrelatedAsync("TCK-1", Token));
            // Another unit then ends the instance this unit moved: the first read still answers as the commit left it.
            await engine.RunInAsync(A, r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token));
            return (atCommit, await runtime.ListCorrelatedAsync("TCK-1", Token), await runtime.ListCorrelatedAsync("TCK-1", Token));
        });

        Assert.Equal(3, atCommit.Count);
        Assert.Equal(WorkflowStatus.Finished, atCommit.Single(i => i.Id == started[A].Id).Status);
        Assert.Equal((WorkflowStatus.Running, WorkflowSubStatus.Suspended), atCommit.Where(i => i.Id == waiting.Id).Select(i => (i.Status, i.SubStatus)).Single());
        Assert.Equal(atCommit, fromUnit);
        Assert.Equal(WorkflowStatus.Finished, later.Single(i => i.Id == waiting.Id).Status);
        Assert.Equal(later, await engine.RunInAsync(A, r => r.ListCorrelatedAsync("TCK-1", Token)));
        Assert.DoesNotContain(fromUnit, i => i.Id == started["county-b"].Id);
    }

    [Fact]
    public async Task A_record_key_another_tenant_s_instance_holds_is_a_conflict_not_an_overwrite()
    {
        var (engine, started) = await TwoTenantsAsync(WorkflowDatabaseProvider.PostgreSql);
        await using var _ = engine;

        // County a's waiting record, missing from the store, while county b's instance holds a record under its key (as an
        // imported instance's state could name): a's resume must not write over b's row.
        var (key, theirs) = await engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var own = await db.ActivityExecutions.AsNoTracking().SingleAsync(x => x.WorkflowInstanceId == started["county-a"].Id && x.ActivityId == "a", Token);
            var other = await db.ActivityExecutions.AsNoTracking().FirstAsync(x => x.WorkflowInstanceId == started["county-b"].Id, Token);
            await db.ActivityExecutions.Where(x => x.Id == own.Id).ExecuteDeleteAsync(Token);
            await db.ActivityExecutions.Where(x => x.Id == other.Id).ExecuteUpdateAsync(x => x.SetProperty(r => r.Id, own.Id), Token);
            return (own.Id, other);
        });

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() =>
            DeferredAsync(engine, "county-a", r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)));

        var row = await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().ActivityExecutions.AsNoTracking().SingleAsync(x => x.Id == key, Token));
        Assert.Equal((started["county-b"].Id, theirs.ActivityId, theirs.CompletedAt), (row.WorkflowInstanceId, row.ActivityId, row.CompletedAt));
        Assert.Equal(started["county-a"].Revision, (await engine.RunInAsync("county-a", r => r.FindInstanceAsync(started["county-a"].Id, Token)))!.Revision);
    }

    [Fact]
    public async Task Hooks_queued_before_the_transaction_run_with_its_commit_unless_the_run_is_discarded()
    {
        await using var engine = await StepsAsync(WorkflowDatabaseProvider.Sqlite);
        await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var ran = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            var ran = new List<string>();
            unitOfWork.DeferWrites();
            unitOfWork.BeforeCommit(_ => { ran.Add("kept before"); return Task.CompletedTask; });
            unitOfWork.AfterCommit(_ => { ran.Add("kept after"); return Task.CompletedTask; });
            await unitOfWork.BeginAsync(Token);
            Assert.True(await unitOfWork.WriteDeferredAsync(Token));
            await unitOfWork.CommitAsync(Token);

            unitOfWork.DeferWrites();
            unitOfWork.BeforeCommit(_ => { ran.Add("dropped before"); return Task.CompletedTask; });
            unitOfWork.AfterCommit(_ => { ran.Add("dropped after"); return Task.CompletedTask; });
            // A call that would read what the run saved but has not written is refused, not answered stale.
            await Assert.ThrowsAsync<DeferredRunUnsupportedException>(() => runtime.CancelCorrelatedAsync("TCK-1", "closed", cancellationToken: Token));
            await unitOfWork.BeginAsync(Token);
            unitOfWork.Discard();
            await unitOfWork.CommitAsync(Token);
            return ran;
        });

        Assert.Equal(["kept before", "kept after"], ran);
    }
}
