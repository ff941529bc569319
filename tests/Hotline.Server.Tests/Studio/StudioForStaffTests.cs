using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.Names;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Studio;

/// <summary>
/// Studio as staff see it, through the HTTP API: the host page starts Studio in Chinese and Beijing time with a way
/// back to the workbench; the package's fingerprinted files may be cached for a year, the rest revalidates; and the
/// journal names actors as staff know them, from the instance's own county only.
/// </summary>
public sealed class StudioForStaffTests(StudioForStaffTests.PackageHost host) : IClassFixture<StudioForStaffTests.PackageHost>
{
    private const string Immutable = "public, max-age=31536000, immutable";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_host_page_starts_studio_in_chinese_and_beijing_time_with_a_link_back_to_the_workbench()
    {
        var owner = await host.ClientAsync("hsb", HotlineRole.ProcessOwner);
        var response = await owner.GetAsync(new Uri("/studio/workflows/instances", UriKind.Relative), Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.Contains("localStorage.setItem('BlazorCulture', 'zh-CN')", html, StringComparison.Ordinal);
        Assert.Contains("withEnvironmentVariable('TZ', 'Asia/Shanghai')", html, StringComparison.Ordinal);
        Assert.Contains("<script src=\"_framework/blazor.webassembly.js\" autostart=\"false\"></script>", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/\" class=\"hotline-studio-back\" id=\"studio-back\">← 返回工作台</a>", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/studio/_framework/Elsa.Studio.abc123.wasm", Immutable)]
    [InlineData("/studio/_framework/icudt.xyz.dat", Immutable)]
    [InlineData("/studio/_framework/zh-Hans/" + FakeStudioPackage.SatelliteFile, Immutable)]
    [InlineData("/studio/_framework/blazor.webassembly.js", "no-cache")]
    [InlineData("/studio/_framework/dotnet.js", "no-cache")]
    public async Task Fingerprinted_files_are_cached_for_a_year_and_the_loaders_revalidate(string path, string cacheControl)
    {
        using var client = host.CreateClient();
        foreach (var encoding in (string?[])[null, "br"])
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            if (encoding is not null)
            {
                request.Headers.AcceptEncoding.ParseAdd(encoding);
            }

            var response = await client.SendAsync(request, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(cacheControl, response.Headers.CacheControl?.ToString());
        }
    }

    [Fact]
    public async Task A_precompressed_satellite_assembly_keeps_its_type_and_long_cache()
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/studio/_framework/zh-Hans/" + FakeStudioPackage.SatelliteFile);
        request.Headers.AcceptEncoding.ParseAdd("br");
        var response = await client.SendAsync(request, Ct);

        Assert.Equal("br", Assert.Single(response.Content.Headers.ContentEncoding));
        Assert.Equal("application/wasm", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Immutable, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_journal_names_actors_from_the_instances_own_county_only()
    {
        // The same user name in two counties, with different display names.
        var hsbId = await AddUserAsync("hsb", "张三");
        var hlId = await AddUserAsync("hl", "李四");
        var zhang = await host.ClientAsync("hsb", UserName);
        var ticket = await zhang.RegisterAsync(TicketApi.Consultation("红寺堡区路面塌陷"));
        var instanceId = ticket.GetProperty("workflowInstanceId").GetString()!;

        var journal = await zhang.GetJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal");
        var lines = journal.GetProperty("items").EnumerateArray().ToList();
        var started = lines.First(l => l.GetProperty("actorId").GetString() == $"Dispatcher:{hsbId}");
        Assert.Equal("张三（派单员）", started.GetProperty("actor").GetString());
        Assert.Equal("张三（派单员）", started.GetProperty("payload").GetProperty("actor").GetString());
        Assert.DoesNotContain("李四", journal.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.GetProperty("actor").GetString()?.StartsWith("Dispatcher:", StringComparison.Ordinal) == true);

        // A label naming another county's user (by id, or by user name) never resolves to that user's name.
        await using var scope = host.InTenant("hsb");
        var names = await scope.ServiceProvider.GetRequiredService<ActorNames>()
            .ResolveAsync("hsb", [$"Dispatcher:{hlId}", UserName, "system:timer"], Ct);
        Assert.Equal("派单员", names[$"Dispatcher:{hlId}"]);
        Assert.Equal("张三", names[UserName]);
        Assert.Equal("系统（定时器）", names["system:timer"]);
        await using var hl = host.InTenant("hl");
        names = await hl.ServiceProvider.GetRequiredService<ActorNames>().ResolveAsync("hl", [$"Dispatcher:{hsbId}"], Ct);
        Assert.Equal("派单员", names[$"Dispatcher:{hsbId}"]);

        // The other county cannot read the journal at all.
        var stranger = await host.ClientAsync("hl", UserName);
        var foreign = await stranger.GetAsync(new Uri($"/elsa/api/workflow-instances/{instanceId}/journal", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    private const string UserName = "zhang";

    private async Task<string> AddUserAsync(string tenant, string displayName)
    {
        var admin = await host.ClientAsync(tenant, HotlineRole.Admin);
        var response = await admin.PostAsJsonAsync("/api/access/users",
            new { userName = UserName, displayName, roles = new[] { "dispatcher", "process-owner" }, password = HotlineHost.Password }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString()!;
    }

    /// <summary>The whole host with a small package on disk in place of npm's.</summary>
    public sealed class PackageHost : HotlineHost
    {
        private readonly FakeStudioPackage package = new();

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Studio:PackagePath", package.Root);
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            if (disposing)
            {
                package.Dispose();
            }
        }
    }
}
