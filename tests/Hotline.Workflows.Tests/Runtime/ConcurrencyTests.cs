using System.Text.Json.Nodes;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Workflows.Tests.Runtime;

public sealed class ConcurrencyTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Holds every save until two are waiting, so both resumes have loaded the same revision before either writes.</summary>
    private sealed class SaveBarrier : SaveChangesInterceptor
    {
        public Barrier? Barrier { get; set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Barrier?.SignalAndWait(TimeSpan.FromSeconds(10), cancellationToken);
            return ValueTask.FromResult(result);
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task Two_concurrent_resumes_of_one_bookmark_apply_once_and_the_loser_gets_a_conflict(WorkflowDatabaseProvider provider)
    {
        var barrier = new SaveBarrier();
        await using var engine = await EngineHarness.OpenAsync(provider, options => options.AddInterceptors(barrier));
        await engine.PublishAsync(TestWorkflows.Chain("sign", "Sign", TestWorkflows.Event("wait", "signed"), TestWorkflows.WriteLine("after", "signed")));
        var started = await engine.RunAsync(r => r.StartAsync("sign", cancellationToken: Token));
        var bookmarkId = Assert.Single(started.CreatedBookmarks).Id;

        using (barrier.Barrier = new Barrier(2))
        {
            var attempts = Enumerable.Range(0, 2)
                .Select(_ => Task.Run(() => engine.RunAsync(r => r.ResumeAsync(bookmarkId, actor: "unit-handler", cancellationToken: Token)), Token))
                .ToArray();
            var outcomes = await Task.WhenAll(attempts.Select(async attempt =>
            {
                try
                {
                    return (object)await attempt;
                }
                catch (WorkflowConcurrencyException conflict)
                {
                    return conflict;
                }
            }));
            barrier.Barrier = null;

            Assert.Single(outcomes.OfType<WorkflowRun>());
            Assert.Equal(started.Instance.Id, Assert.Single(outcomes.OfType<WorkflowConcurrencyException>()).InstanceId);
        }

        var journal = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, new JournalFilter { ActivityIds = ["after"], EventNames = ["Completed"] }, cancellationToken: Token));
        Assert.Equal(1, journal.TotalCount);
        Assert.Equal(2, (await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token)))!.Revision);
        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => engine.RunAsync(r => r.ResumeAsync(bookmarkId, new JsonObject(), cancellationToken: Token)));
    }
}
