using Hotline.Server.Access;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The workbench in Chromium as its users meet it: a dispatcher signs in, lands on the dispatch queue with the new
/// ticket and opens its page; a unit handler lands on the signing queue; an auditor finds a ticket, exports the list
/// to Excel and opens the monthly report and the assessment. No console errors.
/// </summary>
public sealed class WorkbenchBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    [Fact]
    public async Task A_dispatcher_signs_in_sees_the_new_ticket_in_the_dispatch_queue_and_opens_its_page()
    {
        var api = await workbench.ApiAsync("hsb", HotlineRole.Dispatcher);
        var number = (await api.RegisterAsync(TicketApi.Consultation("红寺堡镇新民街路灯不亮"))).GetProperty("number").GetString()!;

        var page = await workbench.SignInAsync("hsb", HotlineRole.Dispatcher);

        await page.Page.WaitForURLAsync("**/queues/to-dispatch", new() { Timeout = WorkbenchBrowser.Timeout });
        await page.Page.Locator("#queue-title").GetByText("待派单").WaitForAsync(Visible);
        var row = page.Page.Locator("#queue-table tr", new() { HasText = number });
        await row.WaitForAsync(Visible);
        Assert.Contains("138****5678", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("normal", await row.Locator("[data-light]").GetAttributeAsync("data-light"));
        var count = page.Page.Locator(".mud-nav-link", new() { Has = page.Page.Locator("[data-queue='to-dispatch']") }).Locator(".queue-count");
        Assert.True(int.Parse(await count.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await page.ScreenshotAsync("workbench-dispatch-queue");

        await row.GetByText(number).ClickAsync();
        await page.Page.WaitForURLAsync($"**/tickets/{number}", new() { Timeout = WorkbenchBrowser.Timeout });
        await page.Page.Locator("#ticket-number").GetByText(number).WaitForAsync(Visible);
        Assert.Equal("红寺堡镇新民街路灯不亮", await page.Page.Locator("#ticket-content").InnerTextAsync());
        Assert.Equal("138****5678", await page.Page.Locator("#caller-card [data-field='Phone']").InnerTextAsync());
        await page.Page.Locator("#action-panel [data-action='Dispatch']").WaitForAsync(Visible);
        await page.Page.Locator("#ticket-timeline tr[data-action='Registered']").WaitForAsync(Visible);
        // The ticket's lifecycle instance opens in Studio's instance viewer.
        Assert.Contains("/studio/workflows/instances/", await page.Page.Locator("#workflow-link").GetAttributeAsync("href") ?? "", StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-ticket-page");

        // The dispatcher may see the caller: the reveal asks for a purpose and then shows the number.
        await page.Page.Locator("#reveal-purpose").FillAsync("回访核实");
        await page.Page.Locator("#caller-card [data-reveal='Phone']").ClickAsync();
        await page.Page.Locator("#caller-card [data-field='Phone']").GetByText("13812345678").WaitForAsync(Visible);

        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_unit_handler_lands_on_the_units_signing_queue_and_sees_sign_among_the_actions()
    {
        var api = await workbench.ApiAsync("qu", HotlineRole.Dispatcher);
        var number = (await api.RegisterAsync(TicketApi.Consultation("渠县老旧小区改造进度"))).GetProperty("number").GetString()!;
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("qu") });

        var page = await workbench.SignInAsync("qu", HotlineRole.UnitHandler);

        await page.Page.WaitForURLAsync("**/queues/to-sign", new() { Timeout = WorkbenchBrowser.Timeout });
        var row = page.Page.Locator("#queue-table tr", new() { HasText = number });
        await row.WaitForAsync(Visible);
        Assert.Equal(0, await page.Page.Locator("[data-queue='to-dispatch']").CountAsync());
        await row.GetByText(number).ClickAsync();
        await page.Page.Locator("#action-panel [data-action='Sign']").WaitForAsync(Visible);
        Assert.Equal(0, await page.Page.Locator("#action-panel [data-action='Dispatch']").CountAsync());
        // The handling unit may see the caller's phone for first contact, but not the address.
        await page.Page.Locator("#caller-card [data-reveal='Phone']").WaitForAsync(Visible);
        Assert.Equal(0, await page.Page.Locator("#caller-card [data-reveal='Address']").CountAsync());
        await page.ScreenshotAsync("workbench-unit-ticket");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_auditor_finds_a_ticket_by_number_and_exports_the_list_to_excel()
    {
        var api = await workbench.ApiAsync("hl", HotlineRole.Dispatcher);
        var number = (await api.RegisterAsync(TicketApi.Consultation("华龙区供暖不热"))).GetProperty("number").GetString()!;
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });

        var page = await workbench.SignInAsync("hl", HotlineRole.Auditor);

        await page.Page.WaitForURLAsync("**/audit", new() { Timeout = WorkbenchBrowser.Timeout });
        await page.Page.GetByLabel("工单编号").FillAsync(number);
        await page.Page.Locator("#audit-search").ClickAsync();
        var row = page.Page.Locator("#audit-table tr", new() { HasText = number });
        await row.WaitForAsync(Visible);
        Assert.Contains("已派单待签收", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-audit-search");

        var download = await page.Page.RunAndWaitForDownloadAsync(() => page.Page.Locator("#export-xlsx").ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"workbench-export-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(file);
        try
        {
            using var workbook = XlsxFile.Open(file);
            var sheet = workbook.Sheet(1);
            Assert.Equal(number, sheet.Text(2, 1));
            Assert.True(sheet.IsEmpty(3, 1));
        }
        finally
        {
            File.Delete(file);
        }

        // The whole history is one click away.
        await row.GetByText(number).ClickAsync();
        await page.Page.Locator("#ticket-timeline tr[data-action='Dispatched']").WaitForAsync(Visible);
        await page.ScreenshotAsync("workbench-audit-ticket");

        // The monthly report of the current month counts the ticket and draws the category chart.
        await page.Page.GetByText("月度通报").First.ClickAsync();
        await page.Page.Locator("#report-summary").WaitForAsync(Visible);
        await page.Page.Locator(".mud-chart svg").First.WaitForAsync(Visible);
        Assert.Contains("受理工单", await page.Page.Locator("#report-summary").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-monthly-report");

        // The assessment page explains that HL states no point values, so it shows indicators without grades.
        await page.Page.GetByText("月度考核").First.ClickAsync();
        await page.Page.Locator("#assessment-unscored").WaitForAsync(Visible);
        await page.Page.Locator("#assessment-table").WaitForAsync(Visible);
        await page.Page.Locator("#assessment-year-button").ClickAsync();
        await page.Page.Locator("#assessment-year .mud-chart svg").First.WaitForAsync(Visible);
        await page.ScreenshotAsync("workbench-assessment");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }
}
