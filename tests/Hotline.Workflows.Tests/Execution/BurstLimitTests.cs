using System.Diagnostics;
using System.Text.Json.Nodes;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

/// <summary>A burst (start or resume until a wait) is bounded in activities and in time, and what it stores is bounded in size.</summary>
public class BurstLimitTests
{
    /// <summary>Start → (wait for "Go") → a → b → a: a cycle with no wait in it.</summary>
    private static JsonObject Cycle(string activityType, bool behindWait) => Definition(Flowchart(
        [
            Activity("start", "Elsa.Start"), Activity("go", "Elsa.Event", ("eventName", Literal("Go"))),
            Activity("a", activityType), Activity("b", activityType),
        ],
        behindWait
            ? [Connect("start", "go"), Connect("go", "a"), Connect("a", "b"), Connect("b", "a")]
            : [Connect("start", "a"), Connect("a", "b"), Connect("b", "a")]));

    private static Incident LimitIncident(Harness run, string code)
    {
        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal(code, incident.Code);
        Assert.Equal("Limit", incident.Category);
        Assert.Empty(run.Bookmarks);
        Assert.Empty(run.State.Bookmarks);
        return incident;
    }

    [Fact]
    public async Task A_cycle_without_a_wait_faults_after_the_activity_limit()
    {
        var run = new Harness(Cycle("Elsa.WriteLine", behindWait: false), workflowLimits: WorkflowLimits.Default with { MaxActivitiesPerBurst = 50 });

        await run.StartAsync();

        var incident = LimitIncident(run, "workflow.activity-limit");
        Assert.Contains("50 activities without reaching a wait", incident.Message, StringComparison.Ordinal);
        Assert.InRange(run.Journal.Count(j => j.EventName == "Completed" && j.ActivityId is "a" or "b"), 40, 50);
    }

    [Fact]
    public async Task A_runaway_burst_stores_a_bounded_journal()
    {
        var run = new Harness(Cycle("Elsa.WriteLine", behindWait: false), workflowLimits: WorkflowLimits.Default with { MaxJournalEntriesPerBurst = 100 });

        await run.StartAsync();

        LimitIncident(run, "workflow.activity-limit");
        Assert.Equal(101, run.Journal.Count);
        var gap = Assert.Single(run.Journal, j => j.EventName == "Truncated");
        Assert.Equal($"{20_003 - 100} journal lines of this run were not kept (limit MaxJournalEntriesPerBurst: 100).", gap.Message);
        Assert.Equal(run.Journal.OrderBy(j => j.Sequence).Select(j => j.Id), run.Journal.Select(j => j.Id));
        Assert.Equal("Faulted", run.Journal[^1].EventName);
        Assert.InRange(run.Records.Count, 100, 110);
    }

    [Fact]
    public async Task A_cycle_behind_a_wait_faults_on_resume_and_leaves_no_bookmark()
    {
        var run = new Harness(Cycle("Elsa.WriteLine", behindWait: true), workflowLimits: WorkflowLimits.Default with { MaxActivitiesPerBurst = 50 });
        await run.StartAsync();
        var timer = run.Bookmark("go");

        var resumed = await run.ResumeAsync(timer);

        LimitIncident(run, "workflow.activity-limit");
        Assert.Equal([timer.Id], resumed.RemovedBookmarkIds);
    }

    [Fact]
    public async Task A_cycle_of_slow_activities_faults_after_the_time_budget()
    {
        var run = new Harness(Cycle("Test.Sleep", behindWait: false), workflowLimits: WorkflowLimits.Default with { BurstTimeout = TimeSpan.FromMilliseconds(200) });
        var clock = Stopwatch.StartNew();

        await run.StartAsync();

        var incident = LimitIncident(run, "workflow.time-limit");
        Assert.Contains("budget of 0.2 s", incident.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_megabyte_line_is_stored_truncated_with_a_marker()
    {
        var text = new string('x', 1024 * 1024);
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("write", "Elsa.WriteLine", ("text", Literal(text)))],
            [Connect("start", "write")])));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Finished, run.Instance.SubStatus);
        var line = run.Journal.Single(j => j.ActivityId == "write" && j.EventName == "Completed");
        Assert.EndsWith($"…[truncated: 65536 of {text.Length} characters kept]", line.Message, StringComparison.Ordinal);
        Assert.StartsWith(new string('x', 65536), line.Message, StringComparison.Ordinal);
        Assert.InRange(line.ActivityStateJson!.Length, 65536, 70_000);
        Assert.InRange(run.Records.Values.Single(r => r.ActivityId == "write").ActivityStateJson!.Length, 65536, 70_000);
        Assert.Contains("[truncated:", JsonNode.Parse(line.ActivityStateJson)!["Text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_variable_may_not_grow_past_its_limit()
    {
        var run = new Harness(Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("grow", "Elsa.WriteLine", ("text", JavaScript("setVariable('Name', 'x'.repeat(600000) + 'y'.repeat(600000)); 'done'", "String")))],
            [Connect("start", "grow")]),
            Variable("name", "Name")));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        var incident = Assert.Single(run.State.Incidents);
        Assert.Contains("Variable 'Name' would hold", incident.Message, StringComparison.Ordinal);
        Assert.Null(run.Variable("name"));
    }
}
