using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.ApiKeys;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>Cookie sign-in, bearer tokens and API keys each reach an authorized endpoint; failures say nothing more than "failed".</summary>
public sealed class SignInTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cookie_sign_in_reaches_me_and_logout_ends_the_session()
    {
        using var client = host.Anonymous();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = "hsb", userName = "Dispatcher", password = HotlineHost.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("hotline.session=", StringComparison.Ordinal) && c.Contains("httponly", StringComparison.OrdinalIgnoreCase));
        var me = await client.GetFromJsonAsync<Me>("/api/auth/me", Ct);
        Assert.Equal(("hsb", "dispatcher", false), (me!.TenantId, me.UserName, me.IsSystem));
        Assert.Equal(["dispatcher"], me.Roles);

        await client.PostAsync("/api/auth/logout", null, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me", Ct)).StatusCode);
    }

    [Fact]
    public async Task Unit_users_carry_their_unit()
    {
        using var client = await host.SignedIn("qu", "unit-handler");
        var me = await client.GetFromJsonAsync<Me>("/api/auth/me", Ct);

        Assert.Equal(DemoAccessSeeder.DemoUnitId("qu").ToString(), me!.UnitCode);
    }

    [Theory]
    [InlineData("hsb", "dispatcher", "Wrong!Password1")]
    [InlineData("hsb", "nobody", HotlineHost.Password)]
    [InlineData("zz", "dispatcher", HotlineHost.Password)]
    public async Task Any_wrong_part_gives_the_same_401_problem(string tenant, string userName, string password)
    {
        using var client = host.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant, userName, password }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(response.Headers.Contains("Set-Cookie"));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        Assert.Equal("Sign-in failed", problem.RootElement.GetProperty("title").GetString());
        Assert.Equal(AuthEndpoints.SignInFailed().ProblemDetails.Detail, problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task An_incomplete_request_is_a_validation_problem()
    {
        using var client = host.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { tenant = "hsb" }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
        var errors = problem.RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty("userName", out _));
        Assert.True(errors.TryGetProperty("password", out _));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_for_fifteen_minutes()
    {
        using var client = host.Anonymous();
        var wrong = new { tenant = "hk", userName = "supervisor", password = "Wrong!Password1" };
        var right = wrong with { password = HotlineHost.Password };
        for (var i = 0; i < 5; i++)
            await client.PostAsJsonAsync("/api/auth/login", wrong, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/login", right, Ct)).StatusCode);
        host.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/auth/login", right, Ct)).StatusCode);
    }

    [Fact]
    public async Task Bearer_token_reaches_me_until_it_expires_and_refresh_renews_it()
    {
        // The product's 1-hour lifetime, not the suite's long one.
        await using var own = HotlineHost.With(HotlineHost.ProductTokenLifetime);
        using var client = own.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { tenant = "hl", userName = "reviewer", password = HotlineHost.Password }, Ct);
        var tokens = await response.Content.ReadFromJsonAsync<AccessTokens>(Ct);
        Assert.Equal(("Bearer", 3600L), (tokens!.TokenType, tokens.ExpiresIn));
        Assert.False(response.Headers.Contains("Set-Cookie"));

        Assert.Equal(HttpStatusCode.OK, (await GetMe(client, "Bearer", tokens.AccessToken)).StatusCode);
        own.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMe(client, "Bearer", tokens.AccessToken)).StatusCode);

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { tokens.RefreshToken }, Ct);
        var fresh = await refreshed.Content.ReadFromJsonAsync<AccessTokens>(Ct);
        var me = await (await GetMe(client, "Bearer", fresh!.AccessToken)).Content.ReadFromJsonAsync<Me>(Ct);
        Assert.Equal(("hl", "reviewer"), (me!.TenantId, me.UserName));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { RefreshToken = "forged" }, Ct)).StatusCode);
    }

    [Fact]
    public async Task Token_for_a_wrong_password_is_refused_like_a_login()
    {
        using var client = host.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { tenant = "hl", userName = "reviewer", password = "Wrong!Password1" }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Api_key_reaches_me_in_either_header_until_revoked()
    {
        using var admin = await host.SignedIn("qu", "admin");
        var issued = await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "市12345平台对接", roles = new[] { "Dispatcher" } }, Ct);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var key = await issued.Content.ReadFromJsonAsync<ApiKeyView>(Ct);

        using var system = host.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Add("X-Api-Key", key!.Key);
        var me = await (await system.SendAsync(request, Ct)).Content.ReadFromJsonAsync<Me>(Ct);
        Assert.Equal(("qu", "市12345平台对接", true), (me!.TenantId, me.UserName, me.IsSystem));
        Assert.Equal(["dispatcher"], me.Roles);
        Assert.Equal(HttpStatusCode.OK, (await GetMe(system, "ApiKey", key.Key!)).StatusCode);

        var listed = await admin.GetFromJsonAsync<ApiKeyView[]>("/api/access/api-keys", Ct);
        Assert.All(listed!, k => Assert.Null(k.Key));

        await admin.DeleteAsync($"/api/access/api-keys/{key.Id}", Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMe(system, "ApiKey", key.Key!)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetMe(system, "ApiKey", "hlk_not-a-key")).StatusCode);
    }

    [Fact]
    public async Task Elsa_identity_login_takes_user_at_tenant()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<AccountSignIn>();
        var tokens = scope.ServiceProvider.GetRequiredService<BearerTokens>();

        var ok = await ElsaIdentityLogin.LoginAsync(new ElsaLoginRequest("process-owner@hsb", HotlineHost.Password), signIn, tokens, Ct);
        var wrong = await ElsaIdentityLogin.LoginAsync(new ElsaLoginRequest("process-owner@hsb", "Wrong!Password1"), signIn, tokens, Ct);
        var noTenant = await ElsaIdentityLogin.LoginAsync(new ElsaLoginRequest("process-owner", HotlineHost.Password), signIn, tokens, Ct);

        Assert.True(ok.IsAuthenticated);
        using var client = host.Anonymous();
        var me = await (await GetMe(client, "Bearer", ok.AccessToken!)).Content.ReadFromJsonAsync<Me>(Ct);
        Assert.Equal(["process-owner"], me!.Roles);
        Assert.Equal(ElsaLoginResponse.Failed, wrong);
        Assert.Equal(ElsaLoginResponse.Failed, noTenant);
        Assert.True((await ElsaIdentityLogin.RefreshAsync($"Bearer {ok.RefreshToken}", tokens, Ct)).IsAuthenticated);
    }

    private static async Task<HttpResponseMessage> GetMe(HttpClient client, string scheme, string credential)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me");
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, credential);
        return await client.SendAsync(request, Ct);
    }
}
