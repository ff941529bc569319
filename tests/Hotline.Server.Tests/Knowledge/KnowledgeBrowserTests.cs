using System.Globalization;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Knowledge;

/// <summary>
/// The 知识库 page in Chromium (QU-GEN-3, WZ-DSP-1): a unit handler writes and submits an entry, the centre's reviewer
/// publishes it, a dispatcher taking a call on the intake page answers the consultation directly from it (直接办结) and
/// lands on the closed ticket, and the reviewer retires the entry, every step in the revision history. The search waits
/// for the typing to stop (one search for a word typed fast) and the pager moves through a long list; a unit's entry
/// past its review date shows in that unit's queue and leads to the unit's review-due list (QU-GEN-3, QU-ASM-1).
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
        // Searched for, not picked from the first page: the class's other tests fill the tenant's list, in any order.
        await reviewer.Page.Locator("#kb-list").WaitForAsync(Visible);
        await reviewer.Page.Locator("#kb-search").FillAsync("残疾人两项补贴申领材料");
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
        var answered = dispatcher.Page.Locator("#ticket-timeline tr[data-action='AnsweredDirectly']");
        await answered.WaitForAsync(Visible);
        Assert.Equal("依据知识条目《残疾人两项补贴申领材料》（第 3 版）", await answered.Locator(".timeline-article").InnerTextAsync());

        await reviewer.Page.Locator("#kb-reason").FillAsync("政策调整");
        await reviewer.Page.Locator("#kb-retire").ClickAsync();
        await reviewer.Page.Locator("#kb-article[data-state='Retired']").WaitForAsync(Visible);
        Assert.Equal(4, await reviewer.Page.Locator("#kb-history .kb-revision").CountAsync());
    }

    [Fact]
    public async Task Typing_fast_searches_once_and_the_pager_moves_through_the_results()
    {
        var reviewer = await workbench.ApiAsync("hl", HotlineRole.Reviewer);
        for (var i = 1; i <= 25; i++)
        {
            var title = $"分页检索条目{i.ToString("00", CultureInfo.InvariantCulture)}";
            var article = await reviewer.CreateAsync(KnowledgeApi.Article(title, $"{title}的答复口径。", from: "2025-09-01", reviewBy: "2027-12-31"));
            article = await reviewer.StepAsync(article, "submit").OkAsync();
            await reviewer.StepAsync(article, "publish").OkAsync();
        }

        var page = await workbench.SignInAsync("hl", HotlineRole.Dispatcher, "/knowledge");
        var p = page.Page;
        var list = p.Locator("#kb-list");
        await list.WaitForAsync(Visible);
        var before = int.Parse((await list.GetAttributeAsync("data-searches"))!, CultureInfo.InvariantCulture);

        // Six characters typed 40 ms apart, well within the 300 ms pause: one search, for the whole word.
        await p.Locator("#kb-search").PressSequentiallyAsync("分页检索条目", new() { Delay = 40 });
        await p.Locator("#kb-total").GetByText("共 25 条").WaitForAsync(Visible);
        await p.WaitForTimeoutAsync(1_000);
        Assert.Equal(before + 1, int.Parse((await list.GetAttributeAsync("data-searches"))!, CultureInfo.InvariantCulture));

        var rows = p.Locator("#kb-list .kb-row");
        Assert.Equal(20, await rows.CountAsync());
        var first = await rows.AllInnerTextsAsync();
        await p.Locator("#kb-pager").GetByText("2", new() { Exact = true }).ClickAsync();
        await p.Locator("#kb-list[data-page='2']").WaitForAsync(Visible);
        await Assertions.Expect(rows).ToHaveCountAsync(5);
        var second = await rows.AllInnerTextsAsync();
        Assert.Empty(first.Intersect(second));
        Assert.Equal(25, first.Concat(second).Select(r => r[..8]).Distinct().Count());
        await page.ScreenshotAsync("workbench-knowledge-pager");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    [Fact]
    public async Task A_units_entry_past_its_review_date_shows_in_that_units_queue()
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(workbench.Host.Clock.GetUtcNow(), Hotline.Tickets.Calendar.ShanghaiTime.Zone).DateTime);
        string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var handler = await workbench.ApiAsync("hl", HotlineRole.UnitHandler);
        var reviewer = await workbench.ApiAsync("hl", HotlineRole.Reviewer);
        var article = await handler.CreateAsync(KnowledgeApi.Article("城区供暖开始时间", "城区集中供暖每年11月1日开始。", from: Day(today.AddDays(-30)), reviewBy: Day(today.AddDays(1))));
        article = await handler.StepAsync(article, "submit").OkAsync();
        await reviewer.StepAsync(article, "publish").OkAsync();
        workbench.Host.Clock.Advance(TimeSpan.FromDays(3));

        var page = await workbench.SignInAsync("hl", HotlineRole.UnitHandler, "/queues/to-sign");
        var p = page.Page;
        await p.Locator("#unit-review-due").GetByText("本单位有 1 条知识库条目已过复核日期", new() { Exact = false }).WaitForAsync(Visible);
        // The other unit's staff are not told of it.
        var other = await workbench.SignInAsync("hl", DemoAccessSeeder.UserNameFor(HotlineRole.UnitHandler) + DemoAccessSeeder.CoUnitUserSuffix, HotlineHost.Password, "/queues/to-sign");
        await other.Page.Locator("#queue-title").WaitForAsync(Visible);
        Assert.Equal(0, await other.Page.Locator("#unit-review-due").CountAsync());
        await other.CloseAsync();

        await p.Locator("#unit-review-due-link").ClickAsync();
        await p.WaitForURLAsync("**/knowledge?reviewDue=true&unit=*", new() { Timeout = WorkbenchBrowser.Timeout });
        await p.Locator("#kb-own-unit").WaitForAsync(Visible);
        var row = p.Locator(".kb-row", new() { HasText = "城区供暖开始时间" });
        await row.Locator(".kb-due").WaitForAsync(Visible);
        await Assertions.Expect(p.Locator("#kb-list .kb-row")).ToHaveCountAsync(1);
        await page.ScreenshotAsync("workbench-knowledge-review-due");
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }
}
