using System.Net;
using Hotline.Server.Access;
using Hotline.Server.Studio;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Hotline.Server.Tests.Studio;

/// <summary>
/// The real host on a loopback Kestrel port and Debian's Chromium driven by Playwright, signed in as a process
/// owner of a demo county. Skips (never passes silently) when <c>HOTLINE_TEST_CHROMIUM</c> is unset or Studio's npm files are absent.
/// Console errors and page errors are collected so a test can assert there were none.
/// </summary>
public sealed class StudioBrowser : IAsyncLifetime
{
    public const string ChromiumVariable = "HOTLINE_TEST_CHROMIUM";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private IPlaywright? playwright;
    private IBrowser? browser;

    public HotlineHost Server { get; } = HotlineHost.ForWorkflowDesign();

    /// <summary>The demo county whose staff the pages and clients sign in as.</summary>
    public const string Tenant = "hl";

    public string BaseUrl { get; private set; } = "";

    public string? SkipReason { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable(ChromiumVariable);
        if (string.IsNullOrWhiteSpace(chromium))
        {
            SkipReason = $"Set {ChromiumVariable} to a Chromium executable (e.g. Debian's chromium) to run the browser tests";
            return;
        }

        Server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        Server.StartServer();
        if (!Server.Services.GetRequiredService<StudioPackageFiles>().IsAvailable)
        {
            SkipReason = "Elsa Studio's npm files are absent (run npm ci in src/Hotline.Server/StudioPackage)";
            return;
        }

        BaseUrl = Server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ChromiumArgs });
    }

    /// <summary>A fresh page signed in, as staff sign in (the session cookie), as the demo user of <paramref name="role"/> in <see cref="Tenant"/>.</summary>
    public async Task<StudioPage> OpenAsync(HotlineRole role = HotlineRole.ProcessOwner)
    {
        SkipUnlessAvailable();

        var context = await browser!.NewContextAsync(new()
        {
            BaseURL = BaseUrl,
            ViewportSize = new() { Width = 1600, Height = 1000 },
        });
        // The context's request API shares the page's cookie jar, so the page starts signed in.
        var signIn = await context.APIRequest.PostAsync("/api/auth/login", new()
        {
            DataObject = new { tenant = Tenant, userName = DemoAccessSeeder.UserNameFor(role), password = HotlineHost.Password },
        });
        Assert.True(signIn.Ok, $"sign-in answered {signIn.Status}");
        return new StudioPage(await context.NewPageAsync());
    }

    /// <summary>A client on the real socket signed in with a bearer token as the demo user of <paramref name="role"/> in <see cref="Tenant"/>.</summary>
    public Task<HttpClient> ApiAsync(HotlineRole role = HotlineRole.ProcessOwner)
    {
        SkipUnlessAvailable();
        return HotlineHost.SignInAsync(new HttpClient { BaseAddress = new Uri(BaseUrl) }, Tenant, role);
    }

    private void SkipUnlessAvailable()
    {
        if (SkipReason is not null)
        {
            Assert.Skip(SkipReason);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>
/// One browser page with its console errors, its console warnings (written to the test's output when the page
/// closes, so a run shows what Studio complained about without failing on it) and a place for screenshots.
/// </summary>
public sealed class StudioPage
{
    private readonly List<string> errors = [];
    private readonly List<string> warnings = [];

    public StudioPage(IPage page)
    {
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console: {message.Text}");
            }
            else if (message.Type == "warning")
            {
                lock (warnings)
                {
                    warnings.Add(message.Text);
                }
            }
        };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
    }

    public IPage Page { get; }

    public IReadOnlyList<string> Errors => errors;

    /// <summary>Saves a full-page screenshot under TestResults/screenshots/ (git-ignored) at the repository root.</summary>
    public async Task ScreenshotAsync(string name)
    {
        var directory = Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }

    public async Task CloseAsync()
    {
        await Page.Context.CloseAsync();
        lock (warnings)
        {
            foreach (var warning in warnings)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"Studio console warning: {warning}");
            }
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Hotline.Elsa.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? AppContext.BaseDirectory;
    }
}
