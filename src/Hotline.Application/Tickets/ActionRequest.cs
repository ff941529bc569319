namespace Hotline.Application.Tickets;

/// <summary>
/// What a client sends with an action besides its body: the idempotency key that makes a retry replay the first
/// result, the ticket revision it saw (a stale revision is refused as a conflict), and a hash of the request (method,
/// path and body) that tells a retry from a different request reusing the key. The HTTP API reads them from the
/// <c>Idempotency-Key</c> and <c>If-Match</c> headers (<c>ActionRequest.From</c> in the server); the workbench passes
/// them directly (its keys are never reused).
/// </summary>
public sealed record ActionRequest(string IdempotencyKey, int? ExpectedRevision = null, string? RequestHash = null)
{
    public const string IdempotencyHeader = "Idempotency-Key";
}
