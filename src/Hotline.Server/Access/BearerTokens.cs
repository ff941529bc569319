using System.Security.Claims;
using System.Text.Json.Serialization;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Issues and refreshes bearer tokens for systems and Studio. Tokens are ASP.NET Core data-protection tickets, the
/// format the <see cref="AccessSchemes.Bearer"/> handler reads: no signing key to manage, and they share the key ring
/// with the cookies. Each sign-in opens a token family (<see cref="SignInSessions"/>): a refresh rotates it, so the
/// used refresh token and the old access token stop working, and a used refresh token presented again ends the family.
/// </summary>
public sealed class BearerTokens(IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock, SignInSessions sessions, SignInLimits limits)
{
    private BearerTokenOptions Options => options.Get(AccessSchemes.Bearer);

    public async Task<AccessTokens> IssueAsync(User user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        return Tokens(user, await sessions.OpenAsync(user, SessionKind.Token, cancellationToken));
    }

    /// <summary>
    /// New tokens for the family's current, unexpired refresh token whose user is still enabled and unchanged; otherwise
    /// null. A refresh takes an attempt from its account's sign-in limit, as a password sign-in does, so a stolen
    /// refresh token cannot be replayed from many addresses faster than the account may sign in.
    /// </summary>
    public async Task<AccessTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var ticket = string.IsNullOrEmpty(refreshToken) ? null : Options.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
            return null;
        limits.TakeAccountAttempt(ticket.Principal.FindFirstValue(HotlineClaims.TenantId) ?? "", ticket.Principal.Identity?.Name ?? "");
        return await sessions.RenewAsync(ticket.Principal, cancellationToken) is { } renewed ? Tokens(renewed.User, renewed.Session) : null;
    }

    private AccessTokens Tokens(User user, UserSession session)
    {
        var now = clock.GetUtcNow();
        var principal = SignInSessions.PrincipalFor(user, AccessSchemes.Bearer, session);
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + Options.BearerTokenExpiration }, $"{AccessSchemes.Bearer}:AccessToken");
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + Options.RefreshTokenExpiration }, $"{AccessSchemes.Bearer}:RefreshToken");
        return new AccessTokens(
            "Bearer",
            Options.BearerTokenProtector.Protect(access),
            (long)Options.BearerTokenExpiration.TotalSeconds,
            Options.RefreshTokenProtector.Protect(refresh));
    }
}

/// <summary>The token answer, in the shape of ASP.NET Core Identity's <c>AccessTokenResponse</c>.</summary>
public sealed record AccessTokens(
    [property: JsonPropertyName("tokenType")] string TokenType,
    [property: JsonPropertyName("accessToken")] string AccessToken,
    [property: JsonPropertyName("expiresIn")] long ExpiresIn,
    [property: JsonPropertyName("refreshToken")] string RefreshToken);
