using System.Diagnostics;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Persistence;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Hotline.Workflows.Tests.Timers;

public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int InstanceCount = 10_000;
    private const int BatchSize = 500;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<int> CountArmedTimersAsync(IHost host)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TimerAlarm.JobGroup), Take = PagedQuery.All }, Token);
        return triggers.Items.Count(x => x.Key.Name != "workflow-timer-sweep");
    }

    [Fact]
    public async Task After_a_crash_a_new_host_rearms_every_pending_timer_and_fires_each_exactly_once()
    {
        await using var database = TestDatabase.CreateSqlite();
        var clock = Stopwatch.StartNew();

        // First life: 10,000 instances each waiting an hour, started in batched units of work.
        var first = TimerHost.Build(database);
        await first.StartAsync(Token);
        await using (var scope = first.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(
                TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke")),
                publish: true,
                Token);
        }

        for (var batch = 0; batch < InstanceCount / BatchSize; batch++)
        {
            await using var scope = first.Services.CreateAsyncScope();
            await using var unitOfWork = scope.ServiceProvider.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = scope.ServiceProvider.GetRequiredService<WorkflowRuntime>();
            await unitOfWork.BeginAsync(Token);
            for (var i = 0; i < BatchSize; i++)
            {
                await runtime.StartAsync("wait-hour", new StartWorkflow { CorrelationId = $"TCK-{batch * BatchSize + i}" }, Token);
            }

            await unitOfWork.CommitAsync(Token);
        }

        Assert.Equal(InstanceCount, await CountArmedTimersAsync(first));
        output.WriteLine($"started {InstanceCount} instances in {clock.Elapsed}");

        // The crash: no StopAsync, no graceful shutdown; the in-memory alarms die with the process.
        first.Dispose();

        // The sweep drives the firing here, deterministically (the alarms call the same path): the second host's
        // alarms never ring.
        var second = TimerHost.Build(database, ringing: false);
        await second.StartAsync(Token);
        Assert.Equal(InstanceCount, await CountArmedTimersAsync(second));
        output.WriteLine($"re-armed after {clock.Elapsed}");

        var sweep = second.Services.GetRequiredService<DueTimerSweep>();
        Assert.Equal(0, await sweep.FireDueAsync(Token));
        database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(InstanceCount, await sweep.FireDueAsync(Token));
        Assert.Equal(0, await sweep.FireDueAsync(Token));
        output.WriteLine($"fired after {clock.Elapsed}");

        await using (var scope = second.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            Assert.Equal(InstanceCount, await db.Instances.CountAsync(x => x.Status == WorkflowStatus.Finished && x.SubStatus == WorkflowSubStatus.Finished, Token));
            Assert.Equal(0, await db.Instances.CountAsync(x => x.Status != WorkflowStatus.Finished, Token));
            Assert.Equal(0, await db.Bookmarks.CountAsync(Token));

            var resumesPerInstance = await db.Journal
                .Where(x => x.EventName == "Resumed")
                .GroupBy(x => x.WorkflowInstanceId)
                .Select(g => g.Count())
                .ToListAsync(Token);
            Assert.Equal(InstanceCount, resumesPerInstance.Count);
            Assert.All(resumesPerInstance, count => Assert.Equal(1, count));
            Assert.Equal(InstanceCount, await db.Journal.CountAsync(x => x.ActivityId == "after" && x.EventName == "Completed", Token));
        }

        await second.StopAsync(Token);
        second.Dispose();
    }

    [Fact]
    public async Task The_quartz_alarm_fires_a_due_timer_by_itself()
    {
        await using var database = TestDatabase.CreateSqlite();
        using var host = TimerHost.Build(database);
        await host.StartAsync(Token);
        WorkflowRun started;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(
                TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1))), publish: true, Token);
            started = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync("wait-hour", cancellationToken: Token);
        }

        database.Clock.Advance(TimeSpan.FromHours(1));

        var deadline = Stopwatch.StartNew();
        WorkflowInstance? instance;
        do
        {
            await Task.Delay(50, Token);
            await using var scope = host.Services.CreateAsyncScope();
            instance = await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().FindInstanceAsync(started.Instance.Id, Token);
        }
        while (instance!.Status != WorkflowStatus.Finished && deadline.Elapsed < TimeSpan.FromSeconds(20));

        Assert.Equal(WorkflowStatus.Finished, instance.Status);
        await host.StopAsync(Token);
    }
}
