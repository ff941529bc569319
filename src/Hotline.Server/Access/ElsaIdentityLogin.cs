namespace Hotline.Server.Access;

/// <summary>
/// Elsa's identity login for tools that speak it (<c>POST /elsa/api/identity/login</c>,
/// <c>POST /elsa/api/identity/refresh-token</c>; studio-contract §4.8). Elsa has no tenant field,
/// so the user name is written <c>user@tenant</c> (e.g. <c>process-owner@hsb</c>). Elsa always
/// answers 200 and says <c>isAuthenticated: false</c> on failure; the Elsa API maps these methods.
/// </summary>
public static class ElsaIdentityLogin
{
    public static async Task<ElsaLoginResponse> LoginAsync(
        ElsaLoginRequest request, AccountSignIn signIn, BearerTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(signIn);
        ArgumentNullException.ThrowIfNull(tokens);
        var at = request.Username?.LastIndexOf('@') ?? -1;
        if (at <= 0 || at == request.Username!.Length - 1 || string.IsNullOrEmpty(request.Password))
            return ElsaLoginResponse.Failed;
        var user = await signIn.CheckAsync(request.Username[(at + 1)..], request.Username[..at], request.Password, cancellationToken);
        return user is null ? ElsaLoginResponse.Failed : ElsaLoginResponse.From(await tokens.IssueAsync(user, cancellationToken));
    }

    /// <summary>Elsa sends the refresh token as <c>Authorization: Bearer &lt;refresh token&gt;</c>.</summary>
    public static async Task<ElsaLoginResponse> RefreshAsync(string? authorizationHeader, BearerTokens tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        const string prefix = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            return ElsaLoginResponse.Failed;
        var fresh = await tokens.RefreshAsync(authorizationHeader[prefix.Length..].Trim(), cancellationToken);
        return fresh is null ? ElsaLoginResponse.Failed : ElsaLoginResponse.From(fresh);
    }
}

public sealed record ElsaLoginRequest(string? Username, string? Password);

/// <summary>Elsa's login answer: <c>{ isAuthenticated, accessToken, refreshToken }</c>.</summary>
public sealed record ElsaLoginResponse(bool IsAuthenticated, string? AccessToken, string? RefreshToken)
{
    public static ElsaLoginResponse Failed { get; } = new(false, null, null);

    public static ElsaLoginResponse From(AccessTokens tokens) => new(true, tokens.AccessToken, tokens.RefreshToken);
}
