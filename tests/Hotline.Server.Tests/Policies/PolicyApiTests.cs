using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Policies;

/// <summary>A tenant's effective policy is visible, and its admin overrides single values that the next deadline uses.</summary>
public sealed class PolicyApiTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Fact]
    public async Task QU_SGN_1_the_effective_policy_shows_the_profile_and_an_override_moves_the_next_sign_deadline()
    {
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 11, 3, 9, 0, 0, TicketApi.Shanghai)); // a Monday
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var admin = await host.ClientAsync("qu", HotlineRole.Admin);

        var policy = await dispatcher.GetJsonAsync("/api/policy");
        Assert.Equal("QU", policy.GetProperty("profile").GetString());
        Assert.Equal("1wd", policy.GetProperty("effective").GetProperty("signing").GetProperty("limit").GetString());

        var put = await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { signing = new { limit = "2wd" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var changed = await dispatcher.GetJsonAsync("/api/policy");
        Assert.Equal("2wd", changed.GetProperty("effective").GetProperty("signing").GetProperty("limit").GetString());

        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var ticket = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("qu") });
        Assert.Equal(new DateTimeOffset(2025, 11, 5, 9, 0, 0, TicketApi.Shanghai), ticket.Clock("Sign").DueAt());
    }

    [Fact]
    public async Task A_bad_override_or_a_non_admin_is_refused_and_nothing_changes()
    {
        var admin = await host.ClientAsync("hk", HotlineRole.Admin);
        var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var before = (await admin.GetJsonAsync("/api/policy")).GetRawText();

        var bad = await admin.PutAsJsonAsync("/api/policy", new { profile = "HK", overrides = new { signing = new { limit = "soon" } } }, TestContext.Current.CancellationToken);
        Assert.Equal("policy.invalid", (await bad.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var unknown = await admin.PutAsJsonAsync("/api/policy", new { profile = "ZZ" }, TestContext.Current.CancellationToken);
        await unknown.ProblemAsync(HttpStatusCode.UnprocessableEntity);
        var notAdmin = await dispatcher.PutAsJsonAsync("/api/policy", new { profile = "QU" }, TestContext.Current.CancellationToken);
        await notAdmin.ProblemAsync(HttpStatusCode.Forbidden);

        Assert.Equal(before, (await admin.GetJsonAsync("/api/policy")).GetRawText());
    }
}
