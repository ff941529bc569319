using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Hotline.Server.Tests.ElsaApi;

/// <summary>Calls <c>/elsa/api</c> the way Studio does and hands back the raw JSON, so tests assert the wire shape.</summary>
internal static class ElsaApiClient
{
    public static async Task<(System.Net.HttpStatusCode Status, JsonNode? Body)> GetJson(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri("/elsa/api" + path, UriKind.Relative), TestContext.Current.CancellationToken);
        return (response.StatusCode, await Parse(response));
    }

    public static async Task<(System.Net.HttpStatusCode Status, JsonNode? Body)> PostJson(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsync(new Uri("/elsa/api" + path, UriKind.Relative),
            body is string text ? new StringContent(text, System.Text.Encoding.UTF8, "application/json") : JsonContent.Create(body),
            TestContext.Current.CancellationToken);
        return (response.StatusCode, await Parse(response));
    }

    private static async Task<JsonNode?> Parse(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }
}
