using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Hotline.Server.Tests.Hosting;

public sealed class HealthTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task Health_is_healthy_while_the_database_answers_and_the_scheduler_runs_and_unhealthy_when_it_stops()
    {
        using var client = host.CreateClient();
        var health = new Uri("/health", UriKind.Relative);

        var running = await client.GetAsync(health, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, running.StatusCode);
        Assert.Equal("Healthy", await running.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(TestContext.Current.CancellationToken);
        await scheduler.Standby(TestContext.Current.CancellationToken);
        try
        {
            var stopped = await client.GetAsync(health, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stopped.StatusCode);
            Assert.Equal("Unhealthy", await stopped.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        }
        finally
        {
            await scheduler.Start(TestContext.Current.CancellationToken);
        }
    }
}
