using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Hotline.Application.Tickets;
using Hotline.Tickets.Tickets;
using Microsoft.Net.Http.Headers;

namespace Hotline.Server.Tickets;

/// <summary>
/// Reads an <see cref="ActionRequest"/> from HTTP: the application layer knows no headers, so the translation lives
/// with the endpoints, callable as <c>ActionRequest.From(request, body)</c>.
/// </summary>
public static class ActionRequestHeaders
{
    extension(ActionRequest)
    {
        /// <summary>
        /// The headers as sent, and the hash of the request with its <paramref name="body"/> as bound. The runner refuses a
        /// missing or over-long key with its own message; an <c>If-Match</c> that names no revision is refused here.
        /// </summary>
        public static ActionRequest From(HttpRequest request, object? body)
        {
            ArgumentNullException.ThrowIfNull(request);
            return new ActionRequest(request.Headers[ActionRequest.IdempotencyHeader].ToString(), Revision(request), Hash(request, body));
        }
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

    /// <summary>
    /// SHA-256 of <c>"{method} {path}\n{body as JSON}"</c> in UTF-8, hashed in one pass over the serialised bytes rather
    /// than over a string built from them (the same hash as before, so stored keys still match).
    /// </summary>
    private static string Hash(HttpRequest request, object? body)
    {
        var head = $"{request.Method} {request.Path}\n";
        byte[] json = body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), TicketEvent.DataOptions);
        var bytes = new byte[Encoding.UTF8.GetByteCount(head) + json.Length];
        json.CopyTo(bytes, Encoding.UTF8.GetBytes(head, bytes));
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";
}
