using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The engine's store: definition versions, instances, bookmarks (timers included), the journal and
/// activity execution records. Each database provider has its own subclass so each keeps its own
/// migrations; the runtime only ever sees this base type. The ticket domain keeps its own context on
/// the same database and enlists in this one's transaction (see <see cref="WorkflowUnitOfWork"/>).
/// <para>
/// Every context works inside one tenant (县级中心), <see cref="TenantId"/>: a query of definitions, instances or
/// bookmarks sees only that tenant's rows (the <see cref="TenantFilter"/> query filter), and what the runtime and the
/// definition store create belongs to it. A fresh context is in the no-tenant scope (null), which holds only rows
/// without a tenant, so forgetting to enter a tenant shows nothing rather than everything. The few system reads that
/// must cross tenants (the timer sweep, alarm reconciliation, a pinned version by its id) say so with
/// <see cref="TenantScoping.AcrossTenants{T}"/>.
/// </para>
/// </summary>
public abstract class WorkflowDbContext : DbContext
{
    /// <summary>The name of the tenant query filter, for <c>IgnoreQueryFilters</c>.</summary>
    public const string TenantFilter = TenantScope.Filter;

    protected WorkflowDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<WorkflowExecutionLogRecord> Journal => Set<WorkflowExecutionLogRecord>();
    public DbSet<ActivityExecutionRecord> ActivityExecutions => Set<ActivityExecutionRecord>();

    private TenantScope tenants = new();

    /// <summary>The tenant this context works in (its <see cref="TenantScope"/>'s); null is the no-tenant scope.</summary>
    public string? TenantId => tenants.TenantId;

    /// <summary>Works in <paramref name="tenantId"/> until the returned scope is disposed, then in the tenant before.</summary>
    public IDisposable EnterTenant(string? tenantId) => tenants.Enter(tenantId);

    /// <summary>
    /// A pooled context keeps its fields: each lease works in the tenant of the service scope leasing it (shared with the
    /// domain's context there), or starts in the no-tenant scope.
    /// </summary>
    internal WorkflowDbContext Leased(TenantScope? scope)
    {
        tenants = scope ?? new TenantScope();
        return this;
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // The domain's encoding too: SQLite can order and compare it, and timestamptz would refuse +08:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
        modelBuilder.Entity<WorkflowDefinitionRecord>().HasQueryFilter(TenantFilter, x => x.TenantId == TenantId);
        modelBuilder.Entity<WorkflowInstance>().HasQueryFilter(TenantFilter, x => x.TenantId == TenantId);
        modelBuilder.Entity<Bookmark>().HasQueryFilter(TenantFilter, x => x.TenantId == TenantId);
    }
}

/// <summary>The named opt-out of the tenant filter, for system reads that serve every tenant.</summary>
public static class TenantScoping
{
    /// <summary>Every tenant's rows: only for system work (timers, reconciliation) or a row reached through one already in scope.</summary>
    public static IQueryable<T> AcrossTenants<T>(this IQueryable<T> query)
        where T : class => query.IgnoreQueryFilters([WorkflowDbContext.TenantFilter]);
}
