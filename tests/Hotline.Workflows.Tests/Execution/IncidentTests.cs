using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Tests.Support;
using static Hotline.Workflows.Tests.Support.Flows;

namespace Hotline.Workflows.Tests.Execution;

public class IncidentTests
{
    private static JsonObject WaitThen(JsonObject activity) => Definition(Flowchart(
        [
            Activity("start", "Elsa.Start"), Activity("fork", "Elsa.FlowFork", ("branches", Expression("Object", """["W","X"]"""))),
            Activity("wait", "Elsa.Event", ("eventName", Literal("Later"))), activity, Activity("after", "Elsa.WriteLine", ("text", Literal("unreachable"))),
        ],
        [Connect("start", "fork"), Connect("fork", "wait", "W"), Connect("fork", activity["id"]!.GetValue<string>(), "X"), Connect(activity["id"]!.GetValue<string>(), "after")]));

    [Fact]
    public async Task Fault_activity_faults_the_instance_with_its_code_category_and_message()
    {
        var run = new Harness(WaitThen(Activity("fault", "Elsa.Fault", ("code", Literal("HL-001")), ("category", Literal("Dispatch")), ("message", Literal("No lead unit for this category")))));

        var result = await run.StartAsync();

        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        Assert.Equal(1, run.Instance.IncidentCount);
        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal(("fault", "Workflow1:flowchart1:fault", "Elsa.Fault"), (incident.ActivityId, incident.ActivityNodeId, incident.ActivityType));
        Assert.Equal(("HL-001", "Dispatch", "No lead unit for this category"), (incident.Code, incident.Category, incident.Message));
        Assert.Equal(Harness.Epoch, incident.Timestamp);
        Assert.Equal("fault", run.State.Fault!.FaultedActivityId);
        Assert.Contains(run.Journal, j => j.ActivityId == "fault" && j.EventName == "Faulted" && j.Message == "No lead unit for this category");
        Assert.Contains(run.Journal, j => j.ActivityType == "Elsa.Workflow" && j.EventName == "Faulted");
        Assert.DoesNotContain("after", run.Journal.Select(j => j.ActivityId));
        Assert.Empty(run.Bookmarks); // a faulted instance cannot be resumed, so its bookmarks go
        Assert.Empty(result.CreatedBookmarks);
    }

    [Fact]
    public async Task A_throwing_activity_becomes_an_incident_not_an_exception()
    {
        var run = new Harness(WaitThen(Activity("boom", "Test.Throw")));

        await run.StartAsync();

        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal("Unit not found", incident.Message);
        Assert.Equal("System.InvalidOperationException", incident.Exception!.Type);
        var record = run.Records.Values.Single(r => r.ActivityId == "boom");
        Assert.Equal(ActivityStatus.Faulted, record.Status);
        Assert.Equal(1, record.AggregateFaultCount);
        Assert.Contains("System.InvalidOperationException", record.ExceptionJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_literal_that_does_not_fit_the_input_type_names_the_input()
    {
        var run = new Harness(WaitThen(Activity("delay", "Elsa.Delay", ("timeSpan", Literal("five minutes", "TimeSpan")))));

        await run.StartAsync();

        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal("TimeSpan", incident.InputName);
        Assert.Contains("Input 'TimeSpan' of activity 'delay'", incident.Message, StringComparison.Ordinal);
        Assert.Contains("'five minutes' is not a valid TimeSpan", incident.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failure_while_resuming_is_an_incident_too()
    {
        var definition = Definition(Flowchart(
            [Activity("start", "Elsa.Start"), Activity("wait", "Elsa.Event", ("eventName", Literal("Go"))), Activity("decide", "Elsa.FlowDecision", ("condition", JavaScript("getVariable('Missing')", "Boolean")))],
            [Connect("start", "wait"), Connect("wait", "decide")]));
        var run = new Harness(definition);
        await run.StartAsync();

        await run.ResumeAsync(run.Bookmark("wait"));

        var incident = Assert.Single(run.State.Incidents);
        Assert.Equal("decide", incident.ActivityId);
        Assert.Equal("Condition", incident.InputName);
        Assert.Contains("unknown variable 'Missing'", incident.Message, StringComparison.Ordinal);
        Assert.Equal(WorkflowSubStatus.Faulted, run.Instance.SubStatus);
    }
}
