using Hotline.Workbench.Layout;
using Hotline.Workbench.Live;
using Hotline.Workbench.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Hotline.Workbench;

/// <summary>
/// Wires the workbench (工作台) into a host: Blazor Server components with MudBlazor and the circuit's user. The pages
/// call the application layer (<c>Hotline.Application</c>), which the host registers.
/// </summary>
public static class WorkbenchHosting
{
    public static IServiceCollection AddWorkbench(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        services.AddScoped<WorkbenchUser>();
        services.AddScoped<LiveQueues>();
        return services;
    }

    /// <summary>The pages at <c>/</c> (sign-in at <c>/sign-in</c>), their static files and the Blazor hub.</summary>
    public static WebApplication MapWorkbench(this WebApplication app)
    {
        app.UseAntiforgery();
        // Scripts, styles and fonts hold no data; the sign-in page needs them before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
