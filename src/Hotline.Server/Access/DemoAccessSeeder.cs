using System.Security.Cryptography;
using System.Text;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Units;
using Hotline.Workflows.Definitions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Development only: one demo tenant per policy profile (hsb, hl, qu, hk), each with two handling
/// units and twelve users: one per role, named after the role in kebab case (<c>dispatcher</c>,
/// <c>unit-handler</c> …), who act for the demo unit <see cref="DemoUnitId"/>, and the second unit's
/// <c>unit-handler-2</c> and <c>unit-leader-2</c>; all share <see cref="AccessOptions.DemoPassword"/>. Existing rows are left alone, so a changed
/// password or a renamed tenant survives restarts. Each demo tenant gets its own copy of the workflows
/// folder's definitions (the import skips what a tenant already holds).
/// </summary>
internal sealed partial class DemoAccessSeeder(
    IServiceScopeFactory scopes, IOptions<AccessOptions> options, TimeProvider clock, ILogger<DemoAccessSeeder> logger) : IHostedService
{
    /// <summary>Tenant id, name, policy profile, demo unit name and kind, and the second unit that joins as co-unit.</summary>
    private static readonly (string Id, string Name, string Profile, string Unit, UnitKind UnitKind, string CoUnit)[] Demo =
    [
        ("hsb", "吴忠市12345热线红寺堡区分中心", "HSB", "红寺堡镇人民政府", UnitKind.Town, "红寺堡区自然资源局"),
        ("hl", "濮阳市华龙区12345政务服务热线中心", "HL", "华龙区住房和城乡建设局", UnitKind.Department, "华龙区城市管理局"),
        ("qu", "渠县12345政务服务便民热线中心", "QU", "渠县住房和城乡建设局", UnitKind.Department, "渠县城市管理局"),
        ("hk", "湖口县12345热线中心", "HK", "湖口县住房和城乡建设局", UnitKind.Department, "湖口县城市管理局"),
    ];

    /// <summary>The suffix of the co-unit's users: <c>unit-handler-2</c>, <c>unit-leader-2</c>.</summary>
    public const string CoUnitUserSuffix = "-2";

    public static IReadOnlyList<string> Tenants { get; } = Demo.Select(d => d.Id).ToArray();

    /// <summary>The demo unit's id for a tenant: stable, so the ticket demo data can create the unit with it.</summary>
    public static Guid DemoUnitId(string tenantId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"hotline-demo-unit:{tenantId}")).AsSpan(0, 16));

    /// <summary>The second demo unit of a tenant, for joint handling (主办/协办).</summary>
    public static Guid DemoCoUnitId(string tenantId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"hotline-demo-co-unit:{tenantId}")).AsSpan(0, 16));

    public static string UserNameFor(HotlineRole role) => role.Name();

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<HotlineDbContext>() is not { } db)
        {
            LogNoStore();
            return;
        }
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        // Seeding serves every demo county at once: its reads cross tenants (the tenant filter, opted out by name).
        var tenants = await db.Set<Tenant>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Select(t => t.Id).ToListAsync(cancellationToken);
        var units = await db.Set<Unit>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Select(u => u.Id).ToListAsync(cancellationToken);
        foreach (var demo in Demo)
        {
            if (!tenants.Contains(demo.Id))
                db.Add(new Tenant(demo.Id, demo.Name, demo.Profile));
            if (!units.Contains(DemoUnitId(demo.Id)))
                db.Add(new Unit(DemoUnitId(demo.Id), demo.Id, demo.Unit, demo.UnitKind));
            if (!units.Contains(DemoCoUnitId(demo.Id)))
                db.Add(new Unit(DemoCoUnitId(demo.Id), demo.Id, demo.CoUnit, UnitKind.Department));
        }

        var existing = (await db.Set<User>().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Where(u => Tenants.Contains(u.TenantId)).Select(u => new { u.TenantId, u.UserName }).ToListAsync(cancellationToken))
            .Select(u => (u.TenantId, u.UserName)).ToHashSet();

        var added = 0;
        foreach (var tenant in Tenants)
        {
            var people = HotlineRoles.All.Select(role => (role, UserNameFor(role), role.IsUnitRole() ? DemoUnitId(tenant).ToString() : null))
                .Concat(HotlineRoles.All.Where(r => r.IsUnitRole()).Select(role => (role, UserNameFor(role) + CoUnitUserSuffix, (string?)DemoCoUnitId(tenant).ToString())));
            foreach (var (role, userName, unit) in people)
            {
                if (existing.Contains((tenant, userName)))
                    continue;
                var user = new User(tenant, userName, role.Title(), new RoleAssignment([role], unit), clock.GetUtcNow());
                user.SetPassword(options.Value.DemoPassword, hasher);
                user.SetEmail($"{userName}@{tenant}.hotline.test");
                db.Add(user);
                added++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(added, Tenants.Count);
        if (scope.ServiceProvider.GetService<DefinitionFolderImport>() is { } workflows)
        {
            foreach (var tenant in Tenants)
                await workflows.ImportAsync(tenant, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Demo access: HotlineDbContext is not registered, so no demo users were seeded")]
    private partial void LogNoStore();

    [LoggerMessage(LogLevel.Information, "Demo access: {Added} users added across {Tenants} tenants")]
    private partial void LogSeeded(int added, int tenants);
}
