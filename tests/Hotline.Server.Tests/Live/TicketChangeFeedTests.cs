using System.Collections.Concurrent;
using System.Net;
using Hotline.Application.Changes;
using Hotline.Application.Queues;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Live;

/// <summary>
/// The ticket change feed behind the live workbench: what a committed action, registration or timer publishes, to
/// whom (its tenant only; unit staff only their unit's tickets), what a workbench user is told of, and on PostgreSQL
/// that a change committed on one node reaches the subscribers of another.
/// </summary>
public sealed class TicketChangeFeedTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_registration_reaches_the_subscribers_of_its_own_tenant_only()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 9));
        var feed = s.Host.Services.GetRequiredService<TicketChangeFeed>();
        var hsb = new Heard();
        var hl = new Heard();
        using var hsbSubscription = feed.Subscribe("hsb", hsb.Add);
        using var hlSubscription = feed.Subscribe("hl", hl.Add);

        var number = await s.RegisterAsync();

        var change = Assert.Single(hsb.Changes);
        Assert.Equal(("hsb", number, null, TicketState.Registered), (change.TenantId, change.Number, change.StateBefore, change.State));
        Assert.Contains(TicketAction.Registered, change.Actions);
        Assert.Single(change.ActorIds);
        Assert.Empty(hl.Changes);

        // The other direction: a county B registration never reaches county A.
        var other = await s.Host.ClientAsync("hl", HotlineRole.Dispatcher);
        await other.RegisterAsync(TicketApi.Consultation("华龙区路灯不亮"));
        Assert.Equal("hl", Assert.Single(hl.Changes).TenantId);
        Assert.Single(hsb.Changes);
    }

    [Fact]
    public async Task An_action_publishes_once_and_a_replay_or_a_refusal_publishes_nothing()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 9));
        var number = await s.RegisterAsync();
        var heard = new Heard();
        using var subscription = s.Host.Services.GetRequiredService<TicketChangeFeed>().Subscribe("hsb", heard.Add);
        var dispatcher = await s.Dispatcher;

        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = s.Unit }, key: "dispatch-1");
        var change = Assert.Single(heard.Changes);
        Assert.Equal((TicketState.Registered, TicketState.Dispatched), (change.StateBefore, change.State));
        Assert.True(change.Moved);
        Assert.Contains(s.Unit, change.UnitIds);

        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = s.Unit }, key: "dispatch-1");
        var refused = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = s.Unit }, key: "dispatch-2");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Single(heard.Changes);
    }

    [Fact]
    public async Task A_unit_handler_is_told_of_a_ticket_dispatched_to_its_unit_and_the_other_unit_hears_nothing()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 9));
        var number = await s.RegisterAsync();
        var heard = new Heard();
        using var subscription = s.Host.Services.GetRequiredService<TicketChangeFeed>().Subscribe("hsb", heard.Add);
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });

        var arrivals = s.Host.Services.GetRequiredService<QueueArrivals>();
        var handler = UnitUser("hsb", s.Unit);
        var news = arrivals.News(handler, heard.Changes);
        Assert.Equal(new QueueArrival(number, "to-sign", "待签收"), Assert.Single(news.Arrivals));

        var otherUnit = UnitUser("hsb", s.CoUnit);
        Assert.DoesNotContain(heard.Changes, c => QueueArrivals.Concerns(otherUnit, c));
        Assert.True(arrivals.News(otherUnit, heard.Changes).IsEmpty);
        // Another county's unit handler is never concerned, whatever the change names.
        Assert.DoesNotContain(heard.Changes, c => QueueArrivals.Concerns(UnitUser("hl", s.Unit), c));
        // The dispatcher acted: their own action is no news to them.
        Assert.True(arrivals.News(await DispatcherAsync(s), heard.Changes).IsEmpty);
    }

    [Fact]
    public async Task A_deadline_warning_and_an_overdue_from_the_timers_reach_the_units_workbench()
    {
        await using var s = await StartAsync("hk", At(2026, 2, 13, 15));
        var admin = await s.AsAsync(HotlineRole.Admin);
        using var patch = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = System.Net.Http.Json.JsonContent.Create(new { profile = "HK", overrides = new { handling = new { warnBefore = "4h" } } }) };
        Assert.True((await admin.SendAsync(patch, Ct)).IsSuccessStatusCode);
        var number = await s.SignedTicketAsync(Intake("Consultation"));
        var heard = new Heard();
        using var subscription = s.Host.Services.GetRequiredService<TicketChangeFeed>().Subscribe("hk", heard.Add);

        await s.AdvanceToAsync(At(2026, 2, 24, 12));
        var warned = Assert.Single(heard.Changes, c => c.DeadlineWarned);
        Assert.Equal(number, warned.Number);
        Assert.Empty(warned.ActorIds);
        var arrivals = s.Host.Services.GetRequiredService<QueueArrivals>();
        Assert.Equal([number], arrivals.News(UnitUser("hk", s.Unit), heard.Changes).Warned);

        heard.Clear();
        await s.AdvanceToAsync(At(2026, 2, 24, 16, 1));
        Assert.Contains(heard.Changes, c => c.Number == number && c.WentOverdue);
        Assert.Equal([number], arrivals.News(UnitUser("hk", s.Unit), heard.Changes).Overdue);
    }

    [Fact]
    public async Task On_PostgreSQL_a_change_committed_on_one_node_reaches_the_other_nodes_subscribers_of_its_tenant_only()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        await using var nodes = await TwoNodes.StartAsync(server);
        var hsb = new Heard();
        var hl = new Heard();
        var feed = nodes.First.Services.GetRequiredService<TicketChangeFeed>();
        using var hsbSubscription = feed.Subscribe("hsb", hsb.Add);
        using var hlSubscription = feed.Subscribe("hl", hl.Add);

        var dispatcher = await nodes.Second.ClientAsync("hsb", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString();

        var change = await hsb.FirstAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(("hsb", number), (change.TenantId, change.Number));
        Assert.Empty(hl.Changes);
    }

    [Fact]
    public async Task On_PostgreSQL_a_large_batch_and_a_change_too_large_for_one_notification_reach_the_other_node_whole()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        await using var nodes = await TwoNodes.StartAsync(server);
        var heard = new Heard();
        using var subscription = nodes.First.Services.GetRequiredService<TicketChangeFeed>().Subscribe("hsb", heard.Add);
        var big = ChangeNotificationsTests.Change(0, units: 1000);
        var batch = Enumerable.Range(1, 2000).Select(i => ChangeNotificationsTests.Change(i)).Prepend(big).ToList();

        nodes.Second.Services.GetRequiredService<TicketChangeFeed>().Publish(batch);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (heard.Changes.Select(c => c.Number).Distinct().Count() < batch.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Ct);
        }

        var changes = heard.Changes;
        Assert.Equal(batch.Select(c => c.Number).Order(), changes.Select(c => c.Number).Distinct().Order());
        Assert.Equal(big.UnitIds.Order(), changes.Where(c => c.Number == big.Number).SelectMany(c => c.UnitIds).Order());
    }

    private static CurrentUser UnitUser(string tenant, Guid unit) =>
        CurrentUser.From(HotlineClaims.CreatePrincipal("Hotline.Cookie", tenant, $"{tenant}-{unit:N}", "unit-handler",
            new RoleAssignment([HotlineRole.UnitHandler], unit.ToString())));

    private static async Task<CurrentUser> DispatcherAsync(Scenario s)
    {
        var me = await (await s.Dispatcher).GetJsonAsync("/api/auth/me");
        return CurrentUser.From(HotlineClaims.CreatePrincipal("Hotline.Cookie", s.Tenant, me.GetProperty("userId").GetString()!, "dispatcher",
            new RoleAssignment([HotlineRole.Dispatcher], null)));
    }

    /// <summary>What a subscriber heard, in order; thread-safe, as the feed delivers on the committing thread.</summary>
    private sealed class Heard
    {
        private readonly ConcurrentQueue<TicketChange> changes = new();
        private readonly TaskCompletionSource arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<TicketChange> Changes => [.. changes];

        public void Add(IReadOnlyList<TicketChange> batch)
        {
            foreach (var change in batch)
            {
                changes.Enqueue(change);
                arrived.TrySetResult();
            }
        }

        public void Clear() => changes.Clear();

        public async Task<TicketChange> FirstAsync(TimeSpan timeout)
        {
            try
            {
                await arrived.Task.WaitAsync(timeout, Ct);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"No change arrived within {timeout}.");
            }

            return Changes[0];
        }
    }
}
