using System.Data.Common;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Hotline.Workflows.Tests.Timers;

/// <summary>
/// Clustered nodes on one PostgreSQL store (issue 17): each sweep batch claims its due timers with row locks the other
/// nodes skip, so nodes share a burst without firing a timer twice, and a dead node's claim ends with its transaction.
/// </summary>
public sealed class ClaimedTimerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<EngineHarness> OpenAsync(int timers)
    {
        var engine = await EngineHarness.OpenAsync(WorkflowDatabaseProvider.PostgreSql, configureServices: services => services.AddWorkflowTimers(options => options.Clustered = true));
        await engine.PublishAsync(TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1))));
        await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            for (var i = 0; i < timers; i++)
            {
                await runtime.StartAsync("wait-hour", new StartWorkflow { CorrelationId = $"TCK-{i % 37}" }, Token);
            }

            await unitOfWork.CommitAsync(Token);
            return 0;
        });
        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        return engine;
    }

    /// <summary>Another node on the same store and clock, as a server node builds it.</summary>
    private static ServiceProvider SecondNode(EngineHarness engine, Action<DbContextOptionsBuilder>? configureDb = null, Action<WorkflowTimerOptions>? configure = null)
    {
        var services = engine.Database.CreateServices(configureDb);
        services.AddWorkflowRuntime();
        services.AddWorkflowTimers(options =>
        {
            options.Clustered = true;
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    /// <summary>Stops the node's first write of a resume's journal lines until released: the node hangs mid-batch.</summary>
    private sealed class Hang : DbCommandInterceptor
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int hung;

        public Task Reached => reached.Task;

        public void Release() => released.TrySetResult();

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            // The batch's read of its instances, after its claim: the batch's writes go in one round trip at its end.
            if (command.CommandText.Contains("FROM \"WorkflowInstances\"", StringComparison.Ordinal) && Interlocked.Exchange(ref hung, 1) == 0)
            {
                reached.TrySetResult();
                await released.Task.ConfigureAwait(false);
            }

            return result;
        }
    }

    private static async Task AssertEachResumedOnceAsync(EngineHarness engine, int timers) => await engine.InScopeAsync(async sp =>
    {
        var db = sp.GetRequiredService<WorkflowDbContext>();
        var resumes = await db.Journal.Where(x => x.EventName == "Resumed").GroupBy(x => x.WorkflowInstanceId).Select(g => g.Count()).ToListAsync(Token);
        Assert.Equal(timers, resumes.Count);
        Assert.All(resumes, count => Assert.Equal(1, count));
        Assert.Equal(0, await db.Bookmarks.CountAsync(Token));
        return 0;
    });

    [Fact]
    public async Task Timers_another_node_has_claimed_are_skipped_and_fired_once_that_node_is_gone()
    {
        const int Timers = 150;
        const int Claimed = 50;
        await using var engine = await OpenAsync(Timers);
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();

        // Another node is in the middle of a batch: it holds the rows of 50 due timers in its open transaction.
        var otherNode = new NpgsqlConnection(engine.Database.ConnectionString);
        await otherNode.OpenAsync(Token);
        var batch = await otherNode.BeginTransactionAsync(Token);
        await using (var claim = new NpgsqlCommand($"SELECT \"Id\" FROM \"Bookmarks\" ORDER BY \"Id\" LIMIT {Claimed} FOR UPDATE", otherNode, batch))
        {
            await claim.ExecuteNonQueryAsync(Token);
        }

        // This node fires the others without waiting for those rows (waiting would hang until the other node ends).
        Assert.Equal(Timers - Claimed, await sweep.FireDueAsync(Token).WaitAsync(TimeSpan.FromMinutes(1), Token));

        // The other node dies mid-batch: its transaction, and its claim, end with its connection.
        await otherNode.DisposeAsync();
        Assert.Equal(Claimed, await sweep.FireDueAsync(Token));
        Assert.Equal(0, await sweep.FireDueAsync(Token));
        await AssertEachResumedOnceAsync(engine, Timers);
    }

    [Fact]
    public async Task A_node_that_hangs_mid_batch_loses_its_claim_after_the_idle_timeout()
    {
        const int Timers = 60;
        await using var engine = await OpenAsync(Timers);
        var hang = new Hang();
        await using var hanging = SecondNode(engine, db => db.AddInterceptors(hang), options => options.ClaimIdleTimeout = TimeSpan.FromSeconds(1));
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();

        // The hanging node claims the whole burst (one batch of 100) and stops reading its instances, its transaction open.
        var stuck = Task.Run(() => hanging.GetRequiredService<DueTimerSweep>().FireDueAsync(Token), Token);
        var fired = 0;
        try
        {
            await hang.Reached.WaitAsync(TimeSpan.FromMinutes(1), Token);
            Assert.Equal(0, await sweep.FireDueAsync(Token));

            // PostgreSQL ends the idle transaction after a second, and with it the claim: this node fires the burst.
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (fired < Timers && DateTime.UtcNow < deadline)
            {
                await Task.Delay(500, Token);
                fired += await sweep.FireDueAsync(Token);
            }
        }
        finally
        {
            // The hung node wakes to a closed connection: its batch fails and fires nothing twice.
            hang.Release();
        }

        Assert.Equal(Timers, fired);
        Assert.Equal(0, await stuck.WaitAsync(TimeSpan.FromMinutes(1), Token));
        await AssertEachResumedOnceAsync(engine, Timers);
    }

    [Fact]
    public async Task Two_nodes_sweeping_one_burst_at_once_fire_each_timer_exactly_once()
    {
        const int Timers = 400;
        await using var engine = await OpenAsync(Timers);
        await using var second = SecondNode(engine);
        var sweeps = new[] { engine.Services.GetRequiredService<DueTimerSweep>(), second.GetRequiredService<DueTimerSweep>() };

        var fired = await Task.WhenAll(sweeps.Select(sweep => Task.Run(() => sweep.FireDueAsync(Token), Token)));

        Assert.Equal(Timers, fired.Sum());
        await AssertEachResumedOnceAsync(engine, Timers);
    }

    [Fact]
    public async Task A_clustered_node_sets_no_alarms_and_its_watch_fires_what_falls_due()
    {
        await using var engine = await OpenAsync(timers: 3);
        var alarm = engine.Services.GetRequiredService<TimerAlarm>();
        // Only the periodic sweep's own trigger: no alarm per timer.
        Assert.Equal([DueTimerSweepJob.Name], await alarm.ArmedAsync(Token));
        Assert.Equal(0, await engine.Services.GetRequiredService<TimerReconciliation>().ReconcileAsync(Token));

        var watch = engine.Services.GetRequiredService<DueTimerWatch>();
        await watch.StartAsync(Token);
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(1);
            while (await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.CountAsync(Token)) > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50, Token);
            }
        }
        finally
        {
            await watch.StopAsync(Token);
        }

        await AssertEachResumedOnceAsync(engine, 3);
    }
}
