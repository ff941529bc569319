using Hotline.Server.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Observability;

/// <summary>
/// The host with the management port set (<c>Hotline:Metrics:Port</c>) and ticket actions profiled
/// (<c>Hotline:Metrics:ActionProfile</c>). The test server has no ports, so a request
/// made by <see cref="OnManagementPort"/> is marked as arriving on that port, as Kestrel would report it.
/// </summary>
public sealed class ManagementPortHost : HotlineHost
{
    public const int Port = 9464;
    private const string PortHeader = "X-Test-Local-Port";

    public HttpClient OnManagementPort()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(PortHeader, Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Hotline:Metrics:Port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Hotline:Metrics:ActionProfile", "true");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, LocalPortFromHeader>());
    }

    private sealed class LocalPortFromHeader : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (int.TryParse(context.Request.Headers[PortHeader], out var port))
                    context.Connection.LocalPort = port;
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
