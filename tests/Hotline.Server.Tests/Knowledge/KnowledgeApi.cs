using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;

namespace Hotline.Server.Tests.Knowledge;

/// <summary>Calls of the knowledge-base API as a client makes them.</summary>
internal static class KnowledgeApi
{
    public const string Articles = "/api/knowledge/articles";

    public static object Article(string title = "住房公积金提取需要哪些材料", string body = "提取住房公积金需携带身份证、银行卡及购房合同原件，到市公积金中心窗口办理。",
        string from = "2025-09-01", string reviewBy = "2025-12-31", Guid? owningUnitId = null) => new
    {
        title,
        body,
        categories = new[] { "住房", "公积金" },
        keywords = new[] { "公积金提取", "购房" },
        effectiveFrom = from,
        reviewBy,
        owningUnitId,
    };

    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: HotlineHost.Json);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> OkAsync(this Task<HttpResponseMessage> sending, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await sending;
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<JsonElement> CreateAsync(this HttpClient client, object? article = null) =>
        client.SendAsync(HttpMethod.Post, Articles, article ?? Article()).OkAsync(HttpStatusCode.Created);

    /// <summary>Posts a step (<c>submit</c>, <c>publish</c>, <c>send-back</c>, <c>retire</c>) at the article's current version.</summary>
    public static Task<HttpResponseMessage> StepAsync(this HttpClient client, JsonElement article, string step, string? reason = null) =>
        client.SendAsync(HttpMethod.Post, $"{Articles}/{Id(article)}/{step}?version={Version(article)}", reason is null ? null : new { reason });

    public static Guid Id(JsonElement article) => article.GetProperty("summary").GetProperty("id").GetGuid();

    public static int Version(JsonElement article) => article.GetProperty("summary").GetProperty("version").GetInt32();

    public static string State(JsonElement article) => article.GetProperty("summary").GetProperty("state").GetString()!;

    public static async Task<List<string>> TitlesFoundAsync(this HttpClient client, string text) =>
        (await client.GetJsonAsync($"{Articles}?text={Uri.EscapeDataString(text)}")).GetProperty("items").EnumerateArray()
        .Select(a => a.GetProperty("title").GetString()!).ToList();
}
