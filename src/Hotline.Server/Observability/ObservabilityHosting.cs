using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Hotline.Server.Observability;

/// <summary>
/// Metrics and request log context for the host: OpenTelemetry over the <c>Hotline</c> meter and ASP.NET Core's own
/// meters, scraped at <c>/metrics</c> (Prometheus) and, when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, pushed over OTLP.
/// </summary>
public static class ObservabilityHosting
{
    public static WebApplicationBuilder AddHotlineObservability(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MetricsOptions>().BindConfiguration(MetricsOptions.Section);
        services.AddSingleton<DatabaseGauges>();
        services.AddSingleton<HotlineMetrics>();
        var options = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        // Only this host's meters. The SDK listens to every meter of a name in the process: a Meter of another host's
        // factory (the tests run many hosts) would share this host's stream of the same name and, when that host stops,
        // switch it off for good. Meters of no factory (System.Runtime) are the process's and stay.
        services.ConfigureOpenTelemetryMeterProvider((provider, metrics) =>
        {
            var own = provider.GetRequiredService<IMeterFactory>();
            metrics.AddView(instrument =>
                instrument.Meter.Scope is IMeterFactory factory && factory != own ? MetricStreamConfiguration.Drop : null);
        });
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            // System.Runtime: the process's CPU time and GC, which the benchmark divides by the actions.
            metrics.AddMeter(HotlineMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime");
            if (options.Prometheus)
            {
                metrics.AddPrometheusExporter();
            }

            if (otlp)
            {
                metrics.AddOtlpExporter();
            }
        });
        return builder;
    }

    /// <summary>
    /// <c>/metrics</c> for connections on the management port only (<see cref="MetricsOptions.Port"/>). A branch of the
    /// pipeline before authorization, not an endpoint: on the public port the path does not exist.
    /// </summary>
    public static WebApplication UseMetricsPort(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<MetricsOptions>>().Value;
        if (options.Prometheus && options.Port is { } port)
        {
            app.UseOpenTelemetryPrometheusScrapingEndpoint(
                context => context.Connection.LocalPort == port && context.Request.Path == "/metrics");
        }

        return app;
    }

    /// <summary>The request log context and the ticket-action counter: after authentication (<c>UseHotlineAuthentication</c>), before authorization.</summary>
    public static WebApplication MapHotlineObservability(this WebApplication app)
    {
        app.UseRequestLogContext();
        // Resolves the metrics now, so its gauges exist before the first ticket action.
        app.UseTicketActionMetrics();
        return app;
    }
}
