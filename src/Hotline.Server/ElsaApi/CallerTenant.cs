using Hotline.Workflows.Persistence;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// Every <c>/elsa/api</c> request works in its caller's tenant: the engine's store sees only that tenant's definitions,
/// instances and bookmarks, and what the request saves or starts belongs to it. Another tenant's definition or instance
/// is therefore not found (404), so its existence does not leak.
/// </summary>
internal static class CallerTenant
{
    public static async ValueTask<object?> Enter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var db = context.HttpContext.RequestServices.GetRequiredService<WorkflowDbContext>();
        using var tenant = db.EnterTenant(StudioCaller.From(context.HttpContext).TenantId);
        return await next(context);
    }
}
