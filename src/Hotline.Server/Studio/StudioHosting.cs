using System.Net.Mime;
using Hotline.Server.ElsaApi;

namespace Hotline.Server.Studio;

/// <summary>Wires Elsa Studio (流程设计器) into the host: package files and host pages under <c>/studio</c>.</summary>
public static class StudioHosting
{
    public static IServiceCollection AddElsaStudio(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<StudioOptions>(configuration.GetSection(StudioOptions.SectionName));
        services.AddSingleton<StudioPackageFiles>();
        return services;
    }

    public static WebApplication MapElsaStudio(this WebApplication app)
    {
        var package = app.Services.GetRequiredService<StudioPackageFiles>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StudioHosting));

        // The pages are open: a caller who is not signed in gets Studio's sign-in form (401), never data; the data
        // comes from /elsa/api, which needs sign-in.
        app.MapGet("/studio", () => Results.Redirect("/studio/workflows/definitions")).ExcludeFromDescription().AllowAnonymous();
        // Studio renders absolute links to these paths (viewer → editor); send them to the host pages.
        app.MapGet("/workflows/definitions/{definitionId}/edit", (string definitionId) =>
            Results.Redirect($"/studio/workflows/definitions/{Uri.EscapeDataString(definitionId)}/edit")).ExcludeFromDescription().AllowAnonymous();
        app.MapGet("/workflows/instances/{instanceId}/view", (string instanceId) =>
            Results.Redirect($"/studio/workflows/instances/{Uri.EscapeDataString(instanceId)}/view")).ExcludeFromDescription().AllowAnonymous();

        if (!package.IsAvailable)
        {
            logger.LogWarning("Elsa Studio files not found (looked in {Paths}); /studio answers 503. Run `npm ci` in src/Hotline.Server/StudioPackage.",
                string.Join(", ", package.SearchedPaths));
            app.MapGet("/studio/{**path}", () => Results.Content(MissingPackagePage.Html, MediaTypeNames.Text.Html, statusCode: StatusCodes.Status503ServiceUnavailable))
                .ExcludeFromDescription().AllowAnonymous();
            return app;
        }

        var studio = app.MapGroup("/studio/workflows").ExcludeFromDescription().AllowAnonymous();
        studio.MapGet("/definitions", (HttpContext http) => HostPage(http, StudioScreen.DefinitionList, null));
        studio.MapGet("/definitions/{definitionId}/edit", (HttpContext http, string definitionId) => HostPage(http, StudioScreen.DefinitionEditor, definitionId));
        studio.MapGet("/instances", (HttpContext http) => HostPage(http, StudioScreen.InstanceList, null));
        studio.MapGet("/instances/{instanceId}/view", (HttpContext http, string instanceId) => HostPage(http, StudioScreen.InstanceViewer, instanceId));
        // Studio fetches appsettings.json at boot but ignores it in custom-element mode; the package's own copy names
        // a foreign backend URL, so answer an empty object instead.
        app.MapGet("/studio/appsettings.json", () => Results.Content("{}", MediaTypeNames.Application.Json)).ExcludeFromDescription().AllowAnonymous();

        app.UseMiddleware<PrecompressedStudioFiles>(package);
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/studio",
            FileProvider = package.FileProvider,
            ContentTypeProvider = StudioContentTypes.Create(),
            OnPrepareResponse = file => PrecompressedStudioFiles.ApplyEncoding(file, package.Fingerprints),
        });
        return app;
    }

    private static IResult HostPage(HttpContext http, StudioScreen screen, string? id)
    {
        if (!StudioCaller.From(http).IsSignedIn)
        {
            return Results.Content(StudioSignInPage.Html, MediaTypeNames.Text.Html, statusCode: StatusCodes.Status401Unauthorized);
        }

        var request = http.Request;
        var remoteEndpoint = $"{request.Scheme}://{request.Host}{request.PathBase}{ElsaApiEndpoints.BasePath}";
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(StudioHostPage.Render(screen, id, remoteEndpoint), MediaTypeNames.Text.Html);
    }

    /// <summary>What <c>/studio</c> shows when the build could not restore Studio's files.</summary>
    private static class MissingPackagePage
    {
        public const string Html = """
            <!DOCTYPE html>
            <html lang="zh-CN"><head><meta charset="utf-8"/><title>Elsa Studio is not installed · 流程设计器未安装</title>
            <style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:3rem auto;line-height:1.5}code{background:#f3f4f6;padding:0 .25rem}</style>
            </head><body>
            <h1>Elsa Studio is not installed · 流程设计器未安装</h1>
            <p>The workflow designer's files (npm package <code>@elsa-workflows/elsa-studio-wasm</code>) were not found on this server.
            The build restores them with <code>npm ci</code>, which needs Node.js and access to the npm registry; that step failed or was skipped.</p>
            <p>To fix it, run <code>npm ci</code> in <code>src/Hotline.Server/StudioPackage</code> and restart the server, or set
            <code>Studio:PackagePath</code> to a folder holding the unpacked package.</p>
            <p>Everything else (the ticket API, <code>/elsa/api</code>, timers) works without Studio.</p>
            </body></html>
            """;
    }
}
