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

/// <summary>
/// The API reference alone is enough to work a ticket: every action documents its headers, its refusals as problem
/// details with their codes, and a request example that the action reads as written.
/// </summary>
public sealed class TicketActionDocumentTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_ticket_action_documents_its_refusals_headers_and_an_example_that_binds()
    {
        using var anonymous = host.CreateClient();
        using var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json", Ct));
        var paths = document.RootElement.GetProperty("paths");
        using var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var clients = new List<HttpClient>();
        foreach (var role in HotlineRoles.All)
            clients.Add(await host.ClientAsync("hsb", role));
        var actions = paths.EnumerateObject().Where(p => p.Name.StartsWith("/api/tickets/{number}/", StringComparison.Ordinal)
            && p.Name != "/api/tickets/{number}/attachments" && p.Value.TryGetProperty("post", out _)).ToList();
        Assert.True(actions.Count >= 35, $"{actions.Count} actions documented");
        var failures = new List<string>();
        foreach (var path in actions)
        {
            var post = path.Value.GetProperty("post");
            var responses = post.GetProperty("responses");
            foreach (var status in new[] { "400", "401", "403", "404", "409", "422" })
            {
                if (!responses.TryGetProperty(status, out var response) || !response.GetProperty("content").TryGetProperty("application/problem+json", out _))
                    failures.Add($"{path.Name}: no {status} problem details");
            }

            var parameters = post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ToList();
            if (!parameters.Contains("Idempotency-Key") || !parameters.Contains("If-Match"))
                failures.Add($"{path.Name}: headers missing");
            if (!post.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").TryGetProperty("example", out var example))
            {
                failures.Add($"{path.Name}: no example");
                continue;
            }

            // The example binds: sent by a role the action admits (authorization comes before reading the body), whatever
            // the ticket's state, the answer is never "could not be read".
            var action = path.Name["/api/tickets/{number}/".Length..];
            HttpResponseMessage? answer = null;
            foreach (var client in clients)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/tickets/{number}/{action}") { Content = new StringContent(example.GetRawText(), Encoding.UTF8, "application/json") };
                request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
                answer = await client.SendAsync(request, Ct);
                if (!(await answer.Content.ReadAsStringAsync(Ct)).Contains("\"access.denied\"", StringComparison.Ordinal))
                    break;
            }

            var text = await answer!.Content.ReadAsStringAsync(Ct);
            if (answer.StatusCode == HttpStatusCode.BadRequest || text.Contains("\"access.denied\"", StringComparison.Ordinal))
                failures.Add($"{path.Name}: its example answered {(int)answer.StatusCode} {text}");
        }

        clients.ForEach(c => c.Dispose());
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var forward = paths.GetProperty("/api/tickets/{number}/extension/forward").GetProperty("post").GetProperty("responses").GetProperty("422");
        Assert.Contains("extension.not-forwarded", forward.GetProperty("description").GetString(), StringComparison.Ordinal);
    }
}
