using Hotline.Server.Access;
using Hotline.Server.Tests.Studio;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The ticket page's action forms in Chromium: a dispatcher dispatches from the page with a co-unit (the lead is never
/// offered as one; a co-unit made the lead is said and refused in the form, not dropped); a unit handler signs, is told
/// the rule a reply without a resolution breaks, and replies; a reviewer sends the reply back; a dispatcher rejects a
/// ticket on a ground picked from the tenant's list; a form on a page
/// someone else moved on is refused and offers a reload. Each success reloads the page in its new state. No console
/// errors.
/// </summary>
public sealed class TicketActionBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    [Fact]
    public async Task A_dispatcher_dispatches_a_ticket_from_its_page_with_a_co_unit_never_the_lead()
    {
        var api = await workbench.ApiAsync("hsb", HotlineRole.Dispatcher);
        var number = await RegisterAsync(api, "红寺堡镇下水道堵塞");

        var page = await workbench.SignInAsync("hsb", HotlineRole.Dispatcher, $"/tickets/{number}");
        await OpenAsync(page, "Dispatch");
        await page.Page.Locator("#action-submit").ClickAsync();
        await page.Page.Locator("#action-refusal").GetByText("请选择承办单位").WaitForAsync(Visible);

        // A co-unit then made the lead: said in the form and refused before anything is sent, never dropped silently.
        await PickManyAsync(page, "#dispatch-order", "红寺堡区自然资源局");
        await PickAsync(page, "#dispatch-unit", "红寺堡区自然资源局");
        await page.Page.Locator("#dispatch-order .lead-among-co-units").WaitForAsync(Visible);
        await page.Page.Locator("#action-submit").ClickAsync();
        await page.Page.Locator("#action-refusal").GetByText("承办单位不能同时作为协办单位", new() { Exact = false }).WaitForAsync(Visible);
        Assert.Equal("已受理", await page.Page.Locator("#ticket-state").InnerTextAsync());

        // Another lead: the message goes, and the lead is not offered among the co-units.
        await PickAsync(page, "#dispatch-unit", "红寺堡镇人民政府");
        await page.Page.Locator("#dispatch-order .lead-among-co-units").WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = WorkbenchBrowser.Timeout });
        await page.Page.Locator("#dispatch-order .mud-select").First.ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "红寺堡区自然资源局" }).WaitForAsync(Visible);
        Assert.Equal(0, await page.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "红寺堡镇人民政府" }).CountAsync());
        await CloseListAsync(page, "#dispatch-order");
        await page.Page.Locator("#dispatch-note").FillAsync("请三日内疏通");
        await page.ScreenshotAsync("workbench-action-dispatch-form");
        await page.Page.Locator("#action-submit").ClickAsync();

        await StateAsync(page, "已派单待签收");
        await page.Page.Locator(".mud-snackbar").GetByText("已办理：派单").WaitForAsync(Visible);
        await page.Page.Locator("#ticket-timeline tr[data-action='Dispatched']").WaitForAsync(Visible);
        var units = await page.Page.Locator("#ticket-units").InnerTextAsync();
        Assert.Contains("红寺堡镇人民政府", units, StringComparison.Ordinal);
        Assert.Contains("红寺堡区自然资源局", units, StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("#action-panel [data-action='Dispatch']").CountAsync());
        await page.ScreenshotAsync("workbench-action-dispatched");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_dispatcher_rejects_a_ticket_citing_a_ground_of_the_tenants_list()
    {
        var api = await workbench.ApiAsync("hsb", HotlineRole.Dispatcher);
        var number = await RegisterAsync(api, "咨询本人信访件办理进度");

        var page = await workbench.SignInAsync("hsb", HotlineRole.Dispatcher, $"/tickets/{number}");
        await OpenAsync(page, "Reject");
        await page.Page.Locator("#action-submit").ClickAsync();
        await page.Page.Locator("#action-refusal").GetByText("请选择不予受理依据").WaitForAsync(Visible);

        await PickAsync(page, "#reject-ground", "信访事项");
        await page.Page.Locator("#reject-explanation").FillAsync("请向区信访局查询");
        await page.Page.Locator("#action-submit").ClickAsync();

        await StateAsync(page, "不予受理");
        await page.Page.Locator("#ticket-timeline tr[data-action='Rejected']").WaitForAsync(Visible);
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_form_on_a_page_someone_else_moved_on_is_refused_and_offers_a_reload()
    {
        var api = await workbench.ApiAsync("qu", HotlineRole.Dispatcher);
        var number = await RegisterAsync(api, "渠县公交站牌损坏");

        var page = await workbench.SignInAsync("qu", HotlineRole.Dispatcher, $"/tickets/{number}");
        await OpenAsync(page, "Dispatch");
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoCoUnitId("qu") });
        await PickAsync(page, "#dispatch-unit", "渠县住房和城乡建设局");
        await page.Page.Locator("#action-submit").ClickAsync();

        await page.Page.Locator("#action-refusal").GetByText("工单已被他人办理").WaitForAsync(Visible);
        Assert.Equal("ticket.concurrency-conflict", await page.Page.Locator("#action-refusal").GetAttributeAsync("data-code"));
        Assert.Equal("已受理", await page.Page.Locator("#ticket-state").InnerTextAsync());
        await page.ScreenshotAsync("workbench-action-stale");
        await page.Page.Locator("#action-reload").ClickAsync();
        await StateAsync(page, "已派单待签收");
        Assert.Contains("渠县城市管理局", await page.Page.Locator("#ticket-units").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_unit_handler_signs_is_told_the_rule_a_reply_breaks_and_replies()
    {
        var api = await workbench.ApiAsync("hl", HotlineRole.Dispatcher);
        var number = await RegisterAsync(api, "华龙区小区电梯故障");
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });

        var page = await workbench.SignInAsync("hl", HotlineRole.UnitHandler, $"/tickets/{number}");
        await OpenAsync(page, "Sign");
        await page.Page.Locator("#action-submit").ClickAsync();
        await StateAsync(page, "办理中");

        await OpenAsync(page, "Reply");
        await page.Page.Locator("#reply-measures").FillAsync("已联系物业维修电梯");
        await page.Page.Locator("#reply-notice").FillAsync("已电话告知来电人");
        await page.Page.GetByText("已完整答复所询问题").ClickAsync();
        await page.Page.Locator("#action-submit").ClickAsync();
        // HL-RPL-5: without a resolution the reply is refused, quoting the rule, and the ticket stays where it was.
        await page.Page.Locator("#action-refusal-rules").GetByText("HL-RPL-5").WaitForAsync(Visible);
        Assert.Contains("答复须注明解决情况", await page.Page.Locator("#action-refusal").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("办理中", await page.Page.Locator("#ticket-state").InnerTextAsync());
        await page.ScreenshotAsync("workbench-action-reply-refused");

        await PickAsync(page, "#reply-resolution", "已解决");
        await page.Page.Locator("#action-submit").ClickAsync();
        await StateAsync(page, "已办结待审核");
        await page.Page.Locator("#ticket-timeline tr[data-action='Replied']").WaitForAsync(Visible);
        Assert.Equal(0, await page.Page.Locator("#action-refusal").CountAsync());
        await page.ScreenshotAsync("workbench-action-replied");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_reviewer_sends_the_reply_back_with_a_reason()
    {
        var api = await workbench.ApiAsync("hsb", HotlineRole.Dispatcher);
        var number = await RegisterAsync(api, "红寺堡镇噪音扰民");
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hsb") });
        var handler = await workbench.ApiAsync("hsb", HotlineRole.UnitHandler);
        await handler.ActAsync(number, "sign");
        await handler.ActAsync(number, "reply", new { measures = "已现场劝导", callerNotice = "已电话告知", resolution = "Resolved", fullyAnswered = true });

        var page = await workbench.SignInAsync("hsb", HotlineRole.Reviewer, $"/tickets/{number}");
        await StateAsync(page, "已办结待审核");
        await OpenAsync(page, "ReviewReply");
        await page.Page.Locator("#action-reject").ClickAsync();
        await page.Page.Locator("#action-refusal").GetByText("请填写退回理由").WaitForAsync(Visible);
        await page.Page.Locator("#decision-reason").FillAsync("未说明后续防范措施");
        await page.Page.Locator("#action-reject").ClickAsync();

        await StateAsync(page, "办理中");
        var row = page.Page.Locator("#ticket-timeline tr").Last;
        Assert.Contains("未说明后续防范措施", await row.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("#action-panel [data-action='ReviewReply']").CountAsync());
        await page.ScreenshotAsync("workbench-action-sent-back");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    private static async Task<string> RegisterAsync(HttpClient api, string content) =>
        (await api.RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;

    internal static async Task OpenAsync(StudioPage page, string action)
    {
        var button = page.Page.Locator($"#action-panel [data-action='{action}']");
        await button.WaitForAsync(Visible);
        await button.ClickAsync();
        await page.Page.Locator($"#action-form[data-form='{action}']").WaitForAsync(Visible);
    }

    internal static async Task PickAsync(StudioPage page, string select, string item)
    {
        await page.Page.Locator($"{select} .mud-select").First.ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = WorkbenchBrowser.Timeout });
    }

    /// <summary>Ticks an item of a multiple choice (its list stays open for more) and closes the list.</summary>
    internal static async Task PickManyAsync(StudioPage page, string select, string item)
    {
        await page.Page.Locator($"{select} .mud-select").First.ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = item }).First.ClickAsync();
        await CloseListAsync(page, select);
    }

    /// <summary>Closes a multiple choice's open list by clicking its field again.</summary>
    internal static async Task CloseListAsync(StudioPage page, string select)
    {
        await page.Page.Locator($"{select} .mud-select").First.ClickAsync();
        await page.Page.Locator(".mud-popover-open .mud-list-item").First.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = WorkbenchBrowser.Timeout });
    }

    private static Task StateAsync(StudioPage page, string state) =>
        page.Page.Locator("#ticket-state").GetByText(state, new() { Exact = true }).WaitForAsync(Visible);
}
