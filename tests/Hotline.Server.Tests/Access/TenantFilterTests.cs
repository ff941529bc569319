using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Assessment;
using Hotline.Tickets.Attachments;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Knowledge;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Access;

/// <summary>
/// The domain's tenant query filter (docs/access.md): every entity of <see cref="HotlineDbContext"/> that belongs to a
/// tenant has the named filter, and a context in one county's scope — a request of its signed-in user, or a scope that
/// entered it — reads none of another county's rows, a context outside any tenant reads none at all, while a system
/// read opting out by name sees both.
/// </summary>
public sealed class TenantFilterTests(TenantFilterTests.Seeded seeded) : IClassFixture<TenantFilterTests.Seeded>
{
    private const string TenantA = "hl";
    private const string TenantB = "qu";

    /// <summary>Every entity with a <c>TenantId</c>, and the tenants themselves (owned by their id).</summary>
    public static TheoryData<string> TenantOwnedKinds
    {
        get
        {
            // The model alone: building it opens no connection.
            using var db = new SqliteHotlineDbContext(new DbContextOptionsBuilder<SqliteHotlineDbContext>().UseSqlite("Data Source=:memory:").Options);
            return [.. TenantOwned(db.Model).Select(e => e.ClrType.Name)];
        }
    }

    [Fact]
    public void Every_tenant_owned_entity_has_the_tenant_filter()
    {
        using var scope = seeded.Host.Services.CreateScope();
        var model = scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Model;

        var unfiltered = TenantOwned(model)
            .Where(e => e.GetDeclaredQueryFilters().All(f => f.Key != HotlineDbContext.TenantFilter))
            .Select(e => e.ClrType.Name)
            .ToList();

        Assert.True(unfiltered.Count == 0, $"no '{HotlineDbContext.TenantFilter}' query filter on {string.Join(", ", unfiltered)}: add it in HotlineDbContext.OnModelCreating.");
        Assert.Contains(TenantOwned(model), e => e.ClrType == typeof(Hotline.Tickets.Tickets.Ticket));
    }

    [Theory]
    [MemberData(nameof(TenantOwnedKinds))]
    public async Task A_context_that_entered_a_tenant_reads_none_of_another_tenants_rows(string kind)
    {
        await seeded.ReadyAsync();
        await using var scope = seeded.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        using var tenant = db.EnterTenant(TenantA);

        await AssertOnlyTenantAAsync(db, kind);
    }

    [Theory]
    [MemberData(nameof(TenantOwnedKinds))]
    public async Task A_context_outside_any_tenant_reads_no_row_of_any_tenant(string kind)
    {
        await seeded.ReadyAsync();
        await using var scope = seeded.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var entity = TenantOwned(db.Model).Single(e => e.ClrType.Name == kind);
        Assert.Null(db.TenantId);
        Assert.Contains(TenantA, await TenantsOfRowsAsync(db, entity, acrossTenants: true));

        Assert.Empty(await TenantsOfRowsAsync(db, entity, acrossTenants: false));
    }

    [Fact]
    public async Task The_engines_and_the_domains_contexts_of_one_scope_work_in_one_tenant()
    {
        await seeded.ReadyAsync();
        await using var scope = seeded.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var engine = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();

        // A timer step enters its instance's tenant on the engine's context: the domain's follows.
        using (engine.EnterTenant(TenantA))
        {
            Assert.Equal(TenantA, db.TenantId);
            await AssertOnlyTenantAAsync(db, nameof(Hotline.Tickets.Tickets.Ticket));
            Assert.All(await engine.Instances.AsNoTracking().Select(i => i.TenantId).ToListAsync(TestContext.Current.CancellationToken), t => Assert.Equal(TenantA, t));
        }

        Assert.Null(db.TenantId);
        Assert.Empty(await db.Tickets.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(TenantOwnedKinds))]
    public async Task A_request_of_a_signed_in_user_reads_none_of_another_tenants_rows(string kind)
    {
        await seeded.ReadyAsync();
        await using var scope = seeded.Host.Services.CreateAsyncScope();
        var accessor = scope.ServiceProvider.GetRequiredService<IHttpContextAccessor>();
        accessor.HttpContext = new DefaultHttpContext
        {
            User = HotlineClaims.CreatePrincipal("Test", TenantA, "user", "user", new RoleAssignment([HotlineRole.Auditor], null)),
        };
        try
        {
            await AssertOnlyTenantAAsync(scope.ServiceProvider.GetRequiredService<HotlineDbContext>(), kind);
        }
        finally
        {
            accessor.HttpContext = null;
        }
    }

    private static async Task AssertOnlyTenantAAsync(HotlineDbContext db, string kind)
    {
        var entity = TenantOwned(db.Model).Single(e => e.ClrType.Name == kind);
        var all = await TenantsOfRowsAsync(db, entity, acrossTenants: true);
        Assert.Contains(TenantA, all);
        Assert.Contains(TenantB, all);

        var seen = await TenantsOfRowsAsync(db, entity, acrossTenants: false);

        Assert.Equal(all.Count(t => t == TenantA), seen.Count);
        Assert.All(seen, t => Assert.Equal(TenantA, t));
    }

    /// <summary>The owning tenant of each row of <paramref name="entity"/>, through the context as the product queries it.</summary>
    private static Task<List<string>> TenantsOfRowsAsync(HotlineDbContext db, IEntityType entity, bool acrossTenants)
    {
        var method = typeof(TenantFilterTests).GetMethod(nameof(TenantsOfAsync), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(entity.ClrType);
        return (Task<List<string>>)method.Invoke(null, [db, OwnerProperty(entity), acrossTenants])!;
    }

    private static Task<List<string>> TenantsOfAsync<T>(HotlineDbContext db, string owner, bool acrossTenants)
        where T : class
    {
        var rows = db.Set<T>().AsNoTracking();
        if (acrossTenants)
            rows = rows.IgnoreQueryFilters([HotlineDbContext.TenantFilter]);
        return rows.Select(x => EF.Property<string>(x, owner)).ToListAsync(TestContext.Current.CancellationToken);
    }

    private static IEnumerable<IEntityType> TenantOwned(IModel model) =>
        model.GetEntityTypes().Where(e => !e.IsOwned() && e.FindProperty(OwnerProperty(e)) is not null).OrderBy(e => e.ClrType.Name);

    private static string OwnerProperty(IReadOnlyEntityType entity) => entity.ClrType == typeof(Tenant) ? nameof(Tenant.Id) : "TenantId";

    /// <summary>One host with rows of every kind in two counties: the demo seed, sign-ins and tickets through the API, the rest added as the domain makes them.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        private readonly Lazy<Task> ready;

        public Seeded() => ready = new(SeedAsync);

        public HotlineHost Host { get; } = new();

        public Task ReadyAsync() => ready.Value;

        public ValueTask InitializeAsync() => ValueTask.CompletedTask;

        public async ValueTask DisposeAsync() => await Host.DisposeAsync();

        private async Task SeedAsync()
        {
            var now = Host.Clock.GetUtcNow();
            foreach (var tenant in new[] { TenantA, TenantB })
            {
                var dispatcher = await Host.ClientAsync(tenant, HotlineRole.Dispatcher);
                var ticket = await dispatcher.RegisterAsync(TicketApi.Consultation());
                var number = ticket.GetProperty("number").GetString()!;

                await using var scope = Host.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
                var auditor = CurrentUser.From(HotlineClaims.CreatePrincipal("Test", tenant, "auditor", "auditor", new RoleAssignment([HotlineRole.Auditor], null)));
                var unitId = DemoAccessSeeder.DemoUnitId(tenant);
                var attachment = new Attachment(tenant, number, "录音.mp3", "audio/mpeg", 3, new string('0', 64), auditor, now);
                db.AddRange(
                    attachment,
                    new AttachmentDownload(attachment, auditor, now),
                    new PersonalDataAccess(auditor, new PersonalDataSubject(tenant, number, null), PersonalDataField.Name, "回访", now),
                    new UnitMonthRating(tenant, unitId, 2025, 9),
                    new TenantCalendarDay(tenant, new DateOnly(2025, 10, 8), CalendarDayKind.PublicHoliday, "国庆节", "admin", now),
                    ApiKey.Issue(tenant, "对接系统", new RoleAssignment([HotlineRole.Auditor], null), "admin", now).Key,
                    Notice.Create(tenant, number, new RenderedNotice("test", "主题", "正文"), NoticeRecipient.Email("someone@example.test"), $"tenant-filter:{tenant}", now),
                    new AttachmentLargeObject(tenant, $"tenant-filter-{tenant}", 1),
                    Article.Create(tenant, null, new ArticleContent("办事指南", "正文", [], [], new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1)),
                        new ArticleEditor("reviewer", "reviewer", HotlineRole.Reviewer, null), now));
                await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            }
        }
    }
}
