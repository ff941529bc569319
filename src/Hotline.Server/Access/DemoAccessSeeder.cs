using System.Security.Cryptography;
using System.Text;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Access;

/// <summary>
/// Development only: one demo tenant per policy profile (hsb, hl, qu, hk), each with one user per
/// role, named after the role in kebab case (<c>dispatcher</c>, <c>unit-handler</c> …) and sharing
/// <see cref="AccessOptions.DemoPassword"/>. Unit users act for the tenant's demo unit,
/// <see cref="DemoUnitId"/>. Existing users are left alone, so a changed password survives restarts.
/// </summary>
internal sealed partial class DemoAccessSeeder(
    IServiceScopeFactory scopes, IOptions<AccessOptions> options, TimeProvider clock, ILogger<DemoAccessSeeder> logger) : IHostedService
{
    public static readonly IReadOnlyList<string> Tenants = ["hsb", "hl", "qu", "hk"];

    /// <summary>The demo unit's id for a tenant: stable, so the ticket demo data can create the unit with it.</summary>
    public static Guid DemoUnitId(string tenantId) =>
        new(SHA256.HashData(Encoding.UTF8.GetBytes($"hotline-demo-unit:{tenantId}")).AsSpan(0, 16));

    public static string UserNameFor(HotlineRole role) =>
        string.Concat(role.Name().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        if (scope.ServiceProvider.GetService<HotlineDbContext>() is not { } db)
        {
            LogNoStore();
            return;
        }
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<User>>();
        var existing = (await db.Set<User>().Where(u => Tenants.Contains(u.TenantId)).Select(u => new { u.TenantId, u.UserName }).ToListAsync(cancellationToken))
            .Select(u => (u.TenantId, u.UserName)).ToHashSet();

        var added = 0;
        foreach (var tenant in Tenants)
        {
            foreach (var role in HotlineRoles.All)
            {
                var userName = UserNameFor(role);
                if (existing.Contains((tenant, userName)))
                    continue;
                var unit = role.IsUnitRole() ? DemoUnitId(tenant).ToString() : null;
                var user = new User(tenant, userName, $"{tenant.ToUpperInvariant()} {role}", new RoleAssignment([role], unit), clock.GetUtcNow());
                user.SetPassword(options.Value.DemoPassword, hasher);
                db.Add(user);
                added++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        LogSeeded(added, Tenants.Count);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Warning, "Demo access: HotlineDbContext is not registered, so no demo users were seeded")]
    private partial void LogNoStore();

    [LoggerMessage(LogLevel.Information, "Demo access: {Added} users added across {Tenants} tenants")]
    private partial void LogSeeded(int added, int tenants);
}
