using Hotline.Server.ElsaApi;
using Hotline.Workbench.SignIn;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Hotline.Server.Access;

/// <summary>
/// How a refused request is answered, per surface: a browser asking for a workbench page is sent to the sign-in
/// page; Elsa Studio gets problem details with the <c>errors</c> member it shows; everything else gets the
/// schemes' 401/403, which the status-code pages turn into problem details.
/// </summary>
internal sealed class AccessRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
            return standard.HandleAsync(next, context, policy, authorizeResult);

        var request = context.Request;
        if (request.Path.StartsWithSegments(ElsaApiEndpoints.BasePath))
        {
            return authorizeResult.Challenged
                ? ElsaProblems.Unauthorized("Sign in to use the workflow API. 请先登录。").ExecuteAsync(context)
                : ElsaProblems.Forbidden("Only process owners may change or run workflows; you have read-only access. 仅流程管理员可修改或运行流程。").ExecuteAsync(context);
        }

        if (authorizeResult.Challenged && IsPageNavigation(context))
        {
            // Absolute, as Blazor's own navigation to the sign-in page was.
            context.Response.Redirect($"{request.Scheme}://{request.Host}{request.PathBase}{SignInRedirect.For(request.Path + request.QueryString)}");
            return Task.CompletedTask;
        }

        if (authorizeResult.Forbidden)
            return ForbiddenAsync(context, policy);
        // The schemes' challenge: 401 with WWW-Authenticate; the status-code pages write the problem.
        return standard.HandleAsync(next, context, policy, authorizeResult);
    }

    /// <summary>The same problem a domain refusal of a role gives (<c>access.denied</c>), naming the roles that may.</summary>
    private static async Task ForbiddenAsync(HttpContext context, AuthorizationPolicy policy)
    {
        var roles = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).Distinct().ToArray();
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status403Forbidden,
                Title = "Not allowed",
                Detail = roles.Length == 0 ? "Your sign-in does not allow this." : $"This is for {string.Join(", ", roles)}; you hold none of these roles.",
                Extensions = { ["code"] = "access.denied" },
            },
        });
    }

    /// <summary>A browser loading a workbench page (a Razor component endpoint): it can follow a redirect to sign in.</summary>
    private static bool IsPageNavigation(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method)
        && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;
}
