using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Hotline.Workflows.Tests.Timers;

public sealed class DueTimerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Quartz is registered but its hosted service is never started here, so only the sweep fires timers.
    private static async Task<EngineHarness> OpenAsync(WorkflowDatabaseProvider provider = WorkflowDatabaseProvider.Sqlite)
    {
        var engine = await EngineHarness.OpenAsync(provider, configureServices: services => services.AddWorkflowTimers());
        await engine.PublishAsync(TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke")));
        return engine;
    }

    private static async Task<bool> IsArmedAsync(EngineHarness engine, string bookmarkId)
    {
        var scheduler = await engine.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        return await scheduler.GetTrigger(new TriggerKey(bookmarkId, TimerAlarm.JobGroup), Token) is not null;
    }

    [Fact]
    public async Task A_timer_fires_once_when_the_clock_passes_its_due_time_and_never_again()
    {
        await using var engine = await OpenAsync();
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();
        var started = await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));
        var timer = Assert.Single(started.CreatedBookmarks);
        Assert.Equal(engine.Database.Clock.GetUtcNow().AddHours(1), timer.DueAt);
        Assert.True(await IsArmedAsync(engine, timer.Id));

        Assert.Equal(0, await sweep.FireDueAsync(Token));
        Assert.Equal(TimerFireOutcome.NotDue, await sweep.FireAsync(timer.Id, Token));

        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await sweep.FireDueAsync(Token));
        Assert.Equal(0, await sweep.FireDueAsync(Token));
        Assert.Equal(TimerFireOutcome.AlreadyConsumed, await sweep.FireAsync(timer.Id, Token));

        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal(WorkflowStatus.Finished, instance!.Status);
        var resumes = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, new JournalFilter { EventNames = ["Resumed"] }, cancellationToken: Token));
        Assert.Equal(DueTimerSweep.Actor, Assert.Single(resumes.Items).Actor);
    }

    [Fact]
    public async Task A_timer_whose_step_keeps_failing_is_given_up_and_its_instance_faulted()
    {
        await using var engine = await OpenAsync();
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();
        var started = await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));
        // The version it runs on is deleted (Studio allows it): every resume fails to load the definition.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Definitions.ExecuteDeleteAsync(Token));
        engine.Database.Clock.Advance(TimeSpan.FromHours(2));

        for (var sweepRound = 1; sweepRound <= TimerGiveUp.MaxAttempts; sweepRound++)
        {
            Assert.Equal(0, await sweep.FireDueAsync(Token));
        }

        Assert.Equal(0, await sweep.FireDueAsync(Token));
        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal(WorkflowSubStatus.Faulted, instance!.SubStatus);
        var incident = Assert.Single(Hotline.Workflows.Execution.WorkflowState.Read(instance.StateJson).Incidents);
        Assert.Equal((TimerGiveUp.Code, "delay"), (incident.Code, incident.ActivityId));
        Assert.Contains("not found", incident.Message, StringComparison.Ordinal);
        Assert.Equal(0, await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.CountAsync(Token)));
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_timer_whose_resume_the_database_refuses_is_counted_and_given_up(WorkflowDatabaseProvider provider)
    {
        await using var engine = await OpenAsync(provider);
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();
        var started = await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));
        // The database refuses a row the resume writes (a constraint, a column a migration narrowed): an error that
        // repeats on every attempt, unlike a busy or unreachable database, so it counts toward giving up.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database.ExecuteSqlRawAsync(
            provider == WorkflowDatabaseProvider.Sqlite
                ? """CREATE TRIGGER refuse_resume BEFORE INSERT ON "WorkflowExecutionLogRecords" WHEN NEW."EventName" = 'Resumed' BEGIN SELECT RAISE(ABORT, 'refused'); END;"""
                : """
                  CREATE FUNCTION refuse_resume() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$;
                  CREATE TRIGGER refuse_resume BEFORE INSERT ON "WorkflowExecutionLogRecords" FOR EACH ROW WHEN (NEW."EventName" = 'Resumed') EXECUTE FUNCTION refuse_resume();
                  """,
            Token));
        engine.Database.Clock.Advance(TimeSpan.FromHours(2));

        for (var sweepRound = 1; sweepRound <= TimerGiveUp.MaxAttempts; sweepRound++)
        {
            Assert.Equal(0, await sweep.FireDueAsync(Token));
        }

        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal(WorkflowSubStatus.Faulted, instance!.SubStatus);
        var incident = Assert.Single(Hotline.Workflows.Execution.WorkflowState.Read(instance.StateJson).Incidents);
        Assert.Equal((TimerGiveUp.Code, "delay"), (incident.Code, incident.ActivityId));
        Assert.Equal(0, await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.CountAsync(Token)));
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Two_timers_of_one_instance_due_in_one_batch_fire_once_each_the_second_after_the_first(WorkflowDatabaseProvider provider)
    {
        await using var engine = await OpenAsync(provider);
        // Two branches, each waiting an hour: both timers fall due together and the batch reads the instance once.
        var twoWaits = TestWorkflows.Chain("two-waits", "Two waits", TestWorkflows.Delay("first", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after-first", "first"));
        var activities = twoWaits["root"]!["activities"]!.AsArray();
        activities.RemoveAt(activities.Count - 1);
        activities.Add(TestWorkflows.Delay("second", TimeSpan.FromHours(1)));
        activities.Add(TestWorkflows.WriteLine("after-second", "second"));
        var connections = twoWaits["root"]!["connections"]!.AsArray();
        connections.RemoveAt(connections.Count - 1);
        connections.Add(TestWorkflows.Connection("start", "second"));
        connections.Add(TestWorkflows.Connection("second", "after-second"));
        await engine.PublishAsync(twoWaits);
        var started = await engine.RunAsync(r => r.StartAsync("two-waits", cancellationToken: Token));
        Assert.Equal(2, started.CreatedBookmarks.Count);

        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));

        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal(WorkflowStatus.Finished, instance!.Status);
        var resumes = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, new JournalFilter { EventNames = ["Resumed"] }, cancellationToken: Token));
        Assert.Equal(2, resumes.Items.Count);
        Assert.Equal(0, await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.CountAsync(Token)));
    }

    [Fact]
    public async Task A_timer_is_armed_only_after_its_unit_of_work_commits()
    {
        await using var engine = await OpenAsync();

        async Task<string> StartInUnitOfWorkAsync(bool commit) => await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            var run = await sp.GetRequiredService<WorkflowRuntime>().StartAsync("wait-hour", cancellationToken: Token);
            var timerId = Assert.Single(run.CreatedBookmarks).Id;
            Assert.False(await IsArmedAsync(engine, timerId));
            await (commit ? unitOfWork.CommitAsync(Token) : unitOfWork.RollbackAsync(Token));
            return timerId;
        });

        var rolledBack = await StartInUnitOfWorkAsync(commit: false);
        Assert.False(await IsArmedAsync(engine, rolledBack));
        var committed = await StartInUnitOfWorkAsync(commit: true);
        Assert.True(await IsArmedAsync(engine, committed));

        engine.Database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(1, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));
    }

    [Fact]
    public async Task Cancelling_an_instance_removes_its_timer()
    {
        await using var engine = await OpenAsync();
        var started = await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));

        var cancelled = await engine.RunAsync(r => r.CancelAsync(started.Instance.Id, "supervisor-2", Token));

        Assert.Equal(WorkflowSubStatus.Cancelled, cancelled.Instance.SubStatus);
        Assert.Empty(await engine.RunAsync(r => r.ListBookmarksAsync(started.Instance.Id, Token)));
        engine.Database.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));
    }

    [Fact]
    public async Task Alarms_ringing_during_a_sweep_share_one_later_sweep_and_fire_each_timer_exactly_once()
    {
        await using var engine = await OpenAsync();
        await engine.PublishAsync(TestWorkflows.Chain("wait-two-hours", "Wait two hours", TestWorkflows.Delay("delay", TimeSpan.FromHours(2))));
        const int Burst = 200;
        await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            for (var i = 0; i < Burst; i++)
            {
                await runtime.StartAsync("wait-hour", cancellationToken: Token);
            }

            await unitOfWork.CommitAsync(Token);
            return 0;
        });
        var later = await engine.RunAsync(r => r.StartAsync("wait-two-hours", cancellationToken: Token));
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();

        // A burst's sweep is under way when one more timer falls due: the alarms that ring for it must not be
        // satisfied by the running sweep, which looked before that timer was due, but by one sweep queued behind it.
        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        var running = sweep.FireDueSharedAsync(Token);
        while (!running.IsCompleted && await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.CountAsync(Token)) == Burst + 1)
        {
            await Task.Delay(5, Token);
        }

        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        var joiners = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => sweep.FireDueSharedAsync(Token)));

        Assert.Equal(Burst, await running);
        Assert.All(joiners, count => Assert.Equal(1, count));
        Assert.Equal(0, await sweep.FireDueAsync(Token));
        Assert.Equal(TimerFireOutcome.AlreadyConsumed, await sweep.FireAsync(Assert.Single(later.CreatedBookmarks).Id, Token));
        await engine.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<WorkflowDbContext>();
            var resumes = await db.Journal.Where(x => x.EventName == "Resumed").GroupBy(x => x.WorkflowInstanceId).Select(g => g.Count()).ToListAsync(Token);
            Assert.Equal(Burst + 1, resumes.Count);
            Assert.All(resumes, count => Assert.Equal(1, count));
            Assert.Equal(0, await db.Bookmarks.CountAsync(Token));
            return 0;
        });
    }

    [Fact]
    public async Task Arming_stores_triggers_only_and_an_alarm_armed_twice_stays_one()
    {
        await using var engine = await OpenAsync();
        var scheduler = await engine.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Token);
        // The shared job is stored when the scheduler is made, before any alarm; mark the stored copy.
        Assert.NotNull(await scheduler.GetJobDetail(TimerAlarm.Job, Token));
        var marked = JobBuilder.Create<WorkflowTimerJob>().WithIdentity(TimerAlarm.Job).StoreDurably().RequestRecovery().UsingJobData("marker", "stored once").Build();
        await scheduler.AddJob(marked, new AddJobOptions { Replace = true }, Token);

        var timer = Assert.Single((await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token))).CreatedBookmarks);
        var alarm = engine.Services.GetRequiredService<TimerAlarm>();
        await alarm.ArmAsync([timer], Token);
        await alarm.ArmAsync([(timer.Id, timer.DueAt!.Value)], Token);

        Assert.True(await IsArmedAsync(engine, timer.Id));
        Assert.Equal("stored once", (await scheduler.GetJobDetail(TimerAlarm.Job, Token))!.JobDataMap.GetString("marker"));
        Assert.Contains(timer.Id, await alarm.ArmedAsync(Token));
        Assert.Single((await scheduler.QueryTriggers(new TriggerQuery { Group = GroupMatcher<TriggerKey>.GroupEquals(TimerAlarm.JobGroup), Take = PagedQuery.All }, Token)).Items, x => x.Key.Name == timer.Id);
    }
}
