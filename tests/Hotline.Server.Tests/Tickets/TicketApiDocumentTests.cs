using System.Net;
using System.Text;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Tickets;

/// <summary>The OpenAPI document describes the ticket API as it behaves, so the README's examples work as written.</summary>
public sealed class TicketApiDocumentTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_caller_schema_leaves_the_address_optional_and_the_readme_registration_without_one_is_accepted()
    {
        using var anonymous = host.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct));
        var caller = document.RootElement.GetProperty("components").GetProperty("schemas").GetProperty("Caller");
        var required = caller.TryGetProperty("required", out var names) ? names.EnumerateArray().Select(n => n.GetString()).ToList() : [];
        Assert.DoesNotContain("address", required);
        Assert.Contains("null", caller.GetProperty("properties").GetProperty("address").GetProperty("type").ToString(), StringComparison.Ordinal);

        // The README's registration, word for word: a caller with a name and a phone, no address.
        using var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tickets")
        {
            Content = new StringContent("""{"channel":"Phone","caller":{"name":"张三","phone":"13812345678"},"category":"Consultation","content":"公积金提取需要哪些材料"}""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", "call-0001");
        var response = await dispatcher.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        // And the same body from no one is refused.
        using var unsigned = new HttpRequestMessage(HttpMethod.Post, "/api/tickets") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(unsigned, Ct)).StatusCode);
    }
}
