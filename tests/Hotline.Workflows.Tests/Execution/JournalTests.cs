using System.Text.Json.Nodes;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Tests.Support;

namespace Hotline.Workflows.Tests.Execution;

public class JournalTests
{
    [Fact]
    public async Task Every_step_is_journaled_in_sequence_with_actor_and_clock_time()
    {
        var run = new Harness(JsonNode.Parse(Samples.Definition)!.AsObject());
        await run.StartAsync();
        run.Time.Advance(TimeSpan.FromHours(2));

        await run.ResumeAsync(run.Bookmark("review"), new JsonObject { ["decision"] = "approve" }, actor: "reviewer-3");

        Assert.Equal(Enumerable.Range(1, run.Journal.Count).Select(i => (long)i), run.Journal.Select(j => j.Sequence));
        Assert.Equal(["Started", "Suspended", "Resumed", "Completed"], run.Events("review"));
        Assert.Equal(["Started", "Completed"], run.Events("Workflow1"));
        Assert.Equal(["Started", "Completed"], run.Events("flowchart1"));
        Assert.Equal("Elsa.Workflow", run.Journal[0].ActivityType);
        Assert.Equal("Workflow1", run.Journal[0].NodeId);
        Assert.Equal("Elsa.Flowchart", run.Journal[1].ActivityType);
        Assert.Equal(Harness.Epoch, run.Journal[0].Timestamp);
        var completedReview = run.Journal.Single(j => j.ActivityId == "review" && j.EventName == "Completed");
        Assert.Equal(Harness.Epoch.AddHours(2), completedReview.Timestamp);
        Assert.Equal("reviewer-3", completedReview.Actor);
        Assert.Equal("tester", run.Journal[0].Actor);
        Assert.Equal("""{"Outcomes":["Approved"]}""", completedReview.PayloadJson);
    }

    [Fact]
    public async Task Execution_records_hold_inputs_outcomes_bookmarks_and_timing()
    {
        var run = new Harness(JsonNode.Parse(Samples.Definition)!.AsObject());
        var started = await run.StartAsync();

        var review = started.ActivityExecutions.Single(r => r.ActivityId == "review");
        Assert.Equal("""{"ReviewerRole":"county-centre-reviewer"}""", review.ActivityStateJson);
        Assert.True(review.HasBookmarks);
        Assert.Equal(ActivityStatus.Running, review.Status);
        Assert.Null(review.CompletedAt);
        Assert.Equal(review.Id, Assert.Single(run.Bookmarks).ActivityInstanceId);
        Assert.All(run.Journal.Where(j => j.ActivityId == "review"), j => Assert.Equal(review.Id, j.ActivityInstanceId));

        run.Time.Advance(TimeSpan.FromMinutes(30));
        var resumed = await run.ResumeAsync(run.Bookmark("review"), new JsonObject { ["decision"] = "reject" });

        var done = resumed.ActivityExecutions.Single(r => r.ActivityId == "review");
        Assert.Equal(review.Id, done.Id); // the store upserts the same record
        Assert.Equal(Harness.Epoch, done.StartedAt);
        Assert.Equal(Harness.Epoch.AddMinutes(30), done.CompletedAt);
        Assert.Equal(ActivityStatus.Completed, done.Status);
        Assert.Equal("""{"Outcomes":["Rejected"]}""", done.PayloadJson);
        Assert.Equal("""{"ReviewerRole":"county-centre-reviewer"}""", done.ActivityStateJson);
        var dispatch = run.Records.Values.Single(r => r.ActivityId == "dispatch");
        Assert.Equal("""{"UnitCode":"WATER-BUREAU"}""", dispatch.ActivityStateJson);
        Assert.Equal("""{"Unit":"WATER-BUREAU"}""", dispatch.OutputsJson);
        Assert.Equal("start", dispatch.SchedulingActivityId);
        Assert.Contains(run.Records.Values, r => r.ActivityType == "Elsa.Workflow" && r.Status == ActivityStatus.Completed);
        Assert.Contains(run.Records.Values, r => r.ActivityType == "Elsa.Flowchart" && r.Status == ActivityStatus.Completed);
    }
}
