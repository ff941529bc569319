using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Tests.Studio;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Live;

/// <summary>
/// A unit handler's open 待签收 queue in Chromium while a dispatcher dispatches a ticket to the unit through the API:
/// the row, the menu count and a notice appear within seconds, without a reload; on PostgreSQL while the dispatcher
/// works on another node of the same database.
/// </summary>
public sealed class LiveQueueBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    /// <summary>"Within a couple of seconds": the feed gathers a burst for under a second, then the page re-queries.</summary>
    private static readonly LocatorWaitForOptions Soon = new() { State = WaitForSelectorState.Visible, Timeout = 5_000 };

    [Fact]
    public async Task A_ticket_dispatched_by_someone_else_appears_in_the_open_queue_without_a_reload()
    {
        var page = await workbench.SignInAsync("hl", HotlineRole.UnitHandler, "/queues/to-sign");
        var dispatcher = await workbench.ApiAsync("hl", HotlineRole.Dispatcher);
        await ShowsDispatchedTicketAsync(page, dispatcher, "hl", "华龙区小区路灯不亮");
    }

    [Fact]
    public async Task On_PostgreSQL_a_ticket_dispatched_on_another_node_appears_in_the_open_queue()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        await using var nodes = await TwoNodes.StartAsync(server, first => first.UseKestrel(o => o.Listen(IPAddress.Loopback, 0)));
        var browserNode = nodes.First.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var page = await workbench.SignInAsync("qu", HotlineRole.UnitHandler, "/queues/to-sign", browserNode.TrimEnd('/'));
        var dispatcher = await nodes.Second.ClientAsync("qu", HotlineRole.Dispatcher);
        await ShowsDispatchedTicketAsync(page, dispatcher, "qu", "渠县公交站台破损");
    }

    [Fact]
    public async Task Ticks_in_the_dispatch_queue_follow_the_ticket_number_through_a_live_reload()
    {
        var dispatcher = await workbench.ApiAsync("hsb", HotlineRole.Dispatcher);
        var first = (await dispatcher.RegisterAsync(TicketApi.Consultation("红寺堡镇自来水停水"))).GetProperty("number").GetString()!;
        var second = (await dispatcher.RegisterAsync(TicketApi.Consultation("红寺堡镇道路积水"))).GetProperty("number").GetString()!;
        var page = await workbench.SignInAsync("hsb", HotlineRole.Dispatcher, "/queues/to-dispatch");
        foreach (var number in new[] { first, second })
        {
            var row = page.Page.Locator("#queue-table tr").Filter(new() { Has = page.Page.Locator(".ticket-link").GetByText(number) });
            await row.WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout });
            await row.Locator("input[type=checkbox]").CheckAsync();
        }

        var title = page.Page.Locator("#batch-dispatch").GetByText("批量派单（已选");
        await Assertions.Expect(title).ToHaveTextAsync("批量派单（已选 2 张）");

        // Dispatched elsewhere: the queue reloads live; its tick goes with its row, the other stays ticked on its fresh row.
        await dispatcher.ActAsync(first, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hsb") });
        await page.Page.Locator("#queue-table .ticket-link").GetByText(first).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = 5_000 });
        await Assertions.Expect(title).ToHaveTextAsync("批量派单（已选 1 张）", new() { Timeout = 5_000 });
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    private static async Task ShowsDispatchedTicketAsync(StudioPage page, HttpClient dispatcher, string tenant, string content)
    {
        await page.Page.Locator("#queue-table").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout });
        var count = page.Page.Locator(".mud-nav-link:has(.queue-link[data-queue='to-sign']) .queue-count");
        var before = int.Parse((await count.InnerTextAsync()).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        await page.Page.EvaluateAsync("() => window.hotlineNotReloaded = true");

        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant) });

        await page.Page.Locator("#queue-table .ticket-link").GetByText(number).WaitForAsync(Soon);
        await page.Page.Locator(".mud-snackbar").GetByText($"新工单 {number} 已进入「待签收」").WaitForAsync(Soon);
        await Assertions.Expect(count).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 5_000 });
        Assert.True(await page.Page.EvaluateAsync<bool>("() => window.hotlineNotReloaded === true"), "The page reloaded.");
        await page.ScreenshotAsync($"workbench-live-queue-{tenant}");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }
}
