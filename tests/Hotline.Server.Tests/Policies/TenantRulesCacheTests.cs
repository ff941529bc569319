using System.Net;
using System.Net.Http.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Server.Tests.Policies;

/// <summary>
/// Every node keeps a tenant's rules (policy and calendar) between actions; an edit made on another node of the same
/// database governs this node's next action all the same (the tenant's rules stamp), and another tenant's edit does not.
/// </summary>
public sealed class TenantRulesCacheTests : IAsyncDisposable
{
    private static readonly DateTimeOffset Monday = new(2025, 11, 3, 9, 0, 0, TicketApi.Shanghai);
    private readonly HotlineHost editing = new();
    private HotlineHost? acting;

    [Fact]
    public async Task QU_SGN_1_a_policy_or_calendar_edit_on_one_node_moves_the_next_deadline_on_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        editing.Clock.SetUtcNow(Monday);
        using var admin = await editing.ClientAsync("qu", HotlineRole.Admin);
        using var otherAdmin = await editing.ClientAsync("hk", HotlineRole.Admin);
        acting = new HotlineHost(editing.DataFolder); // a second node on the same database
        acting.Clock.SetUtcNow(Monday);
        using var dispatcher = await acting.ClientAsync("qu", HotlineRole.Dispatcher);

        // The acting node has used (and kept) the tenant's rules: the QU profile signs within 1 working day.
        Assert.Equal(At(4), await SignDueAsync(dispatcher));

        // Another tenant's edit leaves qu's rules as they were.
        Assert.Equal(HttpStatusCode.OK, (await otherAdmin.PutAsJsonAsync("/api/calendar/days/2025-11-04", new { kind = "LocalHoliday", name = "别处的假日" }, ct)).StatusCode);
        Assert.Equal(At(4), await SignDueAsync(dispatcher));

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { signing = new { limit = "2wd" } } }, ct)).StatusCode);
        Assert.Equal(At(5), await SignDueAsync(dispatcher));

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/calendar/days/2025-11-04", new { kind = "LocalHoliday", name = "地方假日" }, ct)).StatusCode);
        Assert.Equal(At(6), await SignDueAsync(dispatcher)); // Tuesday off: Wednesday and Thursday

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/calendar/days/2025-11-04", ct)).StatusCode);
        Assert.Equal(At(5), await SignDueAsync(dispatcher));
    }

    private static DateTimeOffset At(int novemberDay) => new(2025, 11, novemberDay, 9, 0, 0, TicketApi.Shanghai);

    private static async Task<DateTimeOffset> SignDueAsync(HttpClient dispatcher)
    {
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var ticket = await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("qu") });
        return ticket.Clock("Sign").DueAt();
    }

    public async ValueTask DisposeAsync()
    {
        if (acting is not null)
        {
            await acting.DisposeAsync();
        }

        await editing.DisposeAsync();
    }
}
