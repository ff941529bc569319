using System.Diagnostics;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Persistence;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Hotline.Workflows.Tests.Timers;

/// <summary>
/// Alarms are set only for timers due within the near window (an hour by default); the sweep arms the later ones as
/// they come into it, and a restart arms the window, past-due timers included, from the bookmark rows.
/// </summary>
public sealed class NearWindowTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task PublishAsync(IHost host, params (string Id, TimeSpan Delay)[] waits)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<WorkflowDefinitionStore>();
        foreach (var (id, delay) in waits)
        {
            await store.SaveAsync(TestWorkflows.Chain(id, id, TestWorkflows.Delay("delay", delay), TestWorkflows.WriteLine("after", "woke")), publish: true, Token);
        }
    }

    private static async Task<List<WorkflowRun>> StartAsync(IHost host, string definitionId, int count)
    {
        var runs = new List<WorkflowRun>();
        for (var i = 0; i < count; i++)
        {
            await using var scope = host.Services.CreateAsyncScope();
            runs.Add(await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().StartAsync(definitionId, cancellationToken: Token));
        }

        return runs;
    }

    private static async Task<HashSet<string>> ArmedAsync(IHost host)
    {
        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        var triggers = await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TimerAlarm.JobGroup), Take = PagedQuery.All }, Token);
        return triggers.Items.Select(x => x.Key.Name).Where(x => x != "workflow-timer-sweep").ToHashSet(StringComparer.Ordinal);
    }

    private static string TimerOf(WorkflowRun run) => Assert.Single(run.CreatedBookmarks).Id;

    private static async Task<WorkflowStatus> StatusAsync(IHost host, WorkflowRun run)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<WorkflowRuntime>().FindInstanceAsync(run.Instance.Id, Token))!.Status;
    }

    [Fact]
    public async Task Only_timers_due_within_the_window_get_an_alarm_and_the_sweep_arms_the_others_as_they_come_near()
    {
        await using var database = TestDatabase.CreateSqlite();
        // Nothing rings here: the test moves the clock and arms by hand what the sweep job would.
        using var host = TimerHost.Build(database, ringing: false);
        await host.StartAsync(Token);
        await PublishAsync(host, ("half-hour", TimeSpan.FromMinutes(30)), ("three-hours", TimeSpan.FromHours(3)));
        var near = await StartAsync(host, "half-hour", 2);
        var far = await StartAsync(host, "three-hours", 2);

        Assert.Equal(near.Select(TimerOf).ToHashSet(), await ArmedAsync(host));

        var window = host.Services.GetRequiredService<TimerReconciliation>();
        database.Clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(0, await window.ArmComingAsync(Token));
        Assert.DoesNotContain(TimerOf(far[0]), await ArmedAsync(host));

        // Two hours and a minute in, the three-hour timers are within the hour: the sweep arms them, once.
        database.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(2, await window.ArmComingAsync(Token));
        Assert.Superset(far.Select(TimerOf).ToHashSet(), await ArmedAsync(host));
        Assert.Equal(0, await window.ArmComingAsync(Token));
        await host.StopAsync(Token);
    }

    [Fact]
    public async Task A_timer_due_while_the_node_was_down_fires_on_restart_and_a_far_one_waits_without_an_alarm()
    {
        await using var database = TestDatabase.CreateSqlite();
        var first = TimerHost.Build(database);
        await first.StartAsync(Token);
        await PublishAsync(first, ("half-hour", TimeSpan.FromMinutes(30)), ("five-hours", TimeSpan.FromHours(5)), ("a-day", TimeSpan.FromDays(1)));
        var near = await StartAsync(first, "half-hour", 2);
        var later = await StartAsync(first, "five-hours", 2);
        var far = await StartAsync(first, "a-day", 2);
        Assert.Equal(near.Select(TimerOf).ToHashSet(), await ArmedAsync(first));

        // The crash: no graceful stop, the alarms die with the process; six hours pass before the node is back.
        first.Dispose();
        database.Clock.Advance(TimeSpan.FromHours(6));

        using var second = TimerHost.Build(database);
        await second.StartAsync(Token);
        var waited = Stopwatch.StartNew();
        foreach (var run in near.Concat(later))
        {
            while (await StatusAsync(second, run) != WorkflowStatus.Finished && waited.Elapsed < TimeSpan.FromSeconds(30))
            {
                await Task.Delay(50, Token);
            }

            Assert.Equal(WorkflowStatus.Finished, await StatusAsync(second, run));
        }

        foreach (var run in far)
        {
            Assert.Equal(WorkflowStatus.Running, await StatusAsync(second, run));
        }

        Assert.Empty((await ArmedAsync(second)).Intersect(far.Select(TimerOf)));
        Assert.Equal(0, await second.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));
        await second.StopAsync(Token);
    }
}
