using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Tests.Studio;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Admin;

/// <summary>
/// The admin pages in Chromium, as a county's administrator uses them: lands on 用户 and creates a user who then signs
/// in with the one-time password; issues an API key that works until it is revoked; creates a unit and moves another
/// under it; adds a local holiday. And a reviewer with a reply waiting lands on 答复待审核. No console errors.
/// </summary>
public sealed class AdminBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_admin_lands_on_users_creates_a_dispatcher_who_signs_in_with_the_one_time_password()
    {
        var page = await workbench.SignInAsync("hl", HotlineRole.Admin);
        await page.Page.WaitForURLAsync("**/admin/users", new() { Timeout = WorkbenchBrowser.Timeout });
        await page.Page.Locator(".mud-nav-link", new() { HasText = "API 密钥" }).WaitForAsync(Visible);

        await page.Page.Locator("#new-user-name").FillAsync("wang-paidan");
        await page.Page.Locator("#new-user-display-name").FillAsync("王派单");
        await page.Page.Locator("#new-user-roles").GetByText("派单员", new() { Exact = true }).ClickAsync();
        await page.Page.Locator("#create-user").ClickAsync();
        var secret = page.Page.Locator("#one-time-password .secret");
        await secret.WaitForAsync(Visible);
        var password = await secret.InnerTextAsync();
        await page.Page.Locator("#users-table tr", new() { HasText = "wang-paidan" }).WaitForAsync(Visible);

        // A taken name is refused in words, and nobody is added.
        await page.Page.Locator("#new-user-name").FillAsync("wang-paidan");
        await page.Page.Locator("#new-user-roles").GetByText("审计员", new() { Exact = true }).ClickAsync();
        await page.Page.Locator("#create-user").ClickAsync();
        await page.Page.Locator("#admin-refusal").GetByText("用户名已被占用").WaitForAsync(Visible);
        Assert.Equal(1, await page.Page.Locator("#users-table tr", new() { HasText = "wang-paidan" }).CountAsync());
        await page.ScreenshotAsync("workbench-admin-users");
        Assert.Empty(page.Errors);
        await page.CloseAsync();

        var newcomer = await workbench.SignInAsync("hl", "wang-paidan", password);
        await newcomer.Page.WaitForURLAsync("**/queues/to-dispatch", new() { Timeout = WorkbenchBrowser.Timeout });
        await newcomer.CloseAsync();
    }

    [Fact]
    public async Task An_admin_issues_an_api_key_shown_once_that_works_until_revoked()
    {
        var page = await workbench.SignInAsync("hsb", HotlineRole.Admin, "/admin/api-keys");
        await page.Page.Locator("#new-key-name").FillAsync("市12345平台对接");
        await page.Page.Locator("#new-key-roles").GetByText("审计员", new() { Exact = true }).ClickAsync();
        await page.Page.Locator("#issue-key").ClickAsync();
        var secret = page.Page.Locator("#issued-key .secret");
        await secret.WaitForAsync(Visible);
        var key = await secret.InnerTextAsync();
        Assert.StartsWith(ApiKey.KeyPrefix, key, StringComparison.Ordinal);

        using var system = workbench.Host.CreateClient();
        system.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await system.GetAsync("/api/auth/me", Ct)).StatusCode);

        var row = page.Page.Locator("#keys-table tr", new() { HasText = "市12345平台对接" });
        await row.Locator(".revoke-key").ClickAsync();
        await row.Locator(".key-state").GetByText("已吊销").WaitForAsync(Visible);
        Assert.Equal(HttpStatusCode.Unauthorized, (await system.GetAsync("/api/auth/me", Ct)).StatusCode);
        await page.ScreenshotAsync("workbench-admin-api-keys");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_admin_creates_a_town_and_a_village_then_moves_the_village_under_the_town()
    {
        var page = await workbench.SignInAsync("qu", HotlineRole.Admin, "/admin/units");
        await CreateUnitAsync(page, "临巴镇");
        await CreateUnitAsync(page, "临巴村");
        // The new unit is open: pick its parent (the list closes once the server has taken the choice) and move it.
        await TicketActionBrowserTests.PickAsync(page, "#edit-unit-parent", "临巴镇");
        await page.Page.Locator("#move-unit").ClickAsync();
        await page.Page.Locator(".unit-row[data-depth='1']", new() { HasText = "临巴村" }).WaitForAsync(Visible);
        await page.ScreenshotAsync("workbench-admin-units");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task An_admin_adds_a_local_holiday_to_the_year()
    {
        var page = await workbench.SignInAsync("hk", HotlineRole.Admin, "/admin/calendar");
        await page.Page.Locator("#calendar-table tr", new() { HasText = "2025-10-01" }).WaitForAsync(Visible);
        await page.Page.Locator("#day-date").FillAsync("2025-06-06");
        await page.Page.Locator("#day-name").FillAsync("古尔邦节");
        await page.Page.Locator("#save-day").ClickAsync();
        var row = page.Page.Locator("#calendar-table tr", new() { HasText = "2025-06-06" });
        await row.WaitForAsync(Visible);
        Assert.Contains("地方假日", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("本县", await row.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-admin-calendar");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_with_a_reply_waiting_lands_on_replies_to_review()
    {
        var api = await workbench.ApiAsync("hl", HotlineRole.Dispatcher);
        var number = (await api.RegisterAsync(TicketApi.Consultation("小区路灯不亮"))).GetProperty("number").GetString()!;
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });
        var handler = await workbench.ApiAsync("hl", HotlineRole.UnitHandler);
        await handler.ActAsync(number, "sign");
        await handler.ActAsync(number, "reply", new { measures = "已修复路灯", callerNotice = "已电话告知", resolution = "Resolved", fullyAnswered = true });

        var page = await workbench.SignInAsync("hl", HotlineRole.Reviewer);
        await page.Page.WaitForURLAsync("**/queues/replies-to-review", new() { Timeout = WorkbenchBrowser.Timeout });
        await page.Page.Locator("#queue-table tr", new() { HasText = number }).WaitForAsync(Visible);
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    private static async Task CreateUnitAsync(StudioPage page, string name)
    {
        await page.Page.Locator("#new-unit-name").FillAsync(name);
        await page.Page.Locator("#create-unit").ClickAsync();
        await page.Page.Locator("#edit-unit").GetByText(name).First.WaitForAsync(Visible);
    }
}
