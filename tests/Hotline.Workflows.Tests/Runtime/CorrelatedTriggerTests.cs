using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// Inside a unit of work a correlation's bookmarks are read once and kept current by the unit's own saves: what a
/// resume consumed is not resumed again, what a resume or start created is found by the next stimulus, and another
/// correlation is never reached.
/// </summary>
public sealed class CorrelatedTriggerTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Stimuli_of_one_unit_see_what_its_earlier_runs_consumed_and_created(WorkflowDatabaseProvider provider)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await engine.PublishAsync(TestWorkflows.Steps());
        var first = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));
        var other = await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-2" }, Token));

        var counts = await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            var a = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            var again = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;

            // Started after the correlation was read: its bookmark joins the list.
            await runtime.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token);
            var late = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            var b = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)).Count;
            await unitOfWork.CommitAsync(Token);
            return (a, again, late, b);
        });

        Assert.Equal((1, 0, 1, 2), counts);
        Assert.Equal(WorkflowStatus.Finished, (await engine.RunAsync(r => r.FindInstanceAsync(first.Instance.Id, Token)))!.Status);
        Assert.Equal(WorkflowSubStatus.Suspended, (await engine.RunAsync(r => r.FindInstanceAsync(other.Instance.Id, Token)))!.SubStatus);
        Assert.Single(await engine.RunAsync(r => r.ListBookmarksAsync(other.Instance.Id, Token)));
        Assert.Empty(await engine.RunAsync(r => r.ListBookmarksAsync(first.Instance.Id, Token)));
    }

    [Fact]
    public async Task A_rolled_back_unit_leaves_nothing_for_the_next_unit_to_trust()
    {
        await using var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Steps());
        await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var counts = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            await unitOfWork.BeginAsync(Token);
            var first = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            await unitOfWork.RollbackAsync(Token);

            // The same scope's next unit reads again: the rolled-back resume consumed nothing.
            await unitOfWork.BeginAsync(Token);
            var second = (await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token)).Count;
            await unitOfWork.CommitAsync(Token);
            return (first, second);
        });

        Assert.Equal((1, 1), counts);
    }

    [Fact]
    public async Task The_list_a_unit_left_serves_one_read_after_its_commit_and_later_reads_see_the_store()
    {
        await using var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Steps());
        await engine.RunAsync(r => r.StartAsync("steps", new StartWorkflow { CorrelationId = "TCK-1" }, Token));

        var (afterCommit, later) = await engine.InScopeAsync(async sp =>
        {
            var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            var runtime = sp.GetRequiredService<WorkflowRuntime>();
            await unitOfWork.BeginAsync(Token);
            await runtime.TriggerAsync("Elsa.Event", TestWorkflows.Go("a"), "TCK-1", cancellationToken: Token);
            await unitOfWork.CommitAsync(Token);
            var afterCommit = await runtime.ListWaitingAsync("Elsa.Event", "TCK-1", Token);

            // Another scope consumes the bookmark the unit left; this scope's next read must see it gone.
            Assert.Single(await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", TestWorkflows.Go("b"), "TCK-1", cancellationToken: Token)));
            return (afterCommit, await runtime.ListWaitingAsync("Elsa.Event", "TCK-1", Token));
        });

        Assert.Equal(BookmarkHash.Compute("Elsa.Event", TestWorkflows.Go("b")), Assert.Single(afterCommit).Hash);
        Assert.Empty(later);
    }
}
