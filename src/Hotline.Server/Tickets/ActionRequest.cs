using System.Globalization;

namespace Hotline.Server.Tickets;

/// <summary>
/// What a client sends with an action besides its body: the idempotency key that makes a retry replay the first
/// result, and the ticket revision it saw (a stale revision is refused as a conflict). The HTTP API reads them from
/// the <c>Idempotency-Key</c> and <c>If-Match</c> headers; the workbench passes them directly.
/// </summary>
public sealed record ActionRequest(string IdempotencyKey, int? ExpectedRevision = null)
{
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>The headers as sent; the runner refuses a missing or over-long key with its own message.</summary>
    public static ActionRequest From(HttpRequest request)
    {
        var ifMatch = request.Headers.IfMatch.ToString().Trim('"', ' ', 'W', '/');
        var revision = int.TryParse(ifMatch, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
        return new ActionRequest(request.Headers[IdempotencyHeader].ToString(), revision);
    }
}
