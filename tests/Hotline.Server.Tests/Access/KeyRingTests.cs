using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>Several nodes on one database: a session signed in on one node is honoured by another.</summary>
public sealed class KeyRingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_session_from_one_node_is_honoured_by_another_through_the_shared_key_ring()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotline-nodes-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        await using var nodeA = new HotlineHost(folder);
        nodeA.StartServer();
        await using var nodeB = new HotlineHost(folder);
        nodeB.StartServer();

        using var browser = nodeA.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { tenant = "hl", userName = "reviewer", password = HotlineHost.Password }, Ct);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hotline.session=", StringComparison.Ordinal)).Split(';')[0];

        using var otherNode = nodeB.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        var response = await otherNode.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var scope = nodeB.Services.CreateAsyncScope();
        Assert.NotEmpty(await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<DataProtectionKey>().ToListAsync(Ct));
    }
}
