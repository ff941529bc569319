using System.Net;
using Hotline.Application.Tickets.Admission;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Hotline.Server.Access;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// A node running as many ticket actions as it is set to (<c>Hotline:Tickets:Admission</c>): an action that finds its
/// tenant's queue full, or waits too long, is answered 503 with <c>Retry-After</c> and changes nothing; reads are not held.
/// </summary>
public sealed class TicketsBusyTests(TicketsBusyTests.OneAtOnceHost host) : IClassFixture<TicketsBusyTests.OneAtOnceHost>
{
    public sealed class OneAtOnceHost : HotlineHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hotline:Tickets:Admission:ActionsAtOnce", "1");
            builder.UseSetting("Hotline:Tickets:Admission:QueuePerTenant", "1");
            builder.UseSetting("Hotline:Tickets:Admission:MaxWait", "00:00:30");
        }
    }

    public sealed class BadSettingHost : HotlineHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Hotline:Tickets:Admission:ActionsAtOnce", "0");
        }
    }

    private static readonly Guid QuUnit = DemoAccessSeeder.DemoUnitId("qu");

    [Fact]
    public async Task An_action_that_cannot_wait_is_answered_503_and_changes_nothing()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
        var number = ticket.GetProperty("number").GetString()!;
        var revision = ticket.GetProperty("revision").GetInt32();
        var admission = host.Services.GetRequiredService<ActionAdmission>();

        using (await admission.EnterAsync("someone", TestContext.Current.CancellationToken))
        {
            var queued = dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit });
            await WaitUntilAsync(() => admission.Waiting == 1);

            // The tenant's queue (one) is full: refused at once.
            var full = await dispatcher.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit });
            await AssertBusyAsync(full);
            // Reads do not queue.
            Assert.Equal(revision, (await dispatcher.GetJsonAsync($"/api/tickets/{number}")).GetProperty("revision").GetInt32());

            // The queued one waits its 30 s out.
            host.Clock.Advance(TimeSpan.FromSeconds(30));
            await AssertBusyAsync(await queued);
        }

        var auditor = await host.ClientAsync("qu", HotlineRole.Auditor);
        var unchanged = await auditor.GetJsonAsync($"/api/tickets/{number}");
        Assert.Equal(revision, unchanged.GetProperty("revision").GetInt32());
        Assert.Equal(["Registered"], unchanged.Actions());

        // With the place free the same action goes through.
        var dispatched = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = QuUnit });
        Assert.Equal(revision + 1, dispatched.GetProperty("revision").GetInt32());
        Assert.Equal(0, admission.Running);
    }

    [Fact]
    public async Task An_action_refused_for_its_role_takes_no_place()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var handler = await host.ClientAsync("qu", HotlineRole.UnitHandler);
        var admission = host.Services.GetRequiredService<ActionAdmission>();

        using (await admission.EnterAsync("someone", TestContext.Current.CancellationToken))
        {
            var response = await handler.TryActAsync(number, "dispatch", new { leadUnitId = QuUnit });
            var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
            Assert.Equal("access.denied", problem.GetProperty("code").GetString());
            Assert.Equal(0, admission.Waiting);
        }
    }

    [Fact]
    public void A_limit_below_one_stops_the_server_at_start()
    {
        using var bad = new BadSettingHost();

        var error = Assert.ThrowsAny<Exception>(() => bad.Services);

        Assert.Contains("Hotline:Tickets:Admission:ActionsAtOnce must be at least 1", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task AssertBusyAsync(HttpResponseMessage response)
    {
        var problem = await response.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal(ActionsBusyException.Code, problem.GetProperty("code").GetString());
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        Assert.True(condition());
    }
}
