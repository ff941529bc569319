using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Attachments;

/// <summary>Uploads as a client sends them: multipart/form-data with one part named <c>file</c>.</summary>
internal static class AttachmentApi
{
    /// <summary>The first bytes of a PNG, a PDF and an MP3: enough for the content to be sniffed as one.</summary>
    public static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3];
    public static readonly byte[] Pdf = "%PDF-1.7\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\n%%EOF\n"u8.ToArray();
    public static readonly byte[] Mp3 = [(byte)'I', (byte)'D', (byte)'3', 4, 0, 0, 0, 0, 0, 0, 0xFF, 0xFB, 0x90, 0x64];

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string number, string fileName, byte[] content, string contentType = "application/octet-stream")
    {
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        var form = new MultipartFormDataContent { { file, "file", fileName } };
        return client.PostAsync(new Uri($"/api/tickets/{number}/attachments", UriKind.Relative), form, TestContext.Current.CancellationToken);
    }

    /// <summary>Uploads and returns the reference an action cites.</summary>
    public static async Task<JsonElement> UploadedAsync(this HttpClient client, string number, string fileName, byte[] content) =>
        await (await client.UploadAsync(number, fileName, content)).CreatedAsync();

    public static async Task<JsonElement> CreatedAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"upload answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Evidence (a call recording, by default) uploaded by the unit's handler for a scenario's ticket.</summary>
    public static async Task<JsonElement> EvidenceAsync(this Scenario s, string number, string fileName = "通话录音.mp3") =>
        await (await s.AsAsync(HotlineRole.UnitHandler)).UploadedAsync(number, fileName, fileName.EndsWith(".pdf", StringComparison.Ordinal) ? Pdf : Mp3);
}
