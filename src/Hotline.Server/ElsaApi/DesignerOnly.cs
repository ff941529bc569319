namespace Hotline.Server.ElsaApi;

/// <summary>Guards the routes that change definitions or run workflows: only process owners and administrators.</summary>
internal static class DesignerOnly
{
    public static ValueTask<object?> Check(EndpointFilterInvocationContext context, EndpointFilterDelegate next) =>
        StudioCaller.From(context.HttpContext).CanDesign
            ? next(context)
            : ValueTask.FromResult<object?>(ElsaProblems.Forbidden("Only process owners may change or run workflows; you have read-only access. 仅流程管理员可修改或运行流程。"));
}
