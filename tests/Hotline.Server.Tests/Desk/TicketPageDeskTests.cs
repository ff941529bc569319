using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.Intake;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Desk;

/// <summary>
/// The ticket page's desk reads (the workbench's <c>TicketCallerHistory</c> and the merge form's suggestions): the other
/// tickets of this ticket's caller, matched by the stored digits however the phone was written, and its likely
/// duplicates, the ticket itself left out; each ticket found by the phone is an audited read (HK-PRV-1, HL-PRV-1,
/// QU-PRV-1); other roles are refused and record nothing; another tenant's ticket number finds nothing.
/// </summary>
public sealed class TicketPageDeskTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private CallerHistory History => host.Services.GetRequiredService<CallerHistory>();

    private LikelyDuplicates Duplicates => host.Services.GetRequiredService<LikelyDuplicates>();

    private async Task<string> RegisterAsync(string tenant, string phone, string content) =>
        (await (await host.ClientAsync(tenant, HotlineRole.Dispatcher)).RegisterAsync(new
        {
            channel = "Phone",
            caller = new { name = "赵六", phone },
            category = "Complaint",
            content,
        })).GetProperty("number").GetString()!;

    private async Task<JsonElement[]> AccessesAsync(string number) =>
        (await (await host.ClientAsync("hsb", HotlineRole.Auditor)).GetFromJsonAsync<JsonElement[]>($"/api/access/personal-data-accesses?ticketId={number}", Ct))!;

    [Fact]
    public async Task HK_PRV_1_HL_PRV_1_QU_PRV_1_the_ticket_page_lists_the_callers_other_tickets_and_likely_duplicates_by_phone_digits()
    {
        var earlier = await RegisterAsync("hsb", "135-0000-1111", "红寺堡镇幸福路污水井冒水");
        var current = await RegisterAsync("hsb", "13500001111", "幸福路污水井又冒水了");
        var stranger = await RegisterAsync("hsb", "13600002222", "公交站台破损");

        var history = await History.OfTicketAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher), current, Ct);
        Assert.Equal([earlier], history.Select(t => t.Number));
        Assert.Contains(await AccessesAsync(earlier), a => a.GetProperty("purpose").GetString() == $"来电历史：工单 {current} 页面");
        Assert.Empty(await AccessesAsync(current));
        Assert.Empty(await AccessesAsync(stranger));

        var suggested = await Duplicates.OfTicketAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Reviewer), current, Ct);
        var duplicate = Assert.Single(suggested);
        Assert.Equal(earlier, duplicate.Number);
        Assert.Equal(DuplicateReason.SameCaller, duplicate.Reason);

        // Roles that neither take calls nor merge are refused and leave no record; another county finds nothing.
        var before = (await AccessesAsync(earlier)).Length;
        foreach (var role in new[] { HotlineRole.UnitHandler, HotlineRole.Supervisor })
        {
            await Assert.ThrowsAsync<AccessDeniedException>(() => History.OfTicketAsync(WorkbenchUsers.Demo("hsb", role), current, Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => Duplicates.OfTicketAsync(WorkbenchUsers.Demo("hsb", role), current, Ct));
        }

        Assert.Empty(await History.OfTicketAsync(WorkbenchUsers.Demo("hl", HotlineRole.Dispatcher), current, Ct));
        Assert.Empty(await Duplicates.OfTicketAsync(WorkbenchUsers.Demo("hl", HotlineRole.Dispatcher), current, Ct));
        Assert.Equal(before, (await AccessesAsync(earlier)).Length);
    }
}
