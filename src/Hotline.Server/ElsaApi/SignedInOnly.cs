namespace Hotline.Server.ElsaApi;

/// <summary>
/// Guards the routes that show tenant data (instances, journals, activity executions): a caller who has not signed
/// in sees none of it. A caller without a tenant would otherwise see every tenant's instances.
/// </summary>
internal static class SignedInOnly
{
    public static ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        StudioCaller.From(context.HttpContext).IsSignedIn
            ? next(context)
            : ValueTask.FromResult<object?>(Results.Problem(
                title: "Sign in to see workflow instances. 请先登录。",
                statusCode: StatusCodes.Status401Unauthorized,
                extensions: new Dictionary<string, object?> { ["errors"] = new[] { "Sign in to see workflow instances." } }));
}
