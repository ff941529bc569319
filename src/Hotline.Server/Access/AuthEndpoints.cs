using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Access;

/// <summary>Sign-in for browsers (cookie) and systems (bearer token): <c>/api/auth/*</c>.</summary>
internal static class AuthEndpoints
{
    public static void MapAuthEndpoints(this IEndpointRouteBuilder routes)
    {
        var auth = routes.MapGroup("/api/auth").WithTags("Sign-in");

        auth.MapPost("/login", async Task<Results<Ok<Me>, ValidationProblem, ProblemHttpResult>> (
            SignInRequest request, [FromServices] AccountSignIn signIn, [FromServices] SignInSessions sessions, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (request.Invalid() is { } invalid)
                return invalid;
            var user = await signIn.CheckAsync(request.Tenant!, request.UserName!, request.Password!, cancellationToken);
            if (user is null)
                return SignInFailed();
            var principal = SignInSessions.PrincipalFor(user, AccessSchemes.Cookie, await sessions.OpenAsync(user, SessionKind.Cookie, cancellationToken));
            await http.SignInAsync(AccessSchemes.Cookie, principal);
            return TypedResults.Ok(Me.From(CurrentUser.From(principal), user.DisplayName));
        }).AllowAnonymous().RequireSignInLimits().WithSummary("Sign in with tenant, user name and password; sets the session cookie.");

        // Open: it ends whatever session the request carries (cookie or token family), and a caller whose session
        // already ended can still clear its cookie.
        auth.MapPost("/logout", async (HttpContext http, [FromServices] SignInSessions sessions, CancellationToken cancellationToken) =>
        {
            await sessions.EndAsync(http.User, "logout", cancellationToken);
            await http.SignOutAsync(AccessSchemes.Cookie);
            return TypedResults.NoContent();
        }).AllowAnonymous().WithSummary("End the session: the cookie's, or the bearer token's family.");

        auth.MapGet("/me", async ([FromServices] CurrentUser user, [FromServices] HotlineDbContext db, CancellationToken cancellationToken) =>
                TypedResults.Ok(Me.From(user, await Me.DisplayNameAsync(user, db, cancellationToken))))
            .RequireAuthorization(HotlinePolicies.SignedIn)
            .WithSummary("Who is signed in: tenant, user, unit and roles.");

        auth.MapPost("/token", async Task<Results<Ok<AccessTokens>, ValidationProblem, ProblemHttpResult>> (
            SignInRequest request, [FromServices] AccountSignIn signIn, [FromServices] BearerTokens tokens, CancellationToken cancellationToken) =>
        {
            if (request.Invalid() is { } invalid)
                return invalid;
            var user = await signIn.CheckAsync(request.Tenant!, request.UserName!, request.Password!, cancellationToken);
            return user is null ? SignInFailed() : TypedResults.Ok(await tokens.IssueAsync(user, cancellationToken));
        }).AllowAnonymous().RequireSignInLimits().WithSummary("Exchange tenant, user name and password for a bearer token and a refresh token.");

        auth.MapPost("/refresh", async Task<Results<Ok<AccessTokens>, ProblemHttpResult>> (
            RefreshRequest request, [FromServices] BearerTokens tokens, CancellationToken cancellationToken) =>
            await tokens.RefreshAsync(request.RefreshToken ?? "", cancellationToken) is { } fresh
                ? TypedResults.Ok(fresh)
                : TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Refresh refused",
                    detail: "The refresh token is invalid, expired or already used, or the account has changed. Sign in again."))
            .AllowAnonymous().RequireSignInLimits().WithSummary("Exchange a refresh token for new tokens.");
    }

    /// <summary>One answer for every failure, so a caller cannot learn which part was wrong.</summary>
    internal static ProblemHttpResult SignInFailed() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed",
        detail: "The tenant, user name or password is not right, or the account is locked for a while.");
}

/// <summary>A sign-in: the tenant (e.g. <c>hsb</c>), user name and password.</summary>
public sealed record SignInRequest(string? Tenant, string? UserName, string? Password)
{
    internal ValidationProblem? Invalid()
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(Tenant))
            errors["tenant"] = ["The tenant is required."];
        if (string.IsNullOrWhiteSpace(UserName))
            errors["userName"] = ["The user name is required."];
        if (string.IsNullOrEmpty(Password))
            errors["password"] = ["The password is required."];
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors, title: "Sign-in request incomplete");
    }
}

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>The signed-in user as the workbench and Studio host page see it.</summary>
public sealed record Me(string TenantId, string UserId, string UserName, string? DisplayName, string? UnitCode, IReadOnlyList<string> Roles, bool IsSystem)
{
    public static Me From(CurrentUser user, string? displayName) =>
        new(user.TenantId, user.UserId, user.UserName, displayName, user.UnitCode,
            user.Roles.Order().Select(r => r.Name()).ToArray(), user.ApiKeyId is not null);

    /// <summary>A person's display name from their user row, as sign-in gives it; a system is shown by its API key's name.</summary>
    internal static async Task<string?> DisplayNameAsync(CurrentUser user, HotlineDbContext db, CancellationToken cancellationToken) =>
        user.ApiKeyId is not null
            ? user.UserName
            : await db.Set<User>().Where(u => u.TenantId == user.TenantId && u.Id == user.UserId).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
}
