using System.Collections.Concurrent;
using Hotline.Server.Tests.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace Hotline.Server.Tests.Observability;

/// <summary>The whole host logging at Debug everywhere, with every event also kept in memory.</summary>
public sealed class LoggingHost : HotlineHost
{
    public LoggingHost()
    {
    }

    /// <summary>A host on <paramref name="dataFolder"/>, which it leaves in place (its log files read after it stopped).</summary>
    internal LoggingHost(string dataFolder)
        : base(dataFolder)
    {
    }

    public ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>How often the console and file writer takes its queue (<c>Hotline:Logs:WritePeriod</c>); the product's when null.</summary>
    public TimeSpan? WritePeriod { get; init; }

    public string LogFolder => Path.Combine(DataFolder, "logs");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        // The most talkative setting a county might switch on while chasing a fault: still no personal data.
        builder.UseSetting("Serilog:MinimumLevel:Default", "Debug");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.AspNetCore", "Debug");
        builder.UseSetting("Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore", "Debug");
        builder.UseSetting("Serilog:MinimumLevel:Override:Quartz", "Debug");
        if (WritePeriod is { } period)
            builder.UseSetting("Hotline:Logs:WritePeriod", period.ToString("c", System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureTestServices(services => services.AddSingleton<ILogEventSink>(new Sink(Events)));
    }

    /// <summary>
    /// Waits until <paramref name="count"/> events match: a request's last line is written after the test client
    /// already holds the response.
    /// </summary>
    public async Task<List<LogEvent>> WaitForAsync(Func<LogEvent, bool> match, int count)
    {
        var deadline = Environment.TickCount64 + 10_000;
        while (true)
        {
            var found = Events.Where(match).ToList();
            if (found.Count >= count || Environment.TickCount64 > deadline)
            {
                return found;
            }

            await Task.Delay(20, TestContext.Current.CancellationToken);
        }
    }

    private sealed class Sink(ConcurrentQueue<LogEvent> events) : ILogEventSink
    {
        public void Emit(LogEvent logEvent) => events.Enqueue(logEvent);
    }
}
