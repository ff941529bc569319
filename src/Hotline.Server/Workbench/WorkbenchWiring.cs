using Hotline.Workbench;

namespace Hotline.Server.Workbench;

/// <summary>
/// The workbench (工作台, <c>src/Hotline.Workbench</c>) in this host: its pages at <c>/</c> and the auditor's exports
/// under <c>/api/exports</c>.
/// </summary>
public static class WorkbenchWiring
{
    public static IServiceCollection AddHotlineWorkbench(this IServiceCollection services)
    {
        services.AddWorkbench();
        return services;
    }

    /// <summary>Call after <c>MapHotlineAccess</c>: the pages need the signed-in user.</summary>
    public static WebApplication MapHotlineWorkbench(this WebApplication app)
    {
        app.MapWorkbench();
        app.MapTicketExports();
        return app;
    }
}
