using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Units;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// The domain's <see cref="HotlineDbContext"/> is pooled: a context serves one request, goes back to the pool and serves
/// the next, maybe another county's. Nothing of one lease may reach the next: not its tenant, not the rows it tracked,
/// not its transaction or save settings, also when the request ended with an exception; and the tenant check on saving
/// holds on every lease.
/// </summary>
public sealed class PooledDomainContextTests(TenantFilterTests.Seeded seeded) : IClassFixture<TenantFilterTests.Seeded>
{
    private const string TenantA = "hl";
    private const string TenantB = "qu";

    [Fact]
    public async Task Requests_of_two_tenants_alternating_on_reused_contexts_each_see_only_their_own_rows()
    {
        await seeded.ReadyAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        var contexts = new HashSet<HotlineDbContext>(ReferenceEqualityComparer.Instance);
        const int requests = 12;

        for (var i = 0; i < requests; i++)
        {
            var tenant = i % 2 == 0 ? TenantA : TenantB;
            await using var scope = seeded.Host.Services.CreateAsyncScope();
            var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
            accessor.HttpContext = new DefaultHttpContext { User = Principal(tenant) };
            try
            {
                var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
                contexts.Add(db);

                var seen = await db.Tickets.AsNoTracking().Select(t => t.TenantId).ToListAsync(cancellationToken);
                var tracked = await db.Tickets.ToListAsync(cancellationToken);

                Assert.NotEmpty(seen);
                Assert.All(seen, t => Assert.Equal(tenant, t));
                Assert.All(tracked, t => Assert.Equal(tenant, t.TenantId));
                Assert.Equal(await db.Tickets.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).CountAsync(t => t.TenantId == tenant, cancellationToken), seen.Count);
            }
            finally
            {
                accessor.HttpContext = null;
            }
        }

        // Reused: far fewer contexts than requests (the host's background work may hold a few at the same time).
        Assert.True(contexts.Count < requests / 2, $"{contexts.Count} contexts for {requests} requests: the domain context is not pooled.");
    }

    [Fact]
    public async Task A_context_whose_request_failed_midway_carries_no_tenant_rows_transaction_or_settings_into_its_next_lease()
    {
        await seeded.ReadyAsync();
        var cancellationToken = TestContext.Current.CancellationToken;
        HotlineDbContext? failed = null;

        // A request in tenant A that entered its tenant, tracked and changed rows, opened a transaction, turned the save's
        // settings off and then failed: nothing is disposed on the way out but the scope.
        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var scope = seeded.Host.Services.CreateAsyncScope();
            failed = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
            failed.EnterTenant(TenantA);
            var unit = await failed.Units.FirstAsync(cancellationToken);
            unit.Rename("改名未保存");
            failed.Add(new Unit(Guid.NewGuid(), TenantA, "未保存的单位", UnitKind.Department));
            await failed.Database.BeginTransactionAsync(cancellationToken);
            failed.Database.AutoSavepointsEnabled = false;
            failed.ChangeTracker.AutoDetectChangesEnabled = false;
            throw new InvalidOperationException("the request failed");
        });

        // The next scopes, outside any request and tenant, until the pool hands that context out again.
        await using var held = new ScopeList();
        HotlineDbContext? again = null;
        for (var i = 0; i < 64 && again is null; i++)
        {
            var db = held.Add(seeded.Host.Services.CreateAsyncScope()).ServiceProvider.GetRequiredService<HotlineDbContext>();
            again = ReferenceEquals(db, failed) ? db : null;
        }

        Assert.NotNull(again);
        Assert.Null(again.TenantId);
        Assert.Empty(again.ChangeTracker.Entries());
        Assert.Null(again.Database.CurrentTransaction);
        Assert.True(again.Database.AutoSavepointsEnabled);
        Assert.True(again.ChangeTracker.AutoDetectChangesEnabled);
        Assert.Empty(await again.Units.AsNoTracking().ToListAsync(cancellationToken));
        Assert.False(await again.Units.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).AnyAsync(u => u.Name == "改名未保存" || u.Name == "未保存的单位", cancellationToken));

        // Its tenant check still refuses another tenant's row on this lease.
        using (again.EnterTenant(TenantB))
        {
            again.Add(new Unit(Guid.NewGuid(), TenantA, "别县的单位", UnitKind.Department));
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => again.SaveChangesAsync(cancellationToken));
            Assert.Contains("may not save", refused.Message, StringComparison.Ordinal);
        }
    }

    private static System.Security.Claims.ClaimsPrincipal Principal(string tenant) =>
        HotlineClaims.CreatePrincipal("Test", tenant, "auditor", "auditor", new RoleAssignment([HotlineRole.Auditor], null));

    /// <summary>Scopes held open together (so the pool cannot hand one context to two of them), disposed at the end.</summary>
    private sealed class ScopeList : IAsyncDisposable
    {
        private readonly List<AsyncServiceScope> scopes = [];

        public AsyncServiceScope Add(AsyncServiceScope scope)
        {
            scopes.Add(scope);
            return scope;
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var scope in scopes)
            {
                await scope.DisposeAsync();
            }
        }
    }
}
