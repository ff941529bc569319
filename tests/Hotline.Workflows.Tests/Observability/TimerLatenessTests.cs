using System.Diagnostics.Metrics;
using Hotline.Workflows.Tests.Runtime;
using Hotline.Workflows.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace Hotline.Workflows.Tests.Observability;

public sealed class TimerLatenessTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private static async Task<(EngineHarness Engine, MetricCollector<double> Lateness)> OpenAsync()
    {
        var engine = await EngineHarness.OpenAsync(configureServices: services => services.AddWorkflowTimers());
        await engine.PublishAsync(TestWorkflows.Chain("wait-hour", "Wait an hour", TestWorkflows.Delay("delay", TimeSpan.FromHours(1)), TestWorkflows.WriteLine("after", "woke")));
        var lateness = new MetricCollector<double>(
            engine.Services.GetRequiredService<IMeterFactory>(), TimerMetrics.MeterName, TimerMetrics.LatenessInstrument);
        return (engine, lateness);
    }

    [Fact]
    public async Task The_sweep_records_how_late_each_timer_fired()
    {
        var (engine, lateness) = await OpenAsync();
        await using var _ = engine;
        using var __ = lateness;
        await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));
        await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));

        engine.Database.Clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(0, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));
        Assert.Empty(lateness.GetMeasurementSnapshot());

        // Due at 60 minutes, fired at 61.5: each timer is 90 seconds late.
        engine.Database.Clock.Advance(TimeSpan.FromSeconds(31 * 60 + 30));
        Assert.Equal(2, await engine.Services.GetRequiredService<DueTimerSweep>().FireDueAsync(Token));
        var measurements = lateness.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.All(measurements, m => Assert.Equal(90, m.Value, precision: 3));
    }

    [Fact]
    public async Task An_alarm_records_the_lateness_of_its_one_timer_and_a_consumed_timer_records_nothing()
    {
        var (engine, lateness) = await OpenAsync();
        await using var _ = engine;
        using var __ = lateness;
        var started = await engine.RunAsync(r => r.StartAsync("wait-hour", cancellationToken: Token));
        var timer = Assert.Single(started.CreatedBookmarks);
        var sweep = engine.Services.GetRequiredService<DueTimerSweep>();

        engine.Database.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(2));
        Assert.Equal(TimerFireOutcome.Fired, await sweep.FireAsync(timer.Id, Token));
        Assert.Equal(TimerFireOutcome.AlreadyConsumed, await sweep.FireAsync(timer.Id, Token));

        Assert.Equal(2, Assert.Single(lateness.GetMeasurementSnapshot()).Value, precision: 3);
    }
}
