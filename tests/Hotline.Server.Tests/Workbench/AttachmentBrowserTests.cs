using Hotline.Server.Access;
using Hotline.Server.Tests.Attachments;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The ticket page's upload control and download links in Chromium, and the long-text refusal: a unit handler uploads
/// a photo on the reply form (a renamed executable is refused there, a second file is removed before sending), the reply
/// cites the photo, and a reviewer downloads it from the timeline — recorded (once archived, the unit's row says
/// 已归档, not 在办); 10,000 Chinese characters pasted into a
/// reply are refused with a message and the page keeps working.
/// </summary>
public sealed class AttachmentBrowserTests(WorkbenchBrowser workbench) : IClassFixture<WorkbenchBrowser>
{
    private static readonly LocatorWaitForOptions Visible = new() { State = WaitForSelectorState.Visible, Timeout = WorkbenchBrowser.Timeout };

    [Fact]
    public async Task A_handler_uploads_a_photo_with_the_reply_and_a_reviewer_downloads_it_recorded()
    {
        var number = await SignedTicketAsync("hsb", "红寺堡镇路灯不亮");
        var page = await workbench.SignInAsync("hsb", HotlineRole.UnitHandler, $"/tickets/{number}");
        await TicketActionBrowserTests.OpenAsync(page, "Reply");
        Assert.Contains("20 MB", await page.Page.Locator("#reply-files-limits").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Page.Locator("#urgent-submit").CountAsync());

        byte[] executable = [(byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0, 4, 0, 0, 0, 0xFF, 0xFF, 0, 0];
        await page.Page.Locator("#reply-files-input").SetInputFilesAsync(new[]
        {
            new FilePayload { Name = "现场照片.png", MimeType = "image/png", Buffer = AttachmentApi.Png },
            new FilePayload { Name = "照片.png", MimeType = "image/png", Buffer = executable },
            new FilePayload { Name = "多余.pdf", MimeType = "application/pdf", Buffer = AttachmentApi.Pdf },
        });
        await page.Page.Locator(".attachment-refusal[data-code='attachment.type-not-allowed']").GetByText("照片.png").WaitForAsync(Visible);
        await page.Page.Locator(".attachment-picked", new() { HasText = "多余.pdf" }).WaitForAsync(Visible);
        Assert.Contains("19 字节", await page.Page.Locator(".attachment-picked", new() { HasText = "现场照片.png" }).InnerTextAsync(), StringComparison.Ordinal);
        await page.Page.Locator(".attachment-picked", new() { HasText = "多余.pdf" }).Locator(".attachment-remove").ClickAsync();
        await page.Page.Locator(".attachment-picked", new() { HasText = "多余.pdf" }).WaitForAsync(new() { State = WaitForSelectorState.Detached, Timeout = WorkbenchBrowser.Timeout });
        await page.ScreenshotAsync("workbench-reply-upload");

        await page.Page.Locator("#reply-measures").FillAsync("已更换路灯灯泡");
        await page.Page.Locator("#reply-notice").FillAsync("已电话告知来电人");
        await page.Page.GetByText("已完整答复所询问题").ClickAsync();
        await TicketActionBrowserTests.PickAsync(page, "#reply-resolution", "已解决");
        await page.Page.Locator("#action-submit").ClickAsync();
        await page.Page.Locator("#ticket-state").GetByText("已办结待审核", new() { Exact = true }).WaitForAsync(Visible);
        var replied = page.Page.Locator("#ticket-timeline tr[data-action='Replied']");
        await replied.Locator(".timeline-attachment").GetByText("现场照片.png").WaitForAsync(Visible);
        Assert.Equal(1, await replied.Locator(".timeline-attachment").CountAsync());
        Assert.Empty(page.Errors);
        await page.CloseAsync();

        var reviewer = await workbench.SignInAsync("hsb", HotlineRole.Reviewer, $"/tickets/{number}");
        var link = reviewer.Page.Locator("#ticket-timeline tr[data-action='Replied'] .timeline-attachment a");
        await link.WaitForAsync(Visible);
        var download = await reviewer.Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("现场照片.png", download.SuggestedFilename);
        Assert.Equal(AttachmentApi.Png, await File.ReadAllBytesAsync(await download.PathAsync(), TestContext.Current.CancellationToken));

        // Archived, the unit's row no longer says 在办.
        var api = await workbench.ApiAsync("hsb", HotlineRole.Reviewer);
        await api.ActAsync(number, "reply/accept");
        await api.ActAsync(number, "revisit", new { rating = "Satisfied" });
        await api.ActAsync(number, "archive");
        await reviewer.Page.ReloadAsync();
        await reviewer.Page.Locator("#ticket-units .unit-status").GetByText("已归档").WaitForAsync(Visible);
        Assert.Empty(reviewer.Errors);
        await reviewer.CloseAsync();

        await using var scope = workbench.Host.InTenant("hsb");
        var recorded = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<AttachmentDownload>()
            .Where(d => d.TicketNumber == number).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DemoAccessSeeder.UserNameFor(HotlineRole.Reviewer), Assert.Single(recorded).UserName);
    }

    [Fact]
    public async Task Ten_thousand_pasted_characters_are_refused_with_a_message_and_the_page_keeps_working()
    {
        var number = await SignedTicketAsync("hl", "华龙区小区供暖不热");
        var page = await workbench.SignInAsync("hl", HotlineRole.UnitHandler, $"/tickets/{number}");
        await TicketActionBrowserTests.OpenAsync(page, "Reply");

        await page.Page.Locator("#reply-measures").FillAsync(new string('暖', 10_000));
        // Leaving the field, the counter and the field's message say it before anything is sent; the submit says it again
        // and sends nothing.
        await page.Page.Locator("#reply-measures").BlurAsync();
        await page.Page.GetByText("已超出 6000 字").First.WaitForAsync(Visible);
        await page.Page.Locator("#action-submit").ClickAsync();
        var refusal = page.Page.Locator("#action-refusal[data-code='ticket.input-too-long']");
        await refusal.WaitForAsync(Visible);
        Assert.Contains("10000 字", await refusal.InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync("workbench-long-text-refused");
        Assert.False(await page.Page.Locator("#components-reconnect-modal").IsVisibleAsync());
        Assert.Equal("办理中", await page.Page.Locator("#ticket-state").InnerTextAsync());

        // The circuit is alive: the same form, shortened, goes through.
        await page.Page.Locator("#reply-measures").FillAsync("已联系供热公司排查管道");
        await page.Page.Locator("#reply-notice").FillAsync("已电话告知来电人");
        await page.Page.GetByText("已完整答复所询问题").ClickAsync();
        await TicketActionBrowserTests.PickAsync(page, "#reply-resolution", "已解决");
        await page.Page.Locator("#action-submit").ClickAsync();
        await page.Page.Locator("#ticket-state").GetByText("已办结待审核", new() { Exact = true }).WaitForAsync(Visible);
        await page.Page.Locator(".mud-snackbar").GetByText("已办理：办结答复").WaitForAsync(Visible);
        Assert.Empty(page.Errors);
        await page.CloseAsync();
    }

    private async Task<string> SignedTicketAsync(string tenant, string content)
    {
        var api = await workbench.ApiAsync(tenant, HotlineRole.Dispatcher);
        var number = (await api.RegisterAsync(TicketApi.Consultation(content))).GetProperty("number").GetString()!;
        await api.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId(tenant) });
        await (await workbench.ApiAsync(tenant, HotlineRole.UnitHandler)).ActAsync(number, "sign");
        return number;
    }
}
