using Hotline.Server.Access;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.ElsaApi.Identity;

/// <summary>
/// Elsa's token login (登录) for tools that speak it (contract §4.8): <c>POST /identity/login</c> with
/// <c>{username: "user@tenant", password}</c> and <c>POST /identity/refresh-token</c> with the refresh token as bearer.
/// Both always answer 200, with <c>isAuthenticated:false</c> on failure, as Elsa does. The work is the access module's.
/// </summary>
internal static class IdentityEndpoints
{
    public static void MapIdentity(this IEndpointRouteBuilder api)
    {
        api.MapPost("/identity/login", (HttpContext http, CancellationToken cancellationToken) =>
            ElsaApiJson.WithBodyAsync<ElsaLoginRequest>(http.Request, async request => ElsaApiJson.Ok(await ElsaIdentityLogin.LoginAsync(
                request, http.RequestServices.GetRequiredService<AccountSignIn>(), http.RequestServices.GetRequiredService<BearerTokens>(), cancellationToken)), cancellationToken))
            .AllowAnonymous().RequireSignInLimits();
        api.MapPost("/identity/refresh-token", async (HttpContext http, [FromServices] BearerTokens tokens, CancellationToken cancellationToken) =>
            ElsaApiJson.Ok(await ElsaIdentityLogin.RefreshAsync(http.Request.Headers.Authorization.ToString(), tokens, cancellationToken)))
            .AllowAnonymous().RequireSignInLimits();
    }
}
