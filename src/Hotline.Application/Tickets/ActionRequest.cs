using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hotline.Tickets.Tickets;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Hotline.Application.Tickets;

/// <summary>
/// What a client sends with an action besides its body: the idempotency key that makes a retry replay the first
/// result, the ticket revision it saw (a stale revision is refused as a conflict), and a hash of the request (method,
/// path and body) that tells a retry from a different request reusing the key. The HTTP API reads them from the
/// <c>Idempotency-Key</c> and <c>If-Match</c> headers; the workbench passes them directly (its keys are never reused).
/// </summary>
public sealed record ActionRequest(string IdempotencyKey, int? ExpectedRevision = null, string? RequestHash = null)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>
    /// The headers as sent, and the hash of the request with its <paramref name="body"/> as bound. The runner refuses a
    /// missing or over-long key with its own message; an <c>If-Match</c> that names no revision is refused here.
    /// </summary>
    public static ActionRequest From(HttpRequest request, object? body)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ActionRequest(request.Headers[IdempotencyHeader].ToString(), Revision(request), Hash(request, body));
    }

    /// <summary><c>"7"</c>, <c>W/"7"</c> or a bare <c>7</c>; <c>*</c> or no header means any revision.</summary>
    private static int? Revision(HttpRequest request)
    {
        var values = request.Headers.IfMatch;
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrWhiteSpace(values[0])))
        {
            return null;
        }

        var text = values.Count == 1 ? values[0]!.Trim() : "";
        if (text == "*")
        {
            return null;
        }

        var tag = EntityTagHeaderValue.TryParse(text, out var parsed) ? parsed.Tag.Value!.Trim('"') : text;
        return int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : throw new InvalidRequestException("request.if-match-invalid", HeaderNames.IfMatch,
                $"If-Match names one ticket revision, e.g. \"7\"; '{Shorten(values.ToString())}' is not one.");
    }

    private static string Hash(HttpRequest request, object? body)
    {
        var json = body is null ? "" : JsonSerializer.Serialize(body, body.GetType(), TicketEvent.DataOptions);
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n{json}"));
        return Convert.ToHexStringLower(bytes);
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
