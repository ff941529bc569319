using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// The intake desk in Chromium: a dispatcher types a caller's phone and sees the caller's earlier ticket, picks the
/// category by its shortcut, is warned of the likely duplicate before saving, saves with Enter and lands on the new
/// ticket's page; a dispatcher merges a duplicate into its main ticket from the ticket page, sees the links on both
/// pages and undoes the merge; a batch dispatch from 待派单 lists each ticket as dispatched or refused with its reason.
/// No console errors.
/// </summary>
public sealed class DeskBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    private static object Call(string phone, string content, string location, string urgency = "Normal") => new
    {
        channel = "Phone",
        caller = new { name = "王五", phone },
        category = "Complaint",
        content,
        location,
        urgency,
    };

    [Fact]
    public async Task Intake_shows_the_callers_history_warns_of_a_likely_duplicate_and_saves_with_Enter()
    {
        var api = await workbench.ApiAsync("qu", HotlineRole.Dispatcher);
        var earlier = (await api.RegisterAsync(Call("13966660001", "幸福小区3栋门口下水道堵塞，污水外溢", "幸福小区3栋"))).GetProperty("number").GetString()!;

        var page = await workbench.SignInAsync("qu", HotlineRole.Dispatcher, "/intake");
        var p = page.Page;
        await p.Locator("#intake-keys").GetByText("Alt+3 投诉").WaitForAsync(Visible);
        await p.Locator("#intake-phone").FillAsync("13966660001");
        await p.Keyboard.PressAsync("Tab");
        await p.Locator($"#caller-history .history-row[data-number='{earlier}']").WaitForAsync(Visible);
        Assert.Contains("已受理", await p.Locator($"#caller-history .history-row[data-number='{earlier}']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("intake-name", await p.EvaluateAsync<string>("document.activeElement.id"));
        // Showing the history was a read of the caller's phone on the earlier ticket: on the audit record.
        var accesses = await (await workbench.ApiAsync("qu", HotlineRole.Auditor)).GetJsonAsync($"/api/access/personal-data-accesses?ticketId={earlier}");
        Assert.Contains(accesses.EnumerateArray(), a => a.GetProperty("field").GetString() == "Phone"
            && a.GetProperty("purpose").GetString()!.StartsWith("来电历史", StringComparison.Ordinal));

        // Tab walks the fields in order; Alt+3 picks 投诉.
        await p.Keyboard.PressAsync("Tab");
        await p.Keyboard.PressAsync("Tab");
        Assert.Equal("intake-channel", await p.EvaluateAsync<string>("document.activeElement.id"));
        await p.Keyboard.PressAsync("Alt+3");
        Assert.Equal("Complaint", await p.Locator("#intake-category").InputValueAsync());
        await p.Locator("#intake-location").FillAsync("幸福小区3栋");
        await p.Locator("#intake-content").FillAsync("3栋门口下水道又堵了，污水外溢到路上");

        // The first Enter shows the likely duplicate instead of saving; the second saves.
        await p.Locator("#intake-content").PressAsync("Enter");
        await p.Locator($"#intake-duplicates .duplicate-row[data-number='{earlier}']").WaitForAsync(Visible);
        await p.Locator("#intake-save").GetByText("仍然登记").WaitForAsync(Visible);
        Assert.EndsWith("/intake", p.Url, StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-intake-duplicate");
        await p.Locator("#intake-content").PressAsync("Enter");

        await p.WaitForURLAsync(url => url.Contains("/tickets/QU-", StringComparison.Ordinal), new() { Timeout = WorkbenchBrowser.Timeout });
        await p.Locator("#ticket-state").GetByText("已受理", new() { Exact = true }).WaitForAsync(Visible);
        Assert.DoesNotContain(earlier, p.Url, StringComparison.Ordinal);
        Assert.Contains("3栋门口下水道又堵了", await p.Locator("#ticket-content").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_dispatcher_sees_the_callers_history_picks_the_suggested_main_ticket_merges_sees_both_links_and_undoes_the_merge()
    {
        var api = await workbench.ApiAsync("qu", HotlineRole.Dispatcher);
        var main = (await api.RegisterAsync(Call("13966660002", "解放路路灯不亮", "解放路"))).GetProperty("number").GetString()!;
        var duplicate = (await api.RegisterAsync(Call("13966660002", "解放路路灯还是不亮", "解放路"))).GetProperty("number").GetString()!;

        var page = await workbench.SignInAsync("qu", HotlineRole.Dispatcher, $"/tickets/{duplicate}");
        var p = page.Page;
        await p.Locator("#merge-submit").WaitForAsync(Visible);
        await p.Locator("#merge-submit").ClickAsync();
        await p.Locator("#merge-refusal").GetByText("请填写主工单编号").WaitForAsync(Visible);
        // The caller's other ticket on request (an audited read), and the same ticket suggested as the main one.
        await p.Locator("#ticket-caller-history-load").ClickAsync();
        await p.Locator($"#ticket-caller-history .history-row[data-number='{main}']").WaitForAsync(Visible);
        await p.Locator("#merge-suggest").ClickAsync();
        await p.Locator($"#merge-suggestions [data-number='{main}']").ClickAsync();
        // The field fills after the server's render round trip.
        await p.WaitForFunctionAsync("n => document.querySelector('#merge-into').value === n", main, new() { Timeout = WorkbenchBrowser.Timeout });
        await p.Locator("#merge-reason").FillAsync("同一事项重复来电");
        await p.Locator("#merge-submit").ClickAsync();

        await p.Locator("#ticket-state").GetByText("已并单", new() { Exact = true }).WaitForAsync(Visible);
        await p.Locator("#merged-into").GetByText(main).WaitForAsync(Visible);
        await page.ScreenshotAsync("workbench-merged-duplicate");

        await p.Locator("#merged-into a").ClickAsync();
        await p.Locator("#ticket-number").GetByText(main).WaitForAsync(Visible);
        await p.Locator("#merged-duplicates").GetByText(duplicate).WaitForAsync(Visible);

        await p.Locator("#merged-duplicates a", new() { HasText = duplicate }).ClickAsync();
        await p.Locator("#unmerge-reason").FillAsync("并错了");
        await p.Locator("#unmerge-submit").ClickAsync();
        await p.Locator("#ticket-state").GetByText("已受理", new() { Exact = true }).WaitForAsync(Visible);
        Assert.Equal(0, await p.Locator("#merged-into").CountAsync());
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_batch_dispatch_lists_each_ticket_as_dispatched_or_refused_with_its_reason()
    {
        var api = await workbench.ApiAsync("qu", HotlineRole.Dispatcher);
        var ordinary = (await api.RegisterAsync(Call("13966660003", "渠县东街井盖缺失", "东街"))).GetProperty("number").GetString()!;
        // QU's special items go to the local government first (QU-URG-1): this one's dispatch is refused.
        var special = (await api.RegisterAsync(Call("13966660004", "渠县西街燃气管道破损", "西街", "Special"))).GetProperty("number").GetString()!;

        var page = await workbench.SignInAsync("qu", HotlineRole.Dispatcher, "/queues/to-dispatch");
        var p = page.Page;
        foreach (var number in new[] { ordinary, special })
        {
            var row = p.Locator("#queue-table tr").Filter(new() { Has = p.Locator(".ticket-link").GetByText(number) });
            await row.WaitForAsync(Visible);
            await row.Locator("input[type=checkbox]").CheckAsync();
        }

        await TicketActionBrowserTests.PickAsync(page, "#batch-unit", "渠县城市管理局");
        await p.Locator("#batch-submit").ClickAsync();

        await p.Locator($"#batch-results .batch-dispatched[data-number='{ordinary}']").WaitForAsync(Visible);
        var refused = await p.Locator($"#batch-results .batch-refused[data-number='{special}']").InnerTextAsync();
        Assert.Contains("特殊事项须先报属地政府再派单", refused, StringComparison.Ordinal);
        Assert.Contains("local government", refused, StringComparison.Ordinal);
        Assert.Contains("派出 1 张，未能派出 1 张", await p.Locator("#batch-results").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-batch-dispatch-results");
        // The refused ticket stays in the queue, the dispatched one has left it.
        await p.Locator("#queue-table .ticket-link").GetByText(ordinary).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = WorkbenchBrowser.Timeout });
        await p.Locator("#queue-table .ticket-link").GetByText(special).WaitForAsync(Visible);
        Assert.Equal("Registered", (await api.GetJsonAsync($"/api/tickets/{special}")).GetProperty("state").GetString());
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }
}
