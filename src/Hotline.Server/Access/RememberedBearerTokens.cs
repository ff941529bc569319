using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;

namespace Hotline.Server.Access;

/// <summary>
/// The access-token format with the tickets it read lately remembered per node, by token: reading a token (data
/// protection's HMAC key derivation, MAC and decryption) was about 2 % of the server's CPU per ticket action, for the
/// same token on every request of a client. What a remembered token may do is decided as before on every request: the
/// bearer handler checks the ticket's expiry, and the session check (<see cref="SignInSessions.IsCurrentAsync"/>) reads
/// the session and the user, so logout, a refresh, a disabled user or changed roles end it at the next request on every
/// node. A ticket is remembered for <see cref="Lifetime"/> at most and never past its own expiry; only tokens that read
/// back are remembered, and each caller gets its own copy of the principal.
/// </summary>
public sealed class RememberedBearerTokens(ISecureDataFormat<AuthenticationTicket> inner, TimeProvider clock) : ISecureDataFormat<AuthenticationTicket>
{
    /// <summary>
    /// How long a ticket read from a token is reused: short, so that a data-protection key revoked on another node
    /// stops accepting its tokens here soon too.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(2);

    /// <summary>Tokens remembered at most; past it the memory starts over (a node serves far fewer clients at once).</summary>
    public const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, Remembered> tickets = new(StringComparer.Ordinal);

    public string Protect(AuthenticationTicket data) => inner.Protect(data);

    public string Protect(AuthenticationTicket data, string? purpose) => inner.Protect(data, purpose);

    public AuthenticationTicket? Unprotect(string? protectedText) => Unprotect(protectedText, null);

    public AuthenticationTicket? Unprotect(string? protectedText, string? purpose)
    {
        if (string.IsNullOrEmpty(protectedText) || purpose is not null)
        {
            return inner.Unprotect(protectedText, purpose);
        }

        var now = clock.GetUtcNow();
        if (tickets.TryGetValue(protectedText, out var remembered))
        {
            if (now < remembered.Until)
            {
                return Copy(remembered.Ticket);
            }

            tickets.TryRemove(new KeyValuePair<string, Remembered>(protectedText, remembered));
        }

        var ticket = inner.Unprotect(protectedText);
        if (ticket is null)
        {
            return null;
        }

        var until = now + Lifetime;
        if (ticket.Properties.ExpiresUtc is { } expires && expires < until)
        {
            until = expires;
        }

        if (tickets.Count >= Capacity)
        {
            tickets.Clear();
        }

        tickets[protectedText] = new Remembered(Copy(ticket), until);
        return ticket;
    }

    // The handler and later middleware may add to the principal, its identities or the properties; a remembered ticket
    // stays as read. (ClaimsPrincipal.Clone shares the identities.)
    private static AuthenticationTicket Copy(AuthenticationTicket ticket) =>
        new(new ClaimsPrincipal(ticket.Principal.Identities.Select(i => i.Clone())), ticket.Properties.Clone(), ticket.AuthenticationScheme);

    private sealed record Remembered(AuthenticationTicket Ticket, DateTimeOffset Until);
}
