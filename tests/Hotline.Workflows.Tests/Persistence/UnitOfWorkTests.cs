using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Hotline.Workflows.Tests.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Persistence;

public sealed class UnitOfWorkTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Stands in for the ticket domain: its own context, enlisted on the workflow store's connection.</summary>
    private sealed class DomainContext(DbContextOptions<DomainContext> options) : DbContext(options)
    {
        public DbSet<TicketNote> Notes => Set<TicketNote>();
    }

    private sealed class TicketNote
    {
        public required string Id { get; init; }
        public required string Text { get; init; }
    }

    private static DomainContext Enlist(WorkflowUnitOfWork unitOfWork, WorkflowDatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<DomainContext>();
        _ = provider == WorkflowDatabaseProvider.Sqlite ? options.UseSqlite(unitOfWork.Connection) : options.UseNpgsql(unitOfWork.Connection);
        var domain = new DomainContext(options.Options);
        domain.Database.UseTransaction(unitOfWork.Transaction);
        return domain;
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite, true)]
    [InlineData(WorkflowDatabaseProvider.Sqlite, false)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, true)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql, false)]
    public async Task A_domain_change_and_the_workflow_resume_it_causes_commit_or_roll_back_together(WorkflowDatabaseProvider provider, bool commit)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database
            .ExecuteSqlRawAsync("CREATE TABLE \"Notes\" (\"Id\" text PRIMARY KEY, \"Text\" text NOT NULL)", Token));
        await engine.PublishAsync(TestWorkflows.Chain("sign", "Sign", TestWorkflows.Event("wait", "signed")));
        var started = await engine.RunAsync(r => r.StartAsync("sign", new StartWorkflow { CorrelationId = "TCK-9" }, Token));

        await engine.InScopeAsync(async sp =>
        {
            await using var unitOfWork = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unitOfWork.BeginAsync(Token);
            await using var domain = Enlist(unitOfWork, provider);
            domain.Notes.Add(new TicketNote { Id = "note-1", Text = "signed by the water bureau" });
            await domain.SaveChangesAsync(Token);

            var runs = await sp.GetRequiredService<WorkflowRuntime>().TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "signed" }, "TCK-9", cancellationToken: Token);
            Assert.Single(runs);

            if (commit)
            {
                await unitOfWork.CommitAsync(Token);
            }
            else
            {
                await unitOfWork.RollbackAsync(Token);
            }

            return 0;
        });

        var noteCount = await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().Database
            .SqlQueryRaw<int>("SELECT COUNT(*) AS \"Value\" FROM \"Notes\"").SingleAsync(Token));
        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        var bookmarks = await engine.RunAsync(r => r.ListBookmarksAsync(started.Instance.Id, Token));
        if (commit)
        {
            Assert.Equal(1, noteCount);
            Assert.Equal(WorkflowStatus.Finished, instance!.Status);
            Assert.Empty(bookmarks);
        }
        else
        {
            Assert.Equal(0, noteCount);
            Assert.True(instance is { Status: WorkflowStatus.Running, SubStatus: WorkflowSubStatus.Suspended, Revision: 1 });
            Assert.Single(bookmarks);

            // Nothing was lost: the same stimulus works once the domain action is retried.
            Assert.Single(await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "signed" }, "TCK-9", cancellationToken: Token)));
        }
    }

    [Fact]
    public async Task The_runtime_refuses_a_transaction_opened_behind_the_unit_of_works_back()
    {
        await using var engine = await EngineHarness.OpenAsync();
        await engine.PublishAsync(TestWorkflows.Chain("sign", "Sign", TestWorkflows.Event("wait", "signed")));

        await engine.InScopeAsync(async sp =>
        {
            await using var transaction = await sp.GetRequiredService<WorkflowDbContext>().Database.BeginTransactionAsync(Token);
            await Assert.ThrowsAsync<InvalidOperationException>(() => sp.GetRequiredService<WorkflowRuntime>().StartAsync("sign", cancellationToken: Token));
            return 0;
        });
    }
}
