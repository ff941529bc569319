using System.Net;
using System.Net.Http.Json;
using Hotline.Application.ApiKeys;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// An action takes its tenant's row from the request's session check (one statement for both): each request acts in
/// its own caller's tenant, whichever tenant the node served before, and a caller without a session (an API key) has
/// the row read as before.
/// </summary>
public sealed class SignedInTenantTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_of_two_tenants_alternating_on_one_node_each_act_in_their_own_tenant()
    {
        using var hsb = await host.ClientAsync("hsb", HotlineRole.Dispatcher); // bearer token
        using var qu = await host.SignedIn("qu", "dispatcher"); // session cookie
        for (var i = 0; i < 3; i++)
        {
            Assert.StartsWith("HSB-", Number(await hsb.RegisterAsync(TicketApi.Consultation())), StringComparison.Ordinal);
            Assert.StartsWith("QU-", Number(await qu.RegisterAsync(TicketApi.Consultation())), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_system_on_an_api_key_acts_in_its_keys_tenant_and_a_logged_out_token_acts_nowhere()
    {
        using var admin = await host.SignedIn("hk", "admin");
        var key = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "九江市12345平台", roles = new[] { "dispatcher" } }, Ct))
            .Content.ReadFromJsonAsync<ApiKeyView>(Ct);
        using var system = host.Anonymous();
        system.DefaultRequestHeaders.Add("X-Api-Key", key!.Key);
        Assert.StartsWith("HK-", Number(await system.RegisterAsync(TicketApi.Consultation())), StringComparison.Ordinal);

        // A token whose session ended gets no tenant at all: refused, nothing registered.
        using var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        Assert.Equal(HttpStatusCode.NoContent, (await dispatcher.PostAsync(new Uri("/api/auth/logout", UriKind.Relative), null, Ct)).StatusCode);
        var refused = await dispatcher.PostAsJsonAsync("/api/tickets", TicketApi.Consultation("登出之后的来电"), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(0, (await system.GetJsonAsync("/api/tickets?text=登出之后")).GetProperty("totalCount").GetInt32());
    }

    private static string Number(System.Text.Json.JsonElement ticket) => ticket.GetProperty("number").GetString()!;
}
