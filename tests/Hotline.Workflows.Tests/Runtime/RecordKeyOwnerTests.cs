using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// An imported instance's state may name an activity record key that another instance (another county's included) already
/// holds. A save of the imported instance must never write over that row: it is refused as a conflict, nothing of it stands.
/// </summary>
public sealed class RecordKeyOwnerTests
{
    private const string Ours = "county-a";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public static TheoryData<WorkflowDatabaseProvider, string, bool> Saves()
    {
        var data = new TheoryData<WorkflowDatabaseProvider, string, bool>();
        foreach (var provider in new[] { WorkflowDatabaseProvider.Sqlite, WorkflowDatabaseProvider.PostgreSql })
        {
            foreach (var holder in new[] { "county-b", Ours })
            {
                // Outside a unit of work: EF's save; inside one: SQLite's prepared rows, PostgreSQL's EF save in the transaction.
                data.Add(provider, holder, false);
                data.Add(provider, holder, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Saves))]
    public async Task A_resume_whose_record_key_another_instance_holds_is_a_conflict_and_that_row_stays(
        WorkflowDatabaseProvider provider, string holder, bool inUnitOfWork)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        var chain = TestWorkflows.Steps();
        var (ours, theirs) = await TwoInstancesAsync(engine, chain, "steps", holder);
        var (key, before) = await HandOverKeyAsync(engine, ours, theirs, "a");

        await Assert.ThrowsAsync<WorkflowConcurrencyException>(() => engine.InTenantAsync(Ours, async sp =>
        {
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            var bookmark = Assert.Single(ours.CreatedBookmarks).Id;
            if (!inUnitOfWork)
            {
                return await runtime.ResumeAsync(bookmark, new JsonObject(), cancellationToken: Token);
            }

            await using var unit = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unit.BeginAsync(Token);
            var run = await runtime.ResumeAsync(bookmark, new JsonObject(), cancellationToken: Token);
            await unit.CommitAsync(Token);
            return run;
        }));

        await AssertUnchangedAsync(engine, ours, key, before);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite, "county-b")]
    [InlineData(WorkflowDatabaseProvider.Sqlite, Ours)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, "county-b")]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, Ours)]
    public async Task A_due_timer_whose_record_key_another_instance_holds_fails_and_that_row_stays(WorkflowDatabaseProvider provider, string holder)
    {
        await using var engine = await EngineHarness.OpenAsync(provider, configureServices: services => services.AddWorkflowTimers());
        var wait = TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke"));
        var (ours, theirs) = await TwoInstancesAsync(engine, wait, "wait-hour", holder);
        var (key, before) = await HandOverKeyAsync(engine, ours, theirs, "delay");
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();
        engine.Database.Clock.Advance(TimeSpan.FromHours(1));

        // The sweep's batch fails on it, then the timers fire one by one: the other instance's fires, ours is refused.
        await sweep.FireDueAsync(Token);
        Assert.Equal(TimerFireOutcome.Failed, await sweep.FireAsync(Assert.Single(ours.CreatedBookmarks).Id, Token));

        await AssertUnchangedAsync(engine, ours, key, before);
    }

    /// <summary>Ours started in county a, theirs in <paramref name="holder"/>, both waiting at their first step.</summary>
    private static async Task<(WorkflowRun Ours, WorkflowRun Theirs)> TwoInstancesAsync(EngineHarness engine, JsonObject definition, string id, string holder)
    {
        foreach (var tenant in new[] { Ours, holder }.Distinct())
        {
            await engine.InTenantAsync(tenant, sp => sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(definition, publish: true, Token));
        }

        var ours = await engine.RunInAsync(Ours, r => r.StartAsync(id, new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        var theirs = await engine.RunInAsync(holder, r => r.StartAsync(id, new StartWorkflow { CorrelationId = "TCK-2" }, Token));
        return (ours, theirs);
    }

    /// <summary>
    /// As an instance imported without its records whose state names a key stored for another instance: our waiting
    /// activity's record is gone and one of theirs now has its key. Returns the key and their row as stored.
    /// </summary>
    private static Task<(string Key, string Row)> HandOverKeyAsync(EngineHarness engine, WorkflowRun ours, WorkflowRun theirs, string activityId) =>
        engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var own = await db.ActivityExecutions.AsNoTracking().SingleAsync(x => x.WorkflowInstanceId == ours.Instance.Id && x.ActivityId == activityId, Token);
            var other = await db.ActivityExecutions.AsNoTracking().SingleAsync(x => x.WorkflowInstanceId == theirs.Instance.Id && x.ActivityId == activityId, Token);
            await db.ActivityExecutions.Where(x => x.Id == own.Id).ExecuteDeleteAsync(Token);
            await db.ActivityExecutions.Where(x => x.Id == other.Id).ExecuteUpdateAsync(x => x.SetProperty(r => r.Id, own.Id), Token);
            return (own.Id, await RowAsync(db, own.Id));
        });

    private static async Task<string> RowAsync(WorkflowDbContext db, string key) =>
        JsonSerializer.Serialize(await db.ActivityExecutions.AsNoTracking().SingleAsync(x => x.Id == key, Token));

    /// <summary>Their row is exactly as it was; ours did not move and still waits where it did.</summary>
    private static async Task AssertUnchangedAsync(EngineHarness engine, WorkflowRun ours, string key, string before)
    {
        Assert.Equal(before, await engine.InScopeAsync(sp => RowAsync(sp.GetRequiredService<WorkflowDbContext>(), key)));
        var instance = await engine.RunInAsync(Ours, r => r.FindInstanceAsync(ours.Instance.Id, Token));
        Assert.Equal(ours.Instance.Revision, instance!.Revision);
        var waiting = await engine.RunInAsync(Ours, r => r.ListActivityExecutionsAsync(ours.Instance.Id, cancellationToken: Token));
        Assert.DoesNotContain(waiting, x => x.Id == key);
        Assert.Equal(
            ours.CreatedBookmarks.Select(x => x.Id),
            (await engine.InTenantAsync(Ours, sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.AsNoTracking()
                .Where(x => x.WorkflowInstanceId == ours.Instance.Id).Select(x => x.Id).ToListAsync(Token))));
    }
}
