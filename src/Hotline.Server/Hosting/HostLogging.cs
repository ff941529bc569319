using Serilog;
using Serilog.Configuration;
using Serilog.Formatting.Compact;

namespace Hotline.Server.Hosting;

/// <summary>
/// Serilog for the host: readable console lines, and a rolling JSON file that log shippers can read.
/// Every line of a request carries its tenant, user, ticket number or instance id (<see cref="Observability.RequestLogContext"/>);
/// background work pushes its own (timers: instance and correlation id; notices: tenant and ticket). Tests add a sink
/// by registering an <see cref="Serilog.Core.ILogEventSink"/> service.
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
            .Enrich.With<Observability.TicketNumberFromCorrelation>()
            // Console and file are written on a thread of their own, in batches (BufferedLogSink): a synchronous
            // console write per line cost a quarter of a ticket action's time, a wake of a writer thread per line 5 %.
            .WriteTo.Sink(new BufferedLogSink(
                LoggerSinkConfiguration.CreateSink(sinks =>
                {
                    sinks.Console(formatProvider: System.Globalization.CultureInfo.InvariantCulture);
                    sinks.File(
                        new CompactJsonFormatter(),
                        Path.Combine(logDirectory, "hotline-.json"),
                        rollingInterval: RollingInterval.Day,
                        retainedFileCountLimit: 31);
                }),
                services.GetRequiredService<TimeProvider>(),
                QueueLimit(builder.Configuration),
                WritePeriod(builder.Configuration))),
            // The host's own logger, not the static Log.Logger: a test process runs several hosts, each with its sinks.
            preserveStaticLogger: true);
        return builder;
    }

    // A bad value stops the start with the setting's name, not the sink's parameter's.
    private static int QueueLimit(IConfiguration configuration)
    {
        var limit = configuration.GetValue(QueueLimitSetting, BufferedLogSink.DefaultCapacity);
        return limit >= 1
            ? limit
            : throw new InvalidOperationException($"{QueueLimitSetting} must be at least 1 (lines that may wait for the writer), not {limit}.");
    }

    private static TimeSpan WritePeriod(IConfiguration configuration)
    {
        var period = configuration.GetValue(WritePeriodSetting, BufferedLogSink.DefaultPeriod);
        return period > TimeSpan.Zero
            ? period
            : throw new InvalidOperationException($"{WritePeriodSetting} must be above zero (how often the writer takes the queue), not {period}.");
    }

    private const string QueueLimitSetting = "Hotline:Logs:QueueLimit";
    private const string WritePeriodSetting = "Hotline:Logs:WritePeriod";
}
