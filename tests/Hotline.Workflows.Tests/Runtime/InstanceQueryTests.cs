using System.Text.Json.Nodes;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;

namespace Hotline.Workflows.Tests.Runtime;

public sealed class InstanceQueryTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(WorkflowDatabaseProvider.Sqlite)]
    [InlineData(WorkflowDatabaseProvider.PostgreSql)]
    public async Task The_instance_list_filters_searches_orders_and_pages_as_studio_asks(WorkflowDatabaseProvider provider)
    {
        await using var engine = await EngineHarness.OpenAsync(provider);
        await engine.PublishAsync(TestWorkflows.Chain("intake", "Intake", TestWorkflows.Event("wait", "go")));
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var run = await engine.RunAsync(r => r.StartAsync("intake", new StartWorkflow { CorrelationId = $"TCK-{i}" }, Token));
            ids.Add(run.Instance.Id);
            engine.Database.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        await engine.RunAsync(r => r.TriggerAsync("Elsa.Event", new JsonObject { ["eventName"] = "go" }, "TCK-1", cancellationToken: Token));
        var start = engine.Database.Clock.GetUtcNow().AddMinutes(-50);

        var page = await engine.RunAsync(r => r.ListInstancesAsync(new InstanceQuery(), new PageRequest(0, 3), Token));
        Assert.Equal(5, page.TotalCount);
        Assert.Equal([ids[4], ids[3], ids[2]], page.Items.Select(x => x.Id));

        var finished = await engine.RunAsync(r => r.ListInstancesAsync(new InstanceQuery { Statuses = [WorkflowStatus.Finished] }, cancellationToken: Token));
        Assert.Equal(ids[1], Assert.Single(finished.Items).Id);

        var suspended = await engine.RunAsync(r => r.ListInstancesAsync(new InstanceQuery { SubStatuses = [WorkflowSubStatus.Suspended], Descending = false }, cancellationToken: Token));
        Assert.Equal([ids[0], ids[2], ids[3], ids[4]], suspended.Items.Select(x => x.Id));

        var search = await engine.RunAsync(r => r.ListInstancesAsync(new InstanceQuery { SearchTerm = "tck-4" }, cancellationToken: Token));
        Assert.Equal(ids[4], Assert.Single(search.Items).Id);

        var recent = await engine.RunAsync(r => r.ListInstancesAsync(
            new InstanceQuery { TimestampFilters = [new TimestampFilter(TimestampColumn.CreatedAt, TimestampOperator.GreaterThanOrEqual, start.AddMinutes(30))] },
            cancellationToken: Token));
        Assert.Equal([ids[4], ids[3]], recent.Items.Select(x => x.Id));

        var bookmarks = await engine.RunAsync(r => r.ListBookmarksAsync(ids[0], Token));
        Assert.Equal("TCK-0", Assert.Single(bookmarks).CorrelationId);
    }
}
