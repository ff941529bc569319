using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Tests.Access;

/// <summary>The README's demo sign-in: one tenant per profile, one user per role, a unit for unit roles.</summary>
public sealed class DemoSeedTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task One_tenant_per_profile_with_one_user_per_role_and_a_co_unit_with_its_own_handler_and_leader()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();

        // The seed serves every demo county: the test reads across tenants by name.
        var tenants = await db.Set<Tenant>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).OrderBy(t => t.Id).Select(t => new { t.Id, t.ProfileCode }).ToListAsync(Ct);
        Assert.Equal(["hk:HK", "hl:HL", "hsb:HSB", "qu:QU"], tenants.Select(t => $"{t.Id}:{t.ProfileCode}"));
        var users = await db.Set<User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).ToListAsync(Ct);
        foreach (var tenant in DemoAccessSeeder.Tenants)
        {
            var own = users.Where(u => u.TenantId == tenant && !u.UserName.EndsWith(DemoAccessSeeder.CoUnitUserSuffix, StringComparison.Ordinal)).ToList();
            Assert.Equal(HotlineRoles.All.Order(), own.SelectMany(u => u.Roles.Roles).Order());
            Assert.All(own.Where(u => u.Roles.Roles.Any(r => r.IsUnitRole())), u => Assert.Equal(DemoAccessSeeder.DemoUnitId(tenant).ToString(), u.UnitCode));
            Assert.True(await db.Set<Unit>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).AnyAsync(u => u.Id == DemoAccessSeeder.DemoUnitId(tenant) && u.TenantId == tenant, Ct));
            var coUnit = users.Where(u => u.TenantId == tenant && u.UserName.EndsWith(DemoAccessSeeder.CoUnitUserSuffix, StringComparison.Ordinal)).ToList();
            Assert.Equal([HotlineRole.UnitHandler, HotlineRole.UnitLeader], coUnit.SelectMany(u => u.Roles.Roles).Order());
            Assert.All(coUnit, u => Assert.Equal(DemoAccessSeeder.DemoCoUnitId(tenant).ToString(), u.UnitCode));
            Assert.All(users.Where(u => u.TenantId == tenant), u => Assert.Equal($"{u.UserName}@{tenant}.hotline.test", u.Email));
        }
        Assert.Contains(users, u => u.UserName == "escalation-reviewer");
    }

    [Fact]
    public async Task Seeding_again_adds_nothing_and_keeps_changed_passwords()
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var before = await db.Set<User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).CountAsync(Ct);

        var seeder = new DemoAccessSeeder(host.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new AccessOptions { DemoPassword = "Another!Password9" }), host.Clock, NullLogger<DemoAccessSeeder>.Instance);
        await seeder.StartAsync(Ct);

        Assert.Equal(before, await db.Set<User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).CountAsync(Ct));
        using var client = await host.SignedIn("hk", "process-owner");
    }

    [Theory]
    [InlineData(HotlineRole.UnitHandler, "unit-handler")]
    [InlineData(HotlineRole.EscalationReviewer, "escalation-reviewer")]
    [InlineData(HotlineRole.Admin, "admin")]
    public void User_names_are_the_roles_in_kebab_case(HotlineRole role, string userName)
    {
        Assert.Equal(userName, DemoAccessSeeder.UserNameFor(role));
    }
}
