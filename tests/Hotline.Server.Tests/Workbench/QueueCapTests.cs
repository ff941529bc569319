using Hotline.Application.Queues;
using Hotline.Application.Tickets;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// A queue with more tickets than the search counts (issue 7: counts stop at <see cref="TicketSearch.CountLimit"/>)
/// says so in the menu (<c>10000+</c>) and on the page, instead of passing the limit off as the size.
/// </summary>
public sealed class QueueCapTests : IDisposable
{
    private readonly HotlineHost host = new();

    [Fact]
    public async Task A_queue_over_the_counting_limit_is_shown_as_capped_and_a_small_one_exactly()
    {
        _ = host.Server;
        var start = host.Clock.GetUtcNow().UtcTicks;
        using (var scope = host.Services.CreateScope())
        {
            // Registered tickets of hsb, one a minute back from now: the dispatcher's to-dispatch queue.
            var fill = GeneratedTickets.OverTheCountLimit("hsb", "Registered", start);
            await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.ExecuteSqlRawAsync(fill, TestContext.Current.CancellationToken);
        }

        var queues = host.Services.GetRequiredService<WorkQueues>();
        var crowded = WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher);
        var quiet = WorkbenchUsers.Demo("qu", HotlineRole.Dispatcher);
        await (await host.ClientAsync("qu", HotlineRole.Dispatcher)).RegisterAsync(TicketApi.Consultation("路灯不亮"));

        var count = Assert.Single(await queues.CountsAsync(crowded, TestContext.Current.CancellationToken), c => c.Name == "to-dispatch");
        Assert.Equal((TicketSearch.CountLimit, true, $"{TicketSearch.CountLimit}+"), (count.Count, count.Capped, count.Label));
        var rows = (await queues.ListAsync(crowded, "to-dispatch", new QueueQuery(), TestContext.Current.CancellationToken))!;
        Assert.Equal((TicketSearch.CountLimit, true), (rows.TotalCount, rows.Capped));
        Assert.Equal("HSB-20250101-00001", rows.Items[0].Ticket.Number);

        var small = Assert.Single(await queues.CountsAsync(quiet, TestContext.Current.CancellationToken), c => c.Name == "to-dispatch");
        Assert.Equal((1, false, "1"), (small.Count, small.Capped, small.Label));
    }

    public void Dispose() => host.Dispose();
}
