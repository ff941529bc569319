using Hotline.Application.Tickets.Admission;
using Hotline.Server.Access;
using Hotline.Server.Observability;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using System.Diagnostics.Metrics;

namespace Hotline.Server.Tests.Observability;

public sealed class MetricsTests(ManagementPortHost host) : IClassFixture<ManagementPortHost>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    private MetricCollector<long> Collect(string instrument) =>
        new(host.Services.GetRequiredService<IMeterFactory>(), HotlineMetrics.MeterName, instrument, host.Clock);

    private static long? ForTenant(MetricCollector<long> gauge, string tenant)
    {
        gauge.RecordObservableInstruments();
        return gauge.GetMeasurementSnapshot().LastOrDefault(m => Equals(m.Tags["tenant"], tenant))?.Value;
    }

    [Fact]
    public async Task Ticket_actions_are_counted_by_action_and_outcome()
    {
        using var actions = Collect(HotlineMetrics.TicketActions);
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);

        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var refused = await dispatcher.TryActAsync(number, "sign");
        Assert.False(refused.IsSuccessStatusCode);
        await dispatcher.GetJsonAsync($"/api/tickets/{number}");

        // Recorded when each response completes; reads (the GET) are not actions. The collector's own timeout runs on
        // the host's fake clock, so a missing measurement must be bounded by real time or the test would never end.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        await actions.WaitForMeasurementsAsync(2, wait.Token);
        var measurements = actions.GetMeasurementSnapshot();
        Assert.Equal(2, measurements.Count);
        Assert.Contains(measurements, m => Equals(m.Tags["action"], "register") && Equals(m.Tags["outcome"], "ok") && m.Value == 1);
        Assert.Contains(measurements, m => Equals(m.Tags["action"], "sign") && Equals(m.Tags["outcome"], "refused") && m.Value == 1);

        // What Prometheus scrapes on the management port, without signing in (after the exporter's cached scrape of
        // another test on this host has lapsed).
        using var scraper = host.OnManagementPort();
        await ScrapedAsync(scraper, """hotline_ticket_actions_total\{[^}]*action="sign"[^}]*outcome="refused"[^}]*\} [1-9]""");
        await ScrapedAsync(scraper, """hotline_tickets_overdue\{[^}]*tenant="hl"[^}]*\} \d""");
    }

    [Fact]
    public async Task Actions_waiting_for_a_place_and_their_wait_are_scraped()
    {
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        using var scraper = host.OnManagementPort();
        var admission = host.Services.GetRequiredService<ActionAdmission>();
        var places = new List<ActionPlace>();
        Task registering;
        try
        {
            for (var i = 0; i < host.Services.GetRequiredService<IOptions<ActionAdmissionOptions>>().Value.Limit; i++)
            {
                places.Add(await admission.EnterAsync("someone", Token));
            }

            registering = dispatcher.RegisterAsync(TicketApi.Consultation());
            await ScrapedAsync(scraper, """hotline_ticket_admission_queued\{[^}]*tenant="hl"[^}]*\} 1""");
        }
        finally
        {
            places.ForEach(p => p.Dispose());
        }

        await registering;
        await ScrapedAsync(scraper, """hotline_ticket_admission_wait_seconds_count(\{[^}]*\})? [1-9]""");
    }

    // The SDK listens to every Hotline meter in the process. Another host stopping (its factory disposing its meter)
    // switched off this host's stream of the same name: the next scrape was its last, and later actions went uncounted.
    [Fact]
    public async Task Another_host_in_the_process_stopping_leaves_this_hosts_scrape_whole()
    {
        using (var other = new ServiceCollection().AddMetrics().BuildServiceProvider())
        {
            _ = new HotlineMetrics(other.GetRequiredService<IMeterFactory>(), host.Services.GetRequiredService<DatabaseGauges>());
        }

        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        using var scraper = host.OnManagementPort();
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        foreach (var times in new[] { 1, 2 })
        {
            Assert.False((await dispatcher.TryActAsync(number, "reply")).IsSuccessStatusCode);
            await ScrapedAsync(scraper, $$"""hotline_ticket_actions_total\{[^}]*action="reply"[^}]*outcome="refused"[^}]*\} {{times}}\n""");
        }
    }

    /// <summary>The exporter keeps a scrape for a moment (its response cache): asked again until it shows <paramref name="pattern"/>.</summary>
    private static async Task ScrapedAsync(HttpClient scraper, string pattern)
    {
        var scrape = "";
        for (var i = 0; i < 100 && !System.Text.RegularExpressions.Regex.IsMatch(scrape, pattern); i++)
        {
            await Task.Delay(i == 0 ? 0 : 100, Token);
            scrape = await scraper.GetStringAsync(new Uri("/metrics", UriKind.Relative), Token);
        }

        Assert.Matches(pattern, scrape);
    }

    // docs/perf.md: the split of an action into phases, with the SQL statements of each, as the benchmark reads it.
    [Fact]
    public async Task A_profiled_action_reports_its_phases_and_statements()
    {
        using var statements = Collect(HotlineMetrics.ActionStatements);
        using var time = new MetricCollector<double>(host.Services.GetRequiredService<IMeterFactory>(), HotlineMetrics.MeterName, HotlineMetrics.ActionPhaseTime, host.Clock);
        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await dispatcher.GetJsonAsync($"/api/tickets/{number}");

        // Recorded when the response completes: one measurement per phase (eight), two parts each for the time.
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(Token);
        wait.CancelAfter(TimeSpan.FromSeconds(30));
        await statements.WaitForMeasurementsAsync(8, wait.Token);
        var counted = statements.GetMeasurementSnapshot();
        // The registration's workflow run writes its instance, bookmarks and journal; the authentication reads the session
        // (and with it the tenant's row, so the loading has no statement of its own for it).
        Assert.Contains(counted, m => Equals(m.Tags["action"], "register") && Equals(m.Tags["phase"], "workflow") && m.Value > 0);
        Assert.Contains(counted, m => Equals(m.Tags["action"], "register") && Equals(m.Tags["phase"], "authentication") && m.Value > 0);
        Assert.Contains(time.GetMeasurementSnapshot(), m => Equals(m.Tags["phase"], "persistence") && Equals(m.Tags["part"], "wall") && m.Value > 0);
        // A read is not an action and has no profile.
        Assert.All(counted, m => Assert.Equal("register", m.Tags["action"]));
    }

    [Fact]
    public async Task Metrics_are_not_on_the_public_port()
    {
        using var stranger = host.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri("/metrics", UriKind.Relative), Token)).StatusCode);
        using var admin = await host.ClientAsync("hl", HotlineRole.Admin);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync(new Uri("/metrics", UriKind.Relative), Token)).StatusCode);
    }

    [Fact]
    public void Actions_are_named_by_their_route()
    {
        static string? Of(string pattern) => TicketActionMetrics.ActionOf(Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(pattern));

        Assert.Equal("register", Of("/api/tickets/"));
        Assert.Equal("sign", Of("/api/tickets/{number}/sign"));
        Assert.Equal("return/approve", Of("/api/tickets/{number}/return/approve"));
        Assert.Null(Of("/api/tickets/{number}"));
        Assert.Null(Of("/api/queues/{queue}"));
    }

    [Fact]
    public async Task Outbox_depth_is_read_from_the_database_at_most_once_per_interval()
    {
        using var outbox = Collect(HotlineMetrics.OutboxDepth);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        // Every tenant reports, with zero when it has nothing waiting.
        var before = ForTenant(outbox, "qu") ?? throw new InvalidOperationException("no reading for tenant qu");

        await using (var scope = host.InTenant("qu"))
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            // Not due for a year, so the delivery worker leaves it in the outbox.
            db.Add(Notice.Create("qu", null, new RenderedNotice("test", "subject", "body"), NoticeRecipient.Email("unit@example.org"),
                $"metrics-test:{Guid.NewGuid():N}", host.Clock.GetUtcNow().AddYears(1)));
            await db.SaveChangesAsync(Token);
        }

        Assert.Equal(before, ForTenant(outbox, "qu"));
        host.Clock.Advance(new MetricsOptions().DatabaseGaugeInterval);
        Assert.Equal(before + 1, ForTenant(outbox, "qu"));
    }

    [Fact]
    public async Task A_ticket_whose_clock_runs_past_due_counts_as_overdue_for_its_tenant()
    {
        using var overdue = Collect(HotlineMetrics.OverdueTickets);
        using var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var before = ForTenant(overdue, "hk") ?? throw new InvalidOperationException("no reading for tenant hk");

        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var ticket = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hk") });
        var due = ticket.GetProperty("clocks").EnumerateArray().Min(c => c.GetProperty("dueAt").GetDateTimeOffset());
        host.Clock.AdjustTime(due.AddMinutes(1) > host.Clock.GetUtcNow() ? due.AddMinutes(1) : host.Clock.GetUtcNow().AddMinutes(1));

        Assert.Equal(before + 1, ForTenant(overdue, "hk"));
    }
}
