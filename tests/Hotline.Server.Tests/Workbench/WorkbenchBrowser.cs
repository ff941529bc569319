using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Studio;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// The whole host (<see cref="HotlineHost"/>: demo tenants and users, fake clock) on a loopback Kestrel port and
/// Debian's Chromium driven by Playwright. Skips, never passes silently, when <c>HOTLINE_TEST_CHROMIUM</c> is unset.
/// Pages sign in through the workbench's own sign-in page, as a person does.
/// </summary>
public sealed class WorkbenchBrowser : IAsyncLifetime
{
    public const float Timeout = 30_000;

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public HotlineHost Host { get; } = new();

    public string BaseUrl { get; private set; } = "";

    private string? skipReason;

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(StudioBrowser.ChromiumVariable);
        if (string.IsNullOrWhiteSpace(chromium))
        {
            skipReason = $"Set {StudioBrowser.ChromiumVariable} to a Chromium executable (e.g. Debian's chromium) to run the browser tests";
            return;
        }

        Host.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Host.StartServer();
        BaseUrl = Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A client of the running host signed in with a bearer token, for setting up tickets through the API.</summary>
    public async Task<HttpClient> ApiAsync(string tenant, HotlineRole role)
    {
        SkipUnlessAvailable();
        return await Host.ClientAsync(tenant, role);
    }

    /// <summary>
    /// A fresh browser page that opens <paramref name="path"/>, is sent to sign-in, and signs in as the demo user of the
    /// role; on this fixture's host, or on the node at <paramref name="baseUrl"/>.
    /// </summary>
    public Task<StudioPage> SignInAsync(string tenant, HotlineRole role, string path = "/", string? baseUrl = null) =>
        SignInAsync(tenant, DemoAccessSeeder.UserNameFor(role), HotlineHost.Password, path, baseUrl);

    /// <summary>A fresh browser page signed in through the sign-in page as <paramref name="userName"/>.</summary>
    public async Task<StudioPage> SignInAsync(string tenant, string userName, string password, string path = "/", string? baseUrl = null)
    {
        SkipUnlessAvailable();
        var context = await browser!.NewContextAsync(new()
        {
            BaseURL = baseUrl ?? BaseUrl,
            ViewportSize = new() { Width = 1600, Height = 1000 },
            AcceptDownloads = true,
            Locale = "zh-CN",
        });
        var page = new StudioPage(await context.NewPageAsync());
        await page.Page.GotoAsync(path);
        await page.Page.WaitForURLAsync("**/sign-in?returnUrl=*", new() { Timeout = Timeout });
        await page.Page.GetByLabel("热线中心（租户）").FillAsync(tenant);
        await page.Page.GetByLabel("用户名").FillAsync(userName);
        await page.Page.GetByLabel("密码").FillAsync(password);
        await page.Page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.Page.WaitForURLAsync(url => !url.Contains("/sign-in", StringComparison.Ordinal), new() { Timeout = Timeout });
        try
        {
            await page.Page.Locator("#signed-in-user").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = Timeout });
        }
        catch (TimeoutException e)
        {
            await page.ScreenshotAsync($"workbench-sign-in-failed-{tenant}-{userName}");
            throw new TimeoutException($"The workbench did not start after sign-in at {page.Page.Url}; browser errors: {string.Join(" | ", page.Errors)}", e);
        }

        return page;
    }

    private void SkipUnlessAvailable()
    {
        if (skipReason is not null)
        {
            Assert.Skip(skipReason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Host.DisposeAsync();
    }
}
