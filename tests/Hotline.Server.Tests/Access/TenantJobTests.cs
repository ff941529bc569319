using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// Background work under the strict tenant filter (docs/access.md): a job or timer step works in the tenant it serves,
/// so it neither reads nor writes another county's rows; a job that spans counties finds them with one named
/// cross-tenant read and then enters each.
/// </summary>
public sealed class TenantJobTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Work_in_one_tenant_neither_reads_nor_writes_another_tenants_rows()
    {
        var theirs = (await (await host.ClientAsync("hl", HotlineRole.Dispatcher)).RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        var day = new DateOnly(2025, 10, 20);

        await using (var scope = host.InTenant("hsb"))
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            // Even asked for by its tenant and number, the other county's ticket is not there.
            Assert.Null(await scope.ServiceProvider.GetRequiredService<TicketStore>().FindForUpdateAsync("hl", theirs, Ct));
            Assert.Empty(await db.Tickets.Where(t => t.TenantId == "hl").ToListAsync(Ct));

            db.Add(new TenantCalendarDay("hl", day, CalendarDayKind.LocalHoliday, "越权", "job", host.Clock.GetUtcNow()));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(Ct));
            Assert.Contains("tenant hsb", refused.Message, StringComparison.Ordinal);
        }

        await using (var scope = host.InTenant("hl"))
        {
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            Assert.NotNull(await scope.ServiceProvider.GetRequiredService<TicketStore>().FindForUpdateAsync("hl", theirs, Ct));
            Assert.False(await db.Set<TenantCalendarDay>().AnyAsync(d => d.Date == day, Ct));
        }
    }

    [Fact]
    public async Task The_notice_round_finds_the_tenants_with_notices_due_and_delivers_each_in_its_own_tenant()
    {
        var now = host.Clock.GetUtcNow();
        foreach (var tenant in new[] { "qu", "hk" })
        {
            await using var scope = host.InTenant(tenant);
            var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            db.Add(Notice.Create(tenant, null, new RenderedNotice("test", "主题", "正文"), NoticeRecipient.Email($"someone@{tenant}.test"), $"tenant-job:{tenant}", now));
            await db.SaveChangesAsync(Ct);
        }

        await using (var outside = host.Services.CreateAsyncScope())
        {
            var delivery = outside.ServiceProvider.GetRequiredService<NoticeDelivery>();
            Assert.Superset(new HashSet<string> { "qu", "hk" }, (await delivery.TenantsWithDueAsync(Ct)).ToHashSet());
            // Outside any tenant the round itself sees no notice to send.
            Assert.Equal(new DeliveryRound(0, 0, 0), await delivery.DeliverDueAsync(Ct));
        }

        await using (var qu = host.InTenant("qu"))
        {
            await qu.ServiceProvider.GetRequiredService<NoticeDelivery>().DeliverDueAsync(Ct);
        }

        Assert.NotNull(await SentAtAsync("qu"));
        Assert.Null(await SentAtAsync("hk"));
    }

    private async Task<DateTimeOffset?> SentAtAsync(string tenant)
    {
        await using var scope = host.InTenant(tenant);
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<Notice>()
            .Where(n => n.DeduplicationKey == $"tenant-job:{tenant}").Select(n => n.SentAt).SingleAsync(Ct);
    }
}
