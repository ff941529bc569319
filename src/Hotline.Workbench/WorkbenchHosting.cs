using Hotline.Workbench.Layout;
using Hotline.Workbench.Live;
using Hotline.Workbench.SignIn;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;

namespace Hotline.Workbench;

/// <summary>
/// Wires the workbench (工作台) into a host: Blazor Server components with MudBlazor and the circuit's user. The pages
/// call the application layer (<c>Hotline.Application</c>), which the host registers.
/// </summary>
public static class WorkbenchHosting
{
    /// <summary>
    /// Largest message a circuit takes from the browser. SignalR's 32 KB default is about 10,000 Chinese characters, so a
    /// long paste silently dropped the connection; this takes several fields far past the 4,000-character limit, which
    /// the forms then refuse with a message (a paste past this still drops the circuit, and the reconnect banner shows).
    /// </summary>
    public const long MaxMessageBytes = 1024 * 1024;

    public static IServiceCollection AddWorkbench(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = MaxMessageBytes);
        services.AddCascadingAuthenticationState();
        services.AddMudServices();
        // MudBlazor's own words in zh-CN, whatever the server's culture (IgnoreDefaultEnglish: also under an English one).
        services.AddTransient<MudLocalizer, ChineseMudLocalizer>();
        services.AddLocalizationInterceptor(sp => new DefaultLocalizationInterceptor(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<MudLocalizer>())
        {
            IgnoreDefaultEnglish = true,
        });
        services.AddScoped<WorkbenchUser>();
        services.AddScoped<LiveQueues>();
        return services;
    }

    /// <summary>The pages at <c>/</c> (sign-in at <c>/sign-in</c>), their static files and the Blazor hub.</summary>
    public static WebApplication MapWorkbench(this WebApplication app)
    {
        app.UseAntiforgery();
        // A circuit runs in the culture of its /_blazor request: zh-CN for the workbench, whatever the browser asks, so
        // MudBlazor's date pickers name months and weekdays in Chinese. The APIs keep the server's culture.
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/elsa")
                && !context.Request.Path.StartsWithSegments("/studio"),
            workbench => workbench.UseRequestLocalization(options =>
            {
                options.SetDefaultCulture("zh-CN").AddSupportedCultures("zh-CN").AddSupportedUICultures("zh-CN");
                options.RequestCultureProviders.Clear();
            }));
        // Scripts, styles and fonts hold no data; the sign-in page needs them before anyone has signed in.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
