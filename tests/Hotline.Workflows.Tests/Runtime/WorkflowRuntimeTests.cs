using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

public sealed class WorkflowRuntimeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static JsonObject EventName(string name) => new() { ["eventName"] = name };

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task An_instance_waits_on_its_bookmark_and_a_trigger_runs_it_to_the_end_with_a_journal(WorkflowDatabaseProvider provider)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await engine.PublishAsync(TestWorkflows.Chain("approval", "Approval", TestWorkflows.Event("wait", "approved"), TestWorkflows.WriteLine("log", "done")));

        var started = await engine.RunAsync(r => r.StartAsync("approval", new StartWorkflow { CorrelationId = "TCK-1", Actor = "dispatcher-1" }, Token));
        Assert.Equal(WorkflowSubStatus.Suspended, started.Instance.SubStatus);
        var bookmark = Assert.Single(started.CreatedBookmarks);

        var stored = await engine.RunAsync(r => r.ListBookmarksAsync(started.Instance.Id, Token));
        Assert.Equal(bookmark.Id, Assert.Single(stored).Id);

        var runs = await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", EventName("approved"), "TCK-1", actor: "reviewer-7", cancellationToken: Token));

        var run = Assert.Single(runs);
        Assert.Equal(WorkflowStatus.Finished, run.Instance.Status);
        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.True(instance is { Status: WorkflowStatus.Finished, SubStatus: WorkflowSubStatus.Finished });
        Assert.Equal(2, instance.Revision);
        Assert.Empty(await engine.RunAsync(r => r.ListBookmarksAsync(started.Instance.Id, Token)));

        var journal = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, cancellationToken: Token));
        Assert.Equal(journal.Items.Count, journal.TotalCount);
        Assert.Equal(journal.Items.Select(x => x.Sequence).Order(), journal.Items.Select(x => x.Sequence));
        Assert.Contains(journal.Items, x => x.ActivityId == "log" && x.EventName == "Completed" && x.Actor == "reviewer-7");
        var executions = await engine.RunAsync(r => r.ListActivityExecutionsAsync(started.Instance.Id, cancellationToken: Token));
        Assert.Contains(executions, x => x.ActivityId == "wait" && x.CompletedAt is not null);

        // The same stimulus again finds nothing: the bookmark was consumed.
        Assert.Empty(await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", EventName("approved"), "TCK-1", cancellationToken: Token)));
        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => engine.RunAsync(r => r.ResumeAsync(bookmark.Id, cancellationToken: Token)));
    }
}

public sealed class VersionPinningTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_running_instance_stays_on_its_version_while_new_instances_run_the_newly_published_one()
    {
        await using var engine = await EngineHarness.OpenAsync();
        var v1 = await engine.PublishAsync(TestWorkflows.Chain("review", "Review", TestWorkflows.Event("wait", "go"), TestWorkflows.WriteLine("v1-step", "one")));
        var old = await engine.RunAsync(r => r.StartAsync("review", new StartWorkflow { CorrelationId = "old" }, Token));

        var v2 = await engine.PublishAsync(TestWorkflows.Chain("review", "Review", TestWorkflows.Event("wait", "go"), TestWorkflows.WriteLine("v2-step", "two")));
        var fresh = await engine.RunAsync(r => r.StartAsync("review", new StartWorkflow { CorrelationId = "new" }, Token));
        Assert.Equal(v1.Id, old.Instance.DefinitionVersionId);
        Assert.Equal((v2.Id, 2), (fresh.Instance.DefinitionVersionId, fresh.Instance.Version));

        await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "go" }, cancellationToken: Token));

        var oldJournal = await engine.RunAsync(r => r.ListJournalAsync(old.Instance.Id, cancellationToken: Token));
        var freshJournal = await engine.RunAsync(r => r.ListJournalAsync(fresh.Instance.Id, cancellationToken: Token));
        Assert.Contains(oldJournal.Items, x => x.ActivityId == "v1-step");
        Assert.DoesNotContain(oldJournal.Items, x => x.ActivityId == "v2-step");
        Assert.Contains(freshJournal.Items, x => x.ActivityId == "v2-step");
        foreach (var id in new[] { old.Instance.Id, fresh.Instance.Id })
        {
            Assert.Equal(WorkflowStatus.Finished, (await engine.RunAsync(r => r.FindInstanceAsync(id, Token)))!.Status);
        }
    }

    [Fact]
    public async Task A_retracted_definition_cannot_start_by_default_but_its_latest_draft_can_when_asked()
    {
        await using var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Chain("intake", "Intake", TestWorkflows.Event("wait", "go")));
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDefinitionStore>().RetractAsync("intake", Token));

        await Assert.ThrowsAsync<WorkflowDefinitionNotFoundException>(() => engine.RunAsync(r => r.StartAsync("intake", cancellationToken: Token)));
        var run = await engine.RunAsync(r => r.StartAsync("intake", new StartWorkflow { VersionOptions = VersionOptions.Latest }, Token));
        Assert.Equal(WorkflowSubStatus.Suspended, run.Instance.SubStatus);
    }
}

public sealed class RunFlowchartModeTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_started_token_based_keeps_its_mode_in_the_instance_state()
    {
        await using var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Chain("approval", "Approval", TestWorkflows.Event("wait", "approved"), TestWorkflows.WriteLine("log", "done")));

        var tokenRun = await engine.RunAsync(r => r.StartAsync("approval", new StartWorkflow { FlowchartMode = FlowchartMode.TokenBased }, Token));
        var defaultRun = await engine.RunAsync(r => r.StartAsync("approval", new StartWorkflow(), Token));

        Assert.Equal("TokenBased", (string)WorkflowState.Read(tokenRun.Instance.StateJson).Properties["Flowchart:ExecutionMode"]!);
        Assert.Empty(WorkflowState.Read(defaultRun.Instance.StateJson).Properties);
    }
}
