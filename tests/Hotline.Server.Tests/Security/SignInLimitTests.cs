using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Sign-in is rate limited per client address and per account: past either limit the answer is 429 problem details
/// with Retry-After, and an attempt refused by the account's limit never reaches the password check, so an attacker
/// cannot push an account's failures (and so its lockout) past the limit.
/// </summary>
public sealed class SignInLimitTests : IAsyncLifetime
{
    private const int PerClient = 6;
    private const int PerAccount = 3;

    private readonly HotlineHost host = HotlineHost.With(new Dictionary<string, string>
    {
        ["Hotline:Access:SignInLimits:PerClient"] = PerClient.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Hotline:Access:SignInLimits:PerAccount"] = PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Hotline:Access:SignInLimits:Window"] = "01:00:00",
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        host.StartServer();
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => host.DisposeAsync();

    [Fact]
    public async Task One_client_is_limited_across_accounts_and_endpoints_while_another_client_is_not()
    {
        using var busy = host.Anonymous("10.0.0.1");
        for (var i = 0; i < PerClient; i++)
        {
            var path = i % 2 == 0 ? "/api/auth/login" : "/api/auth/token";
            var attempt = await busy.PostAsJsonAsync(path, new { tenant = "hsb", userName = $"nobody-{i}", password = "Wrong!Password1" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        // A different account, the right password, or a refresh: the client has used its window.
        await AssertThrottledAsync(await busy.PostAsJsonAsync("/api/auth/login", new { tenant = "hsb", userName = "dispatcher", password = HotlineHost.Password }, Ct));
        await AssertThrottledAsync(await busy.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = "x" }, Ct));

        using var other = host.Anonymous("10.0.0.2");
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/auth/login", new { tenant = "hsb", userName = "dispatcher", password = HotlineHost.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task An_account_is_limited_from_any_address_and_cannot_be_driven_into_lockout_past_the_limit()
    {
        var wrong = new { tenant = "hk", userName = "reviewer", password = "Wrong!Password1" };
        for (var i = 0; i < PerAccount; i++)
        {
            using var attacker = host.Anonymous($"10.0.1.{i + 1}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await attacker.PostAsJsonAsync("/api/auth/login", wrong, Ct)).StatusCode);
        }

        for (var i = 0; i < 5; i++)
        {
            using var attacker = host.Anonymous($"10.0.2.{i + 1}");
            await AssertThrottledAsync(await attacker.PostAsJsonAsync(i % 2 == 0 ? "/api/auth/login" : "/api/auth/token", wrong, Ct));
        }

        await using (var scope = host.InTenant("hk"))
        {
            var user = await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<User>().AsNoTracking()
                .SingleAsync(u => u.TenantId == "hk" && u.UserName == "reviewer", Ct);
            Assert.Equal(PerAccount, user.FailedSignIns);
            Assert.Null(user.LockedOutUntil);
        }

        // The same user name in another tenant is another account.
        using var neighbour = host.Anonymous("10.0.3.1");
        Assert.Equal(HttpStatusCode.OK, (await neighbour.PostAsJsonAsync("/api/auth/login", new { tenant = "qu", userName = "reviewer", password = HotlineHost.Password }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Refreshing_takes_from_the_accounts_limit_whatever_the_address()
    {
        using var system = host.Anonymous("10.0.4.1");
        var tokens = await (await system.PostAsJsonAsync("/api/auth/token", new { tenant = "hl", userName = "auditor", password = HotlineHost.Password }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        var refreshToken = tokens.GetProperty("refreshToken").GetString();
        for (var i = 1; i < PerAccount; i++)
        {
            using var from = host.Anonymous($"10.0.5.{i}");
            var refreshed = await from.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);
            Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
            refreshToken = (await refreshed.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("refreshToken").GetString();
        }

        using var elsewhere = host.Anonymous("10.0.6.1");
        await AssertThrottledAsync(await elsewhere.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct));
    }

    private static async Task AssertThrottledAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After is missing");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("sign-in.throttled", problem.RootElement.GetProperty("code").GetString());
    }
}
