using System.Text.Encodings.Web;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Signs a system in by its API key, sent as <c>X-Api-Key: …</c> or, as Elsa Studio does,
/// <c>Authorization: ApiKey …</c>. The key's hash finds the row; a revoked or expired key fails.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string AuthorizationPrefix = "ApiKey ";

    /// <summary>True when the request carries an API key in either place.</summary>
    public static bool Carries(HttpRequest request) => PresentedKey(request) is not null;

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = PresentedKey(Request);
        if (presented is null)
            return AuthenticateResult.NoResult();

        var hash = ApiKey.Hash(presented);
        var db = Context.RequestServices.GetRequiredService<HotlineDbContext>();
        // Before sign-in the key alone says whose it is: every tenant's keys.
        var key = await db.Set<ApiKey>().AsNoTracking().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).SingleOrDefaultAsync(k => k.KeyHash == hash, Context.RequestAborted);
        if (key is null || !key.IsUsableAt(TimeProvider.GetUtcNow()))
            return AuthenticateResult.Fail("The API key is unknown, revoked or expired.");

        var principal = HotlineClaims.CreatePrincipal(Scheme.Name, key.TenantId, $"api-key:{key.Id}", key.Name, key.Roles,
            [new(HotlineClaims.ApiKeyId, key.Id)]);
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "ApiKey";
        return base.HandleChallengeAsync(properties);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers[AccessSchemes.ApiKeyHeader].ToString();
        if (header.Length > 0)
            return header.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith(AuthorizationPrefix, StringComparison.OrdinalIgnoreCase)
            ? authorization[AuthorizationPrefix.Length..].Trim()
            : null;
    }
}
