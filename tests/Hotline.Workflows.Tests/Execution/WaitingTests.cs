using System.Text.Json.Nodes;
using Hotline.Workflows.Activities.Primitives;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

public class WaitingTests
{
    private static JsonObject Single(JsonObject activity) => Definition(Flowchart(
        [Activity("start", "Elsa.Start"), activity, Activity("end", "Elsa.End")],
        [Connect("start", activity["id"]!.GetValue<string>()), Connect(activity["id"]!.GetValue<string>(), "end")]));

    [Fact]
    public async Task Delay_creates_a_timer_bookmark_due_after_the_time_span()
    {
        var run = new Harness(Single(Activity("delay", "Elsa.Delay", ("timeSpan", Literal("00:05:00", "TimeSpan")))));
        run.Time.Advance(TimeSpan.FromHours(3));

        await run.StartAsync();

        var timer = Assert.Single(run.Bookmarks);
        Assert.Equal(Harness.Epoch.AddHours(3).AddMinutes(5), timer.DueAt);
        Assert.Equal("Elsa.Delay", timer.Name);
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);

        run.Time.Advance(TimeSpan.FromMinutes(5));
        await run.ResumeAsync(timer);

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Equal(run.Time.GetUtcNow(), run.Records.Values.Single(r => r.ActivityId == "delay").CompletedAt);
    }

    [Theory]
    [InlineData("PT2H", 120)]
    [InlineData("1.00:00:00", 1440)]
    public async Task Timer_accepts_dotnet_and_iso_durations(string interval, int minutes)
    {
        var run = new Harness(Single(Activity("timer", "Elsa.Timer", ("interval", Literal(interval, "TimeSpan")))));

        await run.StartAsync();

        Assert.Equal(Harness.Epoch.AddMinutes(minutes), Assert.Single(run.Bookmarks).DueAt);
    }

    [Fact]
    public async Task StartAt_in_the_past_continues_at_once_and_in_the_future_waits()
    {
        var past = new Harness(Single(Activity("at", "Elsa.StartAt", ("dateTime", Literal("2025-02-01T00:00:00+00:00", "DateTimeOffset")))));
        var future = new Harness(Single(Activity("at", "Elsa.StartAt", ("dateTime", Literal("2025-03-02T09:30:00+08:00", "DateTimeOffset")))));

        await past.StartAsync();
        await future.StartAsync();

        Assert.Equal(WorkflowSubStatus.Finished, past.Instance.SubStatus);
        Assert.Equal(new DateTimeOffset(2025, 3, 2, 1, 30, 0, TimeSpan.Zero), Assert.Single(future.Bookmarks).DueAt);
    }

    [Fact]
    public async Task Event_bookmark_is_found_by_the_hash_of_its_name()
    {
        var run = new Harness(Single(Activity("approved", "Elsa.Event", ("eventName", Literal("Approved")))));
        await run.StartAsync();

        var hash = BookmarkHash.Compute("Elsa.Event", Event.Payload("Approved"));
        var found = Assert.Single(run.Bookmarks, b => b.Hash == hash);
        Assert.DoesNotContain(run.Bookmarks, b => b.Hash == BookmarkHash.Compute("Elsa.Event", Event.Payload("Rejected")));
        Assert.Equal("""{"eventName":"Approved"}""", found.PayloadJson);

        await run.ResumeAsync(found, actor: "clerk-7");

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Equal("clerk-7", run.Journal.Single(j => j.ActivityId == "approved" && j.EventName == "Resumed").Actor);
    }

    [Fact]
    public void Bookmark_hash_ignores_key_order_but_not_values()
    {
        var a = BookmarkHash.Compute("Hotline.AwaitTicketAction", JsonNode.Parse("""{"actions":["Sign"],"unit":"W"}"""));
        var b = BookmarkHash.Compute("Hotline.AwaitTicketAction", JsonNode.Parse("""{"unit":"W","actions":["Sign"]}"""));
        var c = BookmarkHash.Compute("Hotline.AwaitTicketAction", JsonNode.Parse("""{"unit":"X","actions":["Sign"]}"""));
        var d = BookmarkHash.Compute("Elsa.Event", JsonNode.Parse("""{"unit":"W","actions":["Sign"]}"""));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.NotEqual(a, d);
        Assert.Matches("^[0-9A-F]{64}$", a);
    }

    [Fact]
    public async Task Resuming_a_consumed_bookmark_changes_nothing()
    {
        var run = new Harness(Single(Activity("approved", "Elsa.Event", ("eventName", Literal("Approved")))));
        await run.StartAsync();
        var bookmark = Assert.Single(run.Bookmarks);
        await run.ResumeAsync(bookmark);
        var state = run.Instance.StateJson;
        var journalLength = run.Journal.Count;

        var again = await run.ResumeAsync(bookmark);

        Assert.Same(ExecutionResult.None, again);
        Assert.Equal(state, run.Instance.StateJson);
        Assert.Equal(journalLength, run.Journal.Count);
    }

    [Fact]
    public async Task Correlate_sets_the_instance_correlation_id_used_by_later_bookmarks()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("correlate", "Elsa.Correlate", ("correlationId", Literal("TCK-42"))), Activity("wait", "Elsa.Event", ("eventName", Literal("Signed")))],
            [Connect("start", "correlate"), Connect("correlate", "wait")])));

        await run.StartAsync();

        Assert.Equal("TCK-42", run.Instance.CorrelationId);
        Assert.Equal("TCK-42", Assert.Single(run.Bookmarks).CorrelationId);
    }

    [Fact]
    public async Task Cancel_finishes_the_instance_and_removes_every_bookmark()
    {
        var run = new Harness(FlowchartExecutionTests.ForkJoin("WaitAll"));
        await run.StartAsync();
        Assert.NotEmpty(run.Bookmarks);

        run.Apply(run.Executor.Cancel(run.Definition, run.Instance, "supervisor-1"));

        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Cancelled, run.Instance.SubStatus);
        Assert.Empty(run.Bookmarks);
        Assert.Empty(run.State.Bookmarks);
        var canceled = run.Journal.Where(j => j.EventName == "Canceled").ToList();
        Assert.Contains(canceled, j => j.ActivityId == "b");
        Assert.Contains(canceled, j => j.ActivityType == "Elsa.Workflow");
        Assert.All(canceled, j => Assert.Equal("supervisor-1", j.Actor));
        Assert.Same(ExecutionResult.None, run.Executor.Cancel(run.Definition, run.Instance, "again"));
    }

    [Fact]
    public async Task A_trigger_that_started_the_instance_does_not_wait_for_its_own_stimulus()
    {
        var trigger = Activity("signed", "Elsa.Event", ("eventName", Literal("TicketSigned")));
        trigger["customProperties"]!["canStartWorkflow"] = true;
        var review = Activity("review", "Hotline.ReviewReturn", ("reviewerRole", Literal("city-reviewer")));
        var run = new Harness(Definition(Flowchart([trigger, review, Activity("end", "Elsa.End")], [Connect("signed", "review"), Connect("review", "end", "Approved")])));
        Assert.Equal(["signed"], run.Definition.Triggers().Select(a => a.Id));

        await run.StartAsync(new ExecutionRequest { TriggerActivityId = "signed", ResumeInput = new JsonObject { ["ticket"] = "TCK-1" } });

        Assert.Equal(["Started", "Completed"], run.Events("signed"));
        Assert.Equal("Hotline.ReviewReturn", Assert.Single(run.Bookmarks).Name);
    }

    [Fact]
    public async Task A_trigger_that_is_not_in_the_flowchart_is_refused_before_anything_changes()
    {
        var run = new Harness(Single(Activity("approved", "Elsa.Event", ("eventName", Literal("Approved")))));

        await Assert.ThrowsAsync<ArgumentException>(() => run.StartAsync(new ExecutionRequest { TriggerActivityId = "nope" }));

        Assert.Equal(WorkflowSubStatus.Pending, run.Instance.SubStatus);
        Assert.Equal("{}", run.Instance.StateJson);
    }

    [Fact]
    public void An_instance_that_never_started_can_be_cancelled()
    {
        var run = new Harness(Single(Activity("approved", "Elsa.Event", ("eventName", Literal("Approved")))));

        run.Apply(run.Executor.Cancel(run.Definition, run.Instance, "admin"));

        Assert.Equal(WorkflowSubStatus.Cancelled, run.Instance.SubStatus);
        Assert.Equal(Harness.Epoch, run.Instance.FinishedAt);
    }

    [Fact]
    public async Task A_resumed_activity_may_wait_again_on_a_fresh_bookmark()
    {
        var run = new Harness(Single(Activity("opinions", "Test.AwaitOpinions")));
        await run.StartAsync();
        var first = Assert.Single(run.Bookmarks);

        var again = await run.ResumeAsync(first);

        var second = Assert.Single(run.Bookmarks);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal([first.Id], again.RemovedBookmarkIds);
        Assert.Equal("""{"received":1}""", second.PayloadJson);
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);
        Assert.Equal(["Started", "Suspended", "Resumed", "Suspended"], run.Events("opinions"));

        await run.ResumeAsync(second);

        Assert.Empty(run.Bookmarks);
        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        Assert.Single(run.Records.Values, r => r.ActivityId == "opinions"); // one run of the activity, one record
    }
}
