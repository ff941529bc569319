using System.Data.Common;
using System.Text.Json.Nodes;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Workflows.Tests.Runtime;

/// <summary>
/// A run knows which activity-execution records earlier runs stored (their activities were in the loaded state), so a
/// resume writes them without first reading which exist; a record missing all the same is inserted, not lost.
/// </summary>
public sealed class ActivityExecutionWriteTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>The SQL of every command the store runs while <see cref="Recording"/> is set.</summary>
    private sealed class CommandLog : DbCommandInterceptor
    {
        public List<string>? Recording { get; set; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Recording?.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Recording?.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_resume_updates_the_waiting_activity_s_record_without_reading_which_records_exist(WorkflowDatabaseProvider provider)
    {
        var log = new CommandLog();
        await using var engine = await EngineHarness.OpenAsync(provider, options => options.AddInterceptors(log));
        await engine.PublishAsync(TestWorkflows.Chain("approval", "Approval", TestWorkflows.Event("wait", "approved"), TestWorkflows.WriteLine("log", "done")));
        var started = await engine.RunAsync(r => r.StartAsync("approval", cancellationToken: Token));

        log.Recording = [];
        await engine.RunAsync(r => r.ResumeAsync(Assert.Single(started.CreatedBookmarks).Id, actor: "reviewer-7", cancellationToken: Token));
        var resumeCommands = log.Recording;
        log.Recording = null;

        Assert.DoesNotContain(resumeCommands, sql => sql.Contains("SELECT", StringComparison.OrdinalIgnoreCase) && sql.Contains("ActivityExecutionRecords", StringComparison.Ordinal));
        var executions = await engine.RunAsync(r => r.ListActivityExecutionsAsync(started.Instance.Id, cancellationToken: Token));
        Assert.Single(executions, x => x.ActivityId == "wait" && x.CompletedAt is not null);
        Assert.Single(executions, x => x.ActivityId == "log" && x.CompletedAt is not null);
        Assert.Equal(executions.Count, executions.Select(x => x.Id).Distinct().Count());
    }

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task A_resume_of_an_instance_whose_earlier_records_are_missing_inserts_them_and_commits(WorkflowDatabaseProvider provider)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await engine.PublishAsync(TestWorkflows.Chain("approval", "Approval", TestWorkflows.Event("wait", "approved"), TestWorkflows.WriteLine("log", "done")));
        var started = await engine.RunAsync(r => r.StartAsync("approval", cancellationToken: Token));

        // As an instance imported without its records: the state names activities whose records were never stored.
        await engine.InScopeAsync(sp => sp.GetRequiredService<WorkflowDbContext>().ActivityExecutions
            .Where(x => x.WorkflowInstanceId == started.Instance.Id).ExecuteDeleteAsync(Token));

        // Inside a unit of work too, where the retried save must not leave the first attempt's rows behind.
        await engine.InScopeAsync(async sp =>
        {
            var unit = sp.GetRequiredService<WorkflowUnitOfWork>();
            await unit.BeginAsync(Token);
            await sp.GetRequiredService<Hotline.Workflows.Runtime.WorkflowRuntime>().ResumeAsync(Assert.Single(started.CreatedBookmarks).Id, new JsonObject(), cancellationToken: Token);
            await unit.CommitAsync(Token);
            return 0;
        });

        var instance = await engine.RunAsync(r => r.FindInstanceAsync(started.Instance.Id, Token));
        Assert.Equal(Hotline.Workflows.Instances.WorkflowStatus.Finished, instance!.Status);
        var executions = await engine.RunAsync(r => r.ListActivityExecutionsAsync(started.Instance.Id, cancellationToken: Token));
        Assert.Single(executions, x => x.ActivityId == "wait" && x.CompletedAt is not null);
        Assert.Single(executions, x => x.ActivityId == "log");
        Assert.Equal(executions.Count, executions.Select(x => x.Id).Distinct().Count());
        var journal = await engine.RunAsync(r => r.ListJournalAsync(started.Instance.Id, cancellationToken: Token));
        Assert.Equal(journal.Items.Count, journal.Items.Select(x => x.Id).Distinct().Count());
        Assert.Single(journal.Items, x => x.ActivityId == "log" && x.EventName == "Completed");
    }
}
