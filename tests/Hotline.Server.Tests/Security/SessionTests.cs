using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Security;

/// <summary>
/// Sessions end when they should, at the next request: logout (even if the cookie is replayed), a refresh (the old
/// tokens), a reused refresh token (the whole family), a disabled user or changed roles (cookie, bearer and refresh).
/// </summary>
public sealed class SessionTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Logout_ends_the_cookie_session_even_when_the_cookie_is_sent_again()
    {
        var cookie = await CookieAsync("hsb", "reviewer");
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(cookie));

        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Add("Cookie", cookie);
        Assert.Equal(HttpStatusCode.NoContent, (await browser.SendAsync(logout, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        // Another session of the same user is its own.
        Assert.Equal(HttpStatusCode.OK, await MeWithCookieAsync(await CookieAsync("hsb", "reviewer")));
    }

    [Fact]
    public async Task A_refresh_rotates_the_tokens_and_a_reused_refresh_token_ends_the_family()
    {
        using var client = host.Anonymous();
        var first = await TokensAsync(client, "hl", "reviewer");
        var second = await RefreshAsync(client, first.RefreshToken);
        Assert.NotNull(second);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithBearerAsync(first.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await MeWithBearerAsync(second!.AccessToken));

        // The used refresh token again: refused, and the family it belongs to ends with it.
        Assert.Null(await RefreshAsync(client, first.RefreshToken));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithBearerAsync(second.AccessToken));
        Assert.Null(await RefreshAsync(client, second.RefreshToken));
        // The user's other sign-ins are untouched.
        var other = await TokensAsync(client, "hl", "reviewer");
        Assert.Equal(HttpStatusCode.OK, await MeWithBearerAsync(other.AccessToken));
    }

    [Fact]
    public async Task Logout_with_a_bearer_token_ends_its_access_and_refresh_tokens()
    {
        using var client = host.Anonymous();
        var tokens = await TokensAsync(client, "qu", "dispatcher");
        using var logout = new HttpRequestMessage(HttpMethod.Post, "/api/auth/logout");
        logout.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        Assert.Equal(HttpStatusCode.NoContent, (await client.SendAsync(logout, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithBearerAsync(tokens.AccessToken));
        Assert.Null(await RefreshAsync(client, tokens.RefreshToken));
    }

    [Fact]
    public async Task Disabling_a_user_ends_cookie_bearer_and_refresh_at_the_next_request()
    {
        var cookie = await CookieAsync("hk", "discipline-liaison");
        using var client = host.Anonymous();
        var tokens = await TokensAsync(client, "hk", "discipline-liaison");
        var sameNameElsewhere = await TokensAsync(client, "qu", "discipline-liaison");

        using var admin = await host.SignedIn("hk", "admin");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/access/users/{await UserIdAsync("hk", "discipline-liaison")}/disable", null, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithBearerAsync(tokens.AccessToken));
        Assert.Null(await RefreshAsync(client, tokens.RefreshToken));
        Assert.Equal(HttpStatusCode.OK, await MeWithBearerAsync(sameNameElsewhere.AccessToken));
    }

    [Fact]
    public async Task Changing_a_users_roles_ends_their_sessions_at_the_next_request()
    {
        var cookie = await CookieAsync("hsb", "supervisor");
        using var client = host.Anonymous();
        var tokens = await TokensAsync(client, "hsb", "supervisor");

        await using (var scope = host.InTenant("hsb"))
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            var user = await db.Set<User>().SingleAsync(u => u.TenantId == "hsb" && u.UserName == "supervisor", Ct);
            user.AssignRoles(new RoleAssignment([HotlineRole.Supervisor, HotlineRole.Auditor], null));
            await db.SaveChangesAsync(Ct);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithCookieAsync(cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeWithBearerAsync(tokens.AccessToken));
        Assert.Null(await RefreshAsync(client, tokens.RefreshToken));
        // Signing in again gives the new roles.
        var fresh = await TokensAsync(client, "hsb", "supervisor");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", fresh.AccessToken);
        var me = await (await client.SendAsync(request, Ct)).Content.ReadFromJsonAsync<Me>(Ct);
        Assert.Equal(["auditor", "supervisor"], me!.Roles.Order());
    }

    [Fact]
    public async Task A_session_is_current_only_in_its_own_tenant_and_brings_that_tenants_row()
    {
        using var client = host.Anonymous();
        await TokensAsync(client, "hsb", "auditor");
        await using var scope = host.Services.CreateAsyncScope();
        var sessions = scope.ServiceProvider.GetRequiredService<SignInSessions>();
        ClaimsPrincipal own;
        await using (var tenant = host.InTenant("hsb"))
        {
            var db = tenant.ServiceProvider.GetRequiredService<HotlineDbContext>();
            var user = await db.Set<User>().AsNoTracking().SingleAsync(u => u.TenantId == "hsb" && u.UserName == "auditor", Ct);
            var session = await db.Set<UserSession>().AsNoTracking().Where(x => x.UserId == user.Id && x.EndedAt == null).OrderBy(x => x.CreatedAt).LastAsync(Ct);
            own = SignInSessions.PrincipalFor(user, AccessSchemes.Bearer, session);
        }

        Assert.Equal("hsb", (await sessions.CheckAsync(own, Ct))?.Tenant?.Id);
        // The same session and stamp naming another tenant (a claim data protection would not let through): not current there.
        var elsewhere = new ClaimsPrincipal(new ClaimsIdentity(
            own.Claims.Select(c => c.Type == HotlineClaims.TenantId ? new Claim(c.Type, "qu") : new Claim(c.Type, c.Value)), AccessSchemes.Bearer));
        Assert.Null(await sessions.CheckAsync(elsewhere, Ct));
    }

    private async Task<string> CookieAsync(string tenant, string userName)
    {
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        var login = await browser.PostAsJsonAsync("/api/auth/login", new { tenant, userName, password = HotlineHost.Password }, Ct);
        login.EnsureSuccessStatusCode();
        return login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("hotline.session=", StringComparison.Ordinal)).Split(';')[0];
    }

    private async Task<HttpStatusCode> MeWithCookieAsync(string cookie)
    {
        using var browser = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("Cookie", cookie);
        return (await browser.SendAsync(request, Ct)).StatusCode;
    }

    private async Task<HttpStatusCode> MeWithBearerAsync(string accessToken)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return (await client.SendAsync(request, Ct)).StatusCode;
    }

    private static async Task<AccessTokens> TokensAsync(HttpClient client, string tenant, string userName)
    {
        var response = await client.PostAsJsonAsync("/api/auth/token", new { tenant, userName, password = HotlineHost.Password }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AccessTokens>(Ct))!;
    }

    private static async Task<AccessTokens?> RefreshAsync(HttpClient client, string refreshToken)
    {
        var response = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, Ct);
        return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<AccessTokens>(Ct) : null;
    }

    private async Task<string> UserIdAsync(string tenant, string userName)
    {
        await using var scope = host.InTenant(tenant);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Set<User>().Where(u => u.TenantId == tenant && u.UserName == userName).Select(u => u.Id).SingleAsync(Ct);
    }
}
