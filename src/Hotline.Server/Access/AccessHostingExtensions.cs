using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>Wires sign-in, authorization and the access endpoints into the host.</summary>
public static class AccessHostingExtensions
{
    private const string CheckedAtItem = "hotline:checked-at";

    /// <summary>
    /// Cookie, bearer-token and API-key authentication behind one default scheme, a policy per
    /// role and per action, <see cref="CurrentUser"/> per request, password hashing and, in
    /// Development, the demo users. Users, keys and audit records live in <see cref="HotlineDbContext"/>,
    /// which the persistence wiring registers.
    /// </summary>
    public static WebApplicationBuilder AddHotlineAccess(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AccessOptions>().BindConfiguration(AccessOptions.Section);
        var options = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();

        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.TryAddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        // Factories, so the host validates and starts before the persistence wiring registers HotlineDbContext.
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<AccountSignIn>(sp));
        services.AddScoped(sp => ActivatorUtilities.CreateInstance<BearerTokens>(sp));
        services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User));
        services.AddScoped(sp => new PersonalDataDisclosure(sp.GetRequiredService<HotlineDbContext>(), sp.GetRequiredService<TimeProvider>()));

        // Cookies and tokens are data-protection tickets: every node must share the key ring.
        services.AddDataProtection().SetApplicationName("Hotline.Elsa");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DatabaseKeyRepository(sp.GetRequiredService<IServiceScopeFactory>())));

        services.AddAuthentication(AccessSchemes.Default)
            .AddPolicyScheme(AccessSchemes.Default, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(AccessSchemes.Cookie, o =>
            {
                o.Cookie.Name = "hotline.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.CookieLifetime;
                o.SlidingExpiration = true;
                // An API answers 401/403; there is no login page to redirect to.
                o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = RecheckSession;
            })
            .AddBearerToken(AccessSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = options.BearerTokenLifetime;
                o.RefreshTokenExpiration = options.RefreshTokenLifetime;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessSchemes.ApiKey, null);
        services.AddAuthorizationBuilder().AddHotlinePolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessRefusals>();

        if (builder.Environment.IsDevelopment() && options.SeedDemoUsers)
            services.AddHostedService<DemoAccessSeeder>();
        return builder;
    }

    /// <summary>Authentication and authorization middleware, then <c>/api/auth/*</c>, <c>/api/access/*</c> and <c>/api/calendar/days</c>.</summary>
    public static WebApplication MapHotlineAccess(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapAuthEndpoints();
        app.MapAccessAdminEndpoints();
        return app;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (ApiKeyAuthenticationHandler.Carries(context.Request))
            return AccessSchemes.ApiKey;
        return context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? AccessSchemes.Bearer
            : AccessSchemes.Cookie;
    }

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>
    /// Every few minutes a session is checked against its user row: a disabled user, a new
    /// password or changed roles end it (the security stamp changed).
    /// </summary>
    private static async Task RecheckSession(CookieValidatePrincipalContext context)
    {
        var services = context.HttpContext.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var interval = services.GetRequiredService<IOptions<AccessOptions>>().Value.SessionRecheckInterval;
        var checkedAt = context.Properties.Items.TryGetValue(CheckedAtItem, out var text) && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var at)
            ? at
            : context.Properties.IssuedUtc ?? DateTimeOffset.MinValue;
        if (now - checkedAt < interval)
            return;

        var user = await services.GetRequiredService<AccountSignIn>().StillValidAsync(context.Principal!, context.HttpContext.RequestAborted);
        if (user is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccessSchemes.Cookie);
            return;
        }
        context.Properties.Items[CheckedAtItem] = now.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        context.ShouldRenew = true;
    }
}
