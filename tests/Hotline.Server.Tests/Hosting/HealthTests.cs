using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Hotline.Server.Tests.Hosting;

public sealed class HealthTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task Health_is_healthy_while_the_database_answers_and_the_scheduler_runs_and_unhealthy_when_it_stops()
    {
        using var client = host.CreateClient();
        await host.TimersRunningAsync();
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

    [Fact]
    public async Task Health_is_degraded_while_another_connection_holds_the_write_lock()
    {
        using var client = host.CreateClient();
        await host.TimersRunningAsync();
        var health = new Uri("/health", UriKind.Relative);
        Assert.Equal("Healthy", await client.GetStringAsync(health, TestContext.Current.CancellationToken));

        await using var other = new SqliteConnection($"Data Source={Path.Combine(host.DataFolder, "hotline.db")};Pooling=False");
        await other.OpenAsync(TestContext.Current.CancellationToken);
        await using (var begin = other.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        HttpResponseMessage held;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            held = await client.GetAsync(health, TestContext.Current.CancellationToken);
        }
        finally
        {
            await using var rollback = other.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        // Still up (200), so a load balancer keeps the node, but no longer Healthy; the probe gave up in its few seconds.
        Assert.Equal(HttpStatusCode.OK, held.StatusCode);
        Assert.Equal("Degraded", await held.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"the probe took {clock.Elapsed}");
        Assert.Equal("Healthy", await client.GetStringAsync(health, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_write_probe_works_on_PostgreSQL()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        Assert.SkipWhen(string.IsNullOrWhiteSpace(server), "Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        var name = $"hotline_health_{Guid.NewGuid():N}";
        try
        {
            await using (var postgres = new HotlineHost(DateTimeOffset.UtcNow, new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString))
            {
                using var client = postgres.CreateClient();
                await postgres.TimersRunningAsync();

                Assert.Equal("Healthy", await client.GetStringAsync(new Uri("/health", UriKind.Relative), TestContext.Current.CancellationToken));
            }
        }
        finally
        {
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
    }
}
