using System.Net;
using System.Net.Http.Headers;
using Hotline.Server.Tests.Hosting;

namespace Hotline.Server.Tests.ElsaApi;

public sealed class IdentityEndpointTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task Elsa_login_answers_tokens_for_user_at_tenant_and_the_refresh_token_renews_them()
    {
        using var client = host.Anonymous();
        var (status, login) = await client.PostJson("/identity/login", new { username = "process-owner@hsb", password = HotlineHost.Password });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool)login!["isAuthenticated"]!);
        Assert.False(string.IsNullOrEmpty((string?)login["accessToken"]));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (string)login["refreshToken"]!);
        var (refreshStatus, refreshed) = await client.PostJson("/identity/refresh-token", "");
        Assert.Equal(HttpStatusCode.OK, refreshStatus);
        Assert.True((bool)refreshed!["isAuthenticated"]!);
    }

    [Theory]
    [InlineData("process-owner@hsb", "Wrong!Password1")]
    [InlineData("process-owner", HotlineHost.Password)]
    public async Task A_failed_elsa_login_is_still_200_but_not_authenticated(string username, string password)
    {
        using var client = host.Anonymous();
        var (status, login) = await client.PostJson("/identity/login", new { username, password });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False((bool)login!["isAuthenticated"]!);
        Assert.Null((string?)login["accessToken"]);
    }

    [Fact]
    public async Task A_signed_in_session_opens_the_studio_host_page_instead_of_the_sign_in_form()
    {
        using var anonymous = host.Anonymous();
        var before = await anonymous.GetAsync(new Uri("/studio/workflows/definitions", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);

        using var signedIn = await host.SignedIn("hsb", "process-owner");
        var after = await signedIn.GetAsync(new Uri("/studio/workflows/definitions", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.NotEqual(HttpStatusCode.Unauthorized, after.StatusCode);
    }
}
