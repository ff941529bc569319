using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Hotline.Server.Access;

/// <summary>
/// Running behind a TLS-terminating proxy (section <c>Hotline:Tls</c>): the proxy's <c>X-Forwarded-For</c> and
/// <c>X-Forwarded-Proto</c> are believed only from the configured proxies or networks, so the client address (rate
/// limits, logs) and the HTTPS scheme (Secure cookies, HSTS) are the real ones. HSTS is sent on HTTPS answers outside
/// Development.
/// </summary>
public static class TlsProxy
{
    public const string Section = "Hotline:Tls";
    public const string SecureCookiesKey = Section + ":SecureCookies";

    public static WebApplicationBuilder AddTlsProxy(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(Section);
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in section.GetSection("KnownProxies").Get<string[]>() ?? [])
                o.KnownProxies.Add(IPAddress.Parse(proxy));
            foreach (var network in section.GetSection("KnownNetworks").Get<string[]>() ?? [])
                o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = section.GetValue<TimeSpan?>("HstsMaxAge") ?? TimeSpan.FromDays(365);
            o.IncludeSubDomains = section.GetValue<bool>("HstsIncludeSubDomains");
        });
        return builder;
    }

    /// <summary>First in the pipeline: everything after it sees the client's address and scheme.</summary>
    public static WebApplication UseTlsProxy(this WebApplication app)
    {
        if (app.Configuration.GetSection(Section).GetValue<bool>("BehindProxy"))
            app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
            app.UseHsts();
        return app;
    }
}
