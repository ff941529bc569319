using Serilog;
using Serilog.Formatting.Compact;

namespace Hotline.Server.Hosting;

/// <summary>
/// Serilog for the host: readable console lines, and a rolling JSON file that log shippers can read.
/// Request properties (tenant, ticket number, instance id) are pushed by the endpoints into the log context.
/// </summary>
public static class HostLogging
{
    public static WebApplicationBuilder AddHostLogging(this WebApplicationBuilder builder)
    {
        var logDirectory = builder.Configuration["Hotline:Logs:Directory"]
            ?? Path.Combine(builder.Environment.ContentRootPath, "logs");

        builder.Services.AddSerilog((services, configuration) => configuration
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .WriteTo.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture)
            .WriteTo.File(
                new CompactJsonFormatter(),
                Path.Combine(logDirectory, "hotline-.json"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 31));
        return builder;
    }
}
