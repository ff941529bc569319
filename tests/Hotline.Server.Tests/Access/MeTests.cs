using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Hotline.Application.ApiKeys;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;

namespace Hotline.Server.Tests.Access;

/// <summary><c>GET /api/auth/me</c> names the signed-in person as the login answer did, however they signed in.</summary>
public sealed class MeTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Me_gives_the_display_name_the_login_gave_for_a_cookie_and_a_bearer_token()
    {
        using var client = host.Anonymous();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { tenant = "hl", userName = "reviewer", password = HotlineHost.Password }, Ct);
        var signedIn = await login.Content.ReadFromJsonAsync<Me>(Ct);
        Assert.False(string.IsNullOrEmpty(signedIn!.DisplayName));

        var me = await client.GetFromJsonAsync<Me>("/api/auth/me", Ct);
        Assert.Equal(signedIn, me! with { Roles = signedIn.Roles });

        var tokens = await (await client.PostAsJsonAsync("/api/auth/token", new { tenant = "hl", userName = "reviewer", password = HotlineHost.Password }, Ct))
            .Content.ReadFromJsonAsync<AccessTokens>(Ct);
        using var bearer = host.Anonymous();
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens!.AccessToken);
        Assert.Equal(signedIn.DisplayName, (await bearer.GetFromJsonAsync<Me>("/api/auth/me", Ct))!.DisplayName);
    }

    [Fact]
    public async Task A_system_on_an_api_key_is_named_by_its_key_and_a_caller_without_credentials_gets_401()
    {
        using var admin = await host.SignedIn("hk", "admin");
        var key = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "九江市12345平台", roles = new[] { "dispatcher" } }, Ct))
            .Content.ReadFromJsonAsync<ApiKeyView>(Ct);

        using var system = host.Anonymous();
        system.DefaultRequestHeaders.Add("X-Api-Key", key!.Key);
        var me = await system.GetFromJsonAsync<Me>("/api/auth/me", Ct);
        Assert.Equal(("hk", "九江市12345平台", true), (me!.TenantId, me.DisplayName, me.IsSystem));

        using var anonymous = host.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/auth/me", Ct)).StatusCode);
    }
}
