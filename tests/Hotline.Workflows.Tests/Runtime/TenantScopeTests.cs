using System.Text.Json.Nodes;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// Two tenants on one store: each has its own definitions under the same ids, and no start, trigger, resume, read or
/// delete in one reaches the other's definitions, instances or bookmarks, in either direction. Timers fire in the
/// tenant of their instance.
/// </summary>
public sealed class TenantScopeTests
{
    private const string A = "county-a";
    private const string B = "county-b";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static Task<WorkflowDefinitionRecord> PublishIn(EngineHarness engine, string tenant, JsonObject document) =>
        engine.InTenantAsync(tenant, async sp => (await sp.GetRequiredService<WorkflowDefinitionStore>().SaveAsync(document, publish: true, Token)).Definition);

    private static JsonObject Waiting(string name) => TestWorkflows.Chain("intake", name, TestWorkflows.Event("wait", "go"));

    [Theory]
    [InlineData(A, B)]
    [InlineData(B, A)]
    public async Task Each_tenant_runs_its_own_definition_under_a_shared_id_and_retracting_one_leaves_the_other(string tenant, string other)
    {
        await using var engine = await EngineHarness.OpenAsync();
        await PublishIn(engine, tenant, Waiting($"Intake of {tenant}"));
        await PublishIn(engine, other, Waiting($"Intake of {other}"));

        var run = await engine.RunInAsync(tenant, r => r.StartAsync("intake", cancellationToken: Token));
        Assert.Equal((tenant, $"Intake of {tenant}"), (run.Instance.TenantId, run.Instance.Name));
        Assert.All(run.CreatedBookmarks, b => Assert.Equal(tenant, b.TenantId));

        await engine.InTenantAsync(other, sp => sp.GetRequiredService<WorkflowDefinitionStore>().RetractAsync("intake", Token));
        await Assert.ThrowsAsync<WorkflowDefinitionNotFoundException>(() => engine.RunInAsync(other, r => r.StartAsync("intake", cancellationToken: Token)));
        var again = await engine.RunInAsync(tenant, r => r.StartAsync("intake", cancellationToken: Token));
        Assert.Equal($"Intake of {tenant}", again.Instance.Name);
    }

    [Theory]
    [InlineData(A, B)]
    [InlineData(B, A)]
    public async Task A_trigger_with_a_shared_correlation_id_resumes_only_its_own_tenants_instances(string tenant, string other)
    {
        await using var engine = await EngineHarness.OpenAsync();
        await PublishIn(engine, tenant, Waiting("Intake"));
        await PublishIn(engine, other, Waiting("Intake"));
        var mine = await engine.RunInAsync(tenant, r => r.StartAsync("intake", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        var theirs = await engine.RunInAsync(other, r => r.StartAsync("intake", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var runs = await engine.RunInAsync(tenant, r => r.TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "go" }, "TCK-1", cancellationToken: Token));

        Assert.Equal(mine.Instance.Id, Assert.Single(runs).Instance.Id);
        Assert.Equal(WorkflowStatus.Finished, (await engine.RunInAsync(tenant, r => r.FindInstanceAsync(mine.Instance.Id, Token)))!.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, (await engine.RunInAsync(other, r => r.FindInstanceAsync(theirs.Instance.Id, Token)))!.SubStatus);
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Another_tenants_instance_bookmark_and_journal_are_not_found_and_not_deleted(WorkflowDatabaseProvider provider)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await PublishIn(engine, B, Waiting("Intake"));
        var theirs = await engine.RunInAsync(B, r => r.StartAsync("intake", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        var bookmark = Assert.Single(theirs.CreatedBookmarks);

        Assert.Null(await engine.RunInAsync(A, r => r.FindInstanceAsync(theirs.Instance.Id, Token)));
        Assert.Equal(0, (await engine.RunInAsync(A, r => r.ListInstancesAsync(new InstanceQuery(), cancellationToken: Token))).TotalCount);
        Assert.Equal(0, (await engine.RunInAsync(A, r => r.ListJournalAsync(theirs.Instance.Id, cancellationToken: Token))).TotalCount);
        Assert.Empty(await engine.RunInAsync(A, r => r.ListActivityExecutionsAsync(theirs.Instance.Id, cancellationToken: Token)));
        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => engine.RunInAsync(A, r => r.ResumeAsync(bookmark.Id, cancellationToken: Token)));
        await Assert.ThrowsAsync<WorkflowInstanceNotFoundException>(() => engine.RunInAsync(A, r => r.CancelAsync(theirs.Instance.Id, cancellationToken: Token)));
        Assert.Equal(0, await engine.RunInAsync(A, r => r.DeleteInstancesAsync([theirs.Instance.Id], Token)));

        // A context that entered no tenant sees nothing of either.
        Assert.Null(await engine.RunAsync(r => r.FindInstanceAsync(theirs.Instance.Id, Token)));

        Assert.True((await engine.RunInAsync(B, r => r.ListJournalAsync(theirs.Instance.Id, cancellationToken: Token))).TotalCount > 0);
        Assert.Equal(theirs.Instance.Id, (await engine.RunInAsync(B, r => r.ResumeAsync(bookmark.Id, cancellationToken: Token))).Instance.Id);
    }

    [Fact]
    public async Task The_timer_sweep_fires_every_tenants_timers_each_in_its_own_tenant()
    {
        await using var engine = await EngineHarness.OpenAsync(configureServices: services => services.AddWorkflowTimers());
        var flow = TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke"));
        await PublishIn(engine, A, flow);
        await PublishIn(engine, B, flow.DeepClone().AsObject());
        var inA = await engine.RunInAsync(A, r => r.StartAsync("wait-hour", cancellationToken: Token));
        var inB = await engine.RunInAsync(B, r => r.StartAsync("wait-hour", cancellationToken: Token));

        engine.Database.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(2, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));

        Assert.Equal(WorkflowStatus.Finished, (await engine.RunInAsync(A, r => r.FindInstanceAsync(inA.Instance.Id, Token)))!.Status);
        Assert.Equal(WorkflowStatus.Finished, (await engine.RunInAsync(B, r => r.FindInstanceAsync(inB.Instance.Id, Token)))!.Status);
        var pending = await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Bookmarks.AcrossTenants().CountAsync(Token));
        Assert.Equal(0, pending);
    }

    [Fact]
    public async Task A_saved_document_belongs_to_the_saving_tenant_whatever_tenant_it_names()
    {
        await using var engine = await EngineHarness.OpenAsync();
        var document = Waiting("Intake");
        document["tenantId"] = B;
        var saved = await PublishIn(engine, A, document);

        Assert.Equal(A, saved.TenantId);
        Assert.Null(await engine.InTenantAsync(B, sp => sp.GetRequiredService<WorkflowDefinitionStore>().FindAsync("intake", VersionOptions.Latest, Token)));
        Assert.Null(await engine.InTenantAsync(B, sp => sp.GetRequiredService<WorkflowDefinitionStore>().FindByIdAsync(saved.Id, Token)));
    }

    [Fact]
    public async Task An_instance_pinned_to_a_version_from_before_tenants_runs_on()
    {
        await using var engine = await EngineHarness.OpenAsync();
        var version = await PublishIn(engine, A, Waiting("Intake"));
        var run = await engine.RunInAsync(A, r => r.StartAsync("intake", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Definitions.AcrossTenants()
            .Where(d => d.Id == version.Id).ExecuteUpdateAsync(u => u.SetProperty(d => d.TenantId, (string?)null), Token));

        var runs = await engine.RunInAsync(A, r => r.TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "go" }, "TCK-1", cancellationToken: Token));

        Assert.Equal(WorkflowStatus.Finished, Assert.Single(runs).Instance.Status);
        Assert.Equal(run.Instance.Id, runs[0].Instance.Id);
    }
}
