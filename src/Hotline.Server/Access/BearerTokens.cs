using System.Text.Json.Serialization;
using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Issues and refreshes bearer tokens for systems and Studio. Tokens are ASP.NET Core
/// data-protection tickets, the format the <see cref="AccessSchemes.Bearer"/> handler reads: no
/// signing key to manage, and they share the key ring with the cookies. A refresh re-reads the
/// user, so a disabled user or a changed password ends token access at the next refresh.
/// </summary>
public sealed class BearerTokens(IOptionsMonitor<BearerTokenOptions> options, TimeProvider clock, AccountSignIn signIn)
{
    private BearerTokenOptions Options => options.Get(AccessSchemes.Bearer);

    public AccessTokens Issue(User user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = clock.GetUtcNow();
        var principal = AccountSignIn.PrincipalFor(user, AccessSchemes.Bearer);
        var access = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + Options.BearerTokenExpiration }, $"{AccessSchemes.Bearer}:AccessToken");
        var refresh = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = now, ExpiresUtc = now + Options.RefreshTokenExpiration }, $"{AccessSchemes.Bearer}:RefreshToken");
        return new AccessTokens(
            "Bearer",
            Options.BearerTokenProtector.Protect(access),
            (long)Options.BearerTokenExpiration.TotalSeconds,
            Options.RefreshTokenProtector.Protect(refresh));
    }

    /// <summary>New tokens for a valid, unexpired refresh token whose user is still enabled and unchanged; otherwise null.</summary>
    public async Task<AccessTokens?> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        var ticket = string.IsNullOrEmpty(refreshToken) ? null : Options.RefreshTokenProtector.Unprotect(refreshToken);
        if (ticket?.Properties.ExpiresUtc is not { } expires || clock.GetUtcNow() >= expires)
            return null;
        var user = await signIn.StillValidAsync(ticket.Principal, cancellationToken);
        return user is null ? null : Issue(user);
    }
}

/// <summary>The token answer, in the shape of ASP.NET Core Identity's <c>AccessTokenResponse</c>.</summary>
public sealed record AccessTokens(
    [property: JsonPropertyName("tokenType")] string TokenType,
    [property: JsonPropertyName("accessToken")] string AccessToken,
    [property: JsonPropertyName("expiresIn")] long ExpiresIn,
    [property: JsonPropertyName("refreshToken")] string RefreshToken);
