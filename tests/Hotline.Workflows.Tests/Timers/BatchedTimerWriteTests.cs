using System.Data.Common;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Timers;

/// <summary>
/// A claimed batch of due timers (PostgreSQL) writes the saves of all its resumes together at its end (issue 17, timers2):
/// each timer still fires once, in its own tenant, against the revision it read; a conflict or a refused write drops the
/// whole batch and its timers fire one by one. SQLite's batches write per timer; the first test holds for both.
/// </summary>
public sealed class BatchedTimerWriteTests
{
    private static readonly string[] Tenants = ["county-a", "county-b"];

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> OpenAsync(WorkflowDatabaseProvider provider, int perTenant, string?[] tenants)
    {
        var engine = await EngineHarness.OpenAsync(provider, configureServices: services =>
            services.AddWorkflowTimers(options => options.Clustered = provider == WorkflowDatabaseProvider.PostgreSql));
        foreach (var tenant in tenants)
        {
            var chain = TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke"));
            await engine.InTenantAsync(tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(chain, publish: true, Token));
            for (var i = 0; i < perTenant; i++)
            {
                // The same ticket numbers in every tenant: a batch must not mix up whose instance is whose.
                await engine.RunInAsync(tenant, r => r.StartAsync("wait-hour", new StartWorkflow { CorrelationId = $"TCK-{i % 7}" }, Token));
            }
        }

        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        return engine;
    }

    private static Task<List<WorkflowInstance>> InstancesAsync(EngineHarness engine) =>
        engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Instances.AsNoTracking().AcrossTenants().OrderBy(x => x.Id).ToListAsync(Token));

    /// <summary>Every instance finished by exactly one timer resume, its step after the timer saved, no bookmark left.</summary>
    private static async Task AssertEachFiredOnceAsync(EngineHarness engine, List<WorkflowInstance> before)
    {
        await engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var resumes = await db.Journal.Where(x => x.EventName == "Resumed").GroupBy(x => x.WorkflowInstanceId)
                .Select(g => new { g.Key, Count = g.Count(), Actors = g.Select(x => x.Actor).Distinct().Count() }).ToListAsync(Token);
            Assert.Equal(before.Count, resumes.Count);
            Assert.All(resumes, r => Assert.Equal((1, 1), (r.Count, r.Actors)));
            Assert.Equal(before.Count, await db.Journal.CountAsync(x => x.EventName == "Resumed" && x.Actor == DueTimerSweep.Actor, Token));
            Assert.Equal(before.Count, await db.ActivityExecutions.Where(x => x.ActivityId == "after").Select(x => x.WorkflowInstanceId).Distinct().CountAsync(Token));
            Assert.Equal(0, await db.Bookmarks.AcrossTenants().CountAsync(Token));
            return 0;
        });
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_batch_across_instances_and_tenants_fires_each_timer_once_and_saves_each_in_its_tenant(WorkflowDatabaseProvider provider)
    {
        await using var engine = await OpenAsync(provider, perTenant: 30, Tenants);
        var before = await InstancesAsync(engine);

        Assert.Equal(60, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));

        await AssertEachFiredOnceAsync(engine, before);
        var after = await InstancesAsync(engine);
        Assert.All(after.Zip(before), pair =>
        {
            var (now, then) = pair;
            Assert.Equal((WorkflowStatus.Finished, then.TenantId, then.CorrelationId, then.Revision + 1), (now.Status, now.TenantId, now.CorrelationId, now.Revision));
        });
        foreach (var tenant in Tenants)
        {
            // Each tenant sees its own thirty, finished, and nothing of the other's.
            var own = await engine.RunInAsync(tenant, r => r.ListInstancesAsync(new InstanceQuery(), cancellationToken: Token));
            Assert.Equal(30, own.TotalCount);
            Assert.All(own.Items, x => Assert.Equal((tenant, WorkflowStatus.Finished), (x.TenantId, x.Status)));
        }
    }

    [Fact]
    public async Task A_request_that_moves_an_instance_during_a_batch_sends_the_batch_one_by_one_and_each_timer_fires_once()
    {
        await using var engine = await OpenAsync(WorkflowDatabaseProvider.PostgreSql, perTenant: 40, [null]);
        var before = await InstancesAsync(engine);
        var moved = before[17];
        // Once the batch has read its instances, a request saves one of them (its revision moves on).
        var request = new AfterInstancesRead(() => engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Instances.AcrossTenants()
            .Where(x => x.Id == moved.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.Revision, x => x.Revision + 1), Token)));
        await using var node = SecondNode(engine, request);

        Assert.Equal(40, await node.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));

        Assert.True(request.Ran);
        await AssertEachFiredOnceAsync(engine, before);
        var after = await InstancesAsync(engine);
        // The request's save stands under the timer's: written over, the instance would be one revision short.
        Assert.Equal(moved.Revision + 2, after.Single(x => x.Id == moved.Id).Revision);
        Assert.All(after.Where(x => x.Id != moved.Id).Zip(before.Where(x => x.Id != moved.Id)), pair => Assert.Equal(pair.Second.Revision + 1, pair.First.Revision));
    }

    [Fact]
    public async Task A_batch_whose_write_the_database_refuses_rolls_back_whole_and_its_timers_fire_one_by_one()
    {
        await using var engine = await OpenAsync(WorkflowDatabaseProvider.PostgreSql, perTenant: 40, [null]);
        var before = await InstancesAsync(engine);
        // The database refuses any statement that writes journal lines of more than one instance: the batch's write.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            """
            CREATE FUNCTION refuse_batch() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              IF (SELECT count(DISTINCT "WorkflowInstanceId") FROM added) > 1 THEN RAISE EXCEPTION 'refused'; END IF;
              RETURN NULL;
            END $$;
            CREATE TRIGGER refuse_batch AFTER INSERT ON "WorkflowExecutionLogRecords" REFERENCING NEW TABLE AS added
              FOR EACH STATEMENT EXECUTE FUNCTION refuse_batch();
            """,
            Token));

        Assert.Equal(40, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));

        await AssertEachFiredOnceAsync(engine, before);
        Assert.All(await InstancesAsync(engine), x => Assert.Equal(WorkflowStatus.Finished, x.Status));
    }

    /// <summary>Another node on the same store and clock, its store commands watched by <paramref name="interceptor"/>.</summary>
    private static ServiceProvider SecondNode(EngineHarness engine, IInterceptor interceptor)
    {
        var services = engine.Database.CreateServices(db => db.AddInterceptors(interceptor));
        services.AddWorkflowRuntime();
        services.AddWorkflowTimers(options => options.Clustered = true);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs <paramref name="request"/> once, right after the node's first read of instances (a batch's, after its claim).</summary>
    private sealed class AfterInstancesRead(Func<Task<int>> request) : DbCommandInterceptor
    {
        private int ran;

        public bool Ran => Volatile.Read(ref ran) == 1;

        public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.Contains("FROM \"WorkflowInstances\"", StringComparison.Ordinal) && Interlocked.Exchange(ref ran, 1) == 0)
            {
                Assert.Equal(1, await request());
            }

            return result;
        }
    }
}
