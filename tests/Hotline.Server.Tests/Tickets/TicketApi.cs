using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Hosting;

namespace Hotline.Server.Tests.Tickets;

/// <summary>Calls of the ticket API as a client makes them, with an idempotency key per action.</summary>
internal static class TicketApi
{
    public static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    public static async Task<JsonElement> RegisterAsync(this HttpClient client, object intake, string? key = null)
    {
        var response = await client.SendAsync(Post("/api/tickets", intake, key ?? Guid.NewGuid().ToString()), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"register answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> ActAsync(this HttpClient client, string number, string action, object? body = null, string? key = null)
    {
        var response = await client.TryActAsync(number, action, body, key);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{action} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static Task<HttpResponseMessage> TryActAsync(this HttpClient client, string number, string action, object? body = null, string? key = null, int? ifMatch = null)
    {
        var request = Post($"/api/tickets/{number}/{action}", body ?? new { }, key ?? Guid.NewGuid().ToString());
        if (ifMatch is { } revision)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{revision}\"");
        }

        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path)
    {
        var response = await client.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(expected == response.StatusCode, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text).RootElement;
    }

    public static JsonElement Clock(this JsonElement ticket, string kind) =>
        ticket.GetProperty("clocks").EnumerateArray().Last(c => c.GetProperty("kind").GetString() == kind);

    public static DateTimeOffset DueAt(this JsonElement clock) => clock.GetProperty("dueAt").GetDateTimeOffset();

    public static string[] Actions(this JsonElement ticket) =>
        ticket.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("action").GetString()!).ToArray();

    public static object Consultation(string content = "咨询公积金提取需要哪些材料") => new
    {
        channel = "Phone",
        caller = new { name = "张三丰", phone = "13812345678", address = "红寺堡镇新民街8号" },
        category = "Consultation",
        content,
        urgency = "Normal",
    };

    private static HttpRequestMessage Post(string path, object body, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, options: HotlineHost.Json) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
