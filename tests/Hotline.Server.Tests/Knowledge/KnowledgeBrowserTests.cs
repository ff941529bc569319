using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Knowledge;

/// <summary>
/// The 知识库 page in Chromium (QU-GEN-3, WZ-DSP-1): a unit handler writes and submits an entry, the centre's reviewer
/// publishes it, a dispatcher taking a call on the intake page answers the consultation directly from it (直接办结) and
/// lands on the closed ticket, and the reviewer retires the entry, every step in the revision history.
/// </summary>
public sealed class KnowledgeBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    [Fact]
    public async Task An_entry_is_written_published_answered_from_at_intake_and_retired()
    {
        var handler = await workbench.SignInAsync("hl", HotlineRole.UnitHandler, "/knowledge");
        await handler.Page.Locator("#kb-new").ClickAsync();
        await handler.Page.Locator("#kb-title").FillAsync("残疾人两项补贴申领材料");
        await handler.Page.Locator("#kb-body").FillAsync("申领残疾人两项补贴需携带残疾人证、身份证和户口簿，到户籍所在地乡镇（街道）便民服务中心申请。");
        await handler.Page.Locator("#kb-keywords").FillAsync("两项补贴，残疾人证");
        await handler.Page.Locator("#kb-save").ClickAsync();
        await handler.Page.Locator("#kb-article[data-state='Draft']").WaitForAsync(Visible);
        await handler.Page.Locator("#kb-submit").ClickAsync();
        await handler.Page.Locator("#kb-article[data-state='Review']").WaitForAsync(Visible);

        var reviewer = await workbench.SignInAsync("hl", HotlineRole.Reviewer, "/knowledge");
        await reviewer.Page.Locator(".kb-row", new() { HasText = "残疾人两项补贴申领材料" }).ClickAsync();
        await reviewer.Page.Locator("#kb-publish").ClickAsync();
        await reviewer.Page.Locator("#kb-article[data-state='Published']").WaitForAsync(Visible);

        var dispatcher = await workbench.SignInAsync("hl", HotlineRole.Dispatcher, "/intake");
        await dispatcher.Page.Locator("#intake-phone").FillAsync("13912345678");
        await dispatcher.Page.Locator("#intake-name").FillAsync("李四");
        await dispatcher.Page.Locator("#intake-content").FillAsync("咨询两项补贴要带什么材料");
        var suggestion = dispatcher.Page.Locator(".article-suggestion", new() { HasText = "残疾人两项补贴申领材料" });
        await suggestion.WaitForAsync(Visible);
        await suggestion.Locator(".answer-from-article").ClickAsync();
        await dispatcher.Page.WaitForURLAsync("**/tickets/HL-*", new() { Timeout = WorkbenchBrowser.Timeout });
        await dispatcher.Page.Locator("#ticket-timeline tr[data-action='AnsweredDirectly']").WaitForAsync(Visible);

        await reviewer.Page.Locator("#kb-reason").FillAsync("政策调整");
        await reviewer.Page.Locator("#kb-retire").ClickAsync();
        await reviewer.Page.Locator("#kb-article[data-state='Retired']").WaitForAsync(Visible);
        Assert.Equal(4, await reviewer.Page.Locator("#kb-history .kb-revision").CountAsync());
    }
}
