using System.Security.Claims;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hotline.Server.Access;

/// <summary>Wires sign-in, authorization and the access endpoints into the host.</summary>
public static class AccessHostingExtensions
{
    /// <summary>
    /// Cookie, bearer-token and API-key authentication behind one default scheme, server-side sessions behind the
    /// cookies and tokens, the authorization policies (<see cref="HotlinePolicies"/>, closed by default), sign-in
    /// rate limits, the key ring (<see cref="KeyRing"/>), the TLS proxy settings, <see cref="CurrentUser"/> per
    /// request, password hashing and, in Development, the demo users. Users, sessions, keys and audit records live
    /// in <see cref="HotlineDbContext"/>, which the persistence wiring registers.
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
        // Resolved on every request by the session check: built directly, not by ActivatorUtilities' reflection.
        services.AddScoped(sp => new SignInSessions(sp.GetRequiredService<HotlineDbContext>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<SignInSessions>>()));
        SignInLimits.AddTo(services);
        builder.AddKeyRing();
        builder.AddTlsProxy();
        services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User));
        services.AddScoped(sp => new PersonalDataDisclosure(sp.GetRequiredService<HotlineDbContext>(), sp.GetRequiredService<TimeProvider>()));

        services.AddAuthentication(AccessSchemes.Default)
            .AddPolicyScheme(AccessSchemes.Default, "Cookie, bearer token or API key", o => o.ForwardDefaultSelector = SelectScheme)
            .AddCookie(AccessSchemes.Cookie, o =>
            {
                o.Cookie.Name = "hotline.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                // Behind a TLS proxy the forwarded scheme makes the request HTTPS, so the cookie is Secure.
                o.Cookie.SecurePolicy = builder.Configuration.GetValue<bool>(TlsProxy.SecureCookiesKey) ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = options.CookieLifetime;
                o.SlidingExpiration = true;
                // An API answers 401/403; there is no login page to redirect to.
                o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
            })
            .AddBearerToken(AccessSchemes.Bearer, o =>
            {
                o.BearerTokenExpiration = options.BearerTokenLifetime;
                o.RefreshTokenExpiration = options.RefreshTokenLifetime;
            })
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(AccessSchemes.ApiKey, null);
        // After the framework's own configuration has set the access-token format: the node remembers what it read.
        services.AddOptions<BearerTokenOptions>(AccessSchemes.Bearer)
            .PostConfigure<TimeProvider>((o, clock) => o.BearerTokenProtector = new RememberedBearerTokens(o.BearerTokenProtector, clock));
        services.AddAuthorizationBuilder().AddHotlinePolicies();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AccessRefusals>();

        if (builder.Environment.IsDevelopment() && options.SeedDemoUsers)
            services.AddHostedService<DemoAccessSeeder>();
        return builder;
    }

    /// <summary>
    /// Authentication and the session check: from here on <c>HttpContext.User</c> is the caller, or no one. Call
    /// <see cref="TlsProxy.UseTlsProxy"/> first, <see cref="MapHotlineAccess"/> after (the request log context
    /// goes between, so it sees refused requests too).
    /// </summary>
    public static WebApplication UseHotlineAuthentication(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(CheckSessionAsync);
        return app;
    }

    /// <summary>The sign-in rate limits and authorization, then <c>/api/auth/*</c>, <c>/api/access/*</c> and <c>/api/calendar/days</c>.</summary>
    public static WebApplication MapHotlineAccess(this WebApplication app)
    {
        app.UseRateLimiter();
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
    /// Every request's cookie or bearer token is checked against its session and user row (<see cref="SignInSessions"/>):
    /// one that has ended — logout, a reused refresh token, a disabled user, changed roles or password — is treated
    /// as no sign-in at all, at once and on every node. API keys are checked by their own handler on every request.
    /// </summary>
    private static async Task CheckSessionAsync(HttpContext context, RequestDelegate next)
    {
        var identity = context.User.Identity;
        if (identity is { IsAuthenticated: true, AuthenticationType: AccessSchemes.Cookie or AccessSchemes.Bearer })
        {
            var current = await context.RequestServices.GetRequiredService<SignInSessions>().CheckAsync(context.User, context.RequestAborted);
            if (current is null)
            {
                if (identity.AuthenticationType == AccessSchemes.Cookie)
                    await context.SignOutAsync(AccessSchemes.Cookie);
                context.User = new ClaimsPrincipal(new ClaimsIdentity());
            }
            else if (current.Tenant is { } tenant)
            {
                context.RequestServices.GetRequiredService<SignedInTenant>().Read(tenant);
            }
        }

        await next(context);
    }
}
