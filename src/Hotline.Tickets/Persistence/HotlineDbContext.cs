using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// The hotline domain's store (工单库): tenants, units, tickets, callers (own table), events, clocks. It applies every
/// <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly, so other capabilities' entities (calendar days,
/// users) are mapped without touching this file. Provider-neutral: SQLite and PostgreSQL. It shares the engine's
/// database; open it on the engine's connection and call <c>Database.UseTransaction</c> to commit with the workflow.
/// <para>
/// Tenant ownership is a named query filter (<see cref="TenantFilter"/>) on every entity with a <c>TenantId</c> and on
/// the tenants themselves: a context sees only the rows of the tenant it works in (<see cref="TenantId"/>: the one its
/// service scope entered — a timer step's, a job's, the workbench call's — else the scope's signed-in user's). Outside
/// any tenant it sees no row at all, so forgetting to enter one shows nothing rather than everything. A read that must
/// cross tenants (sign-in, provisioning, seeding, gauges) opts out by name:
/// <c>IgnoreQueryFilters([HotlineDbContext.TenantFilter])</c>, with its reason beside it.
/// </para>
/// </summary>
public class HotlineDbContext : DbContext, IDataProtectionKeyContext
{
    public HotlineDbContext(DbContextOptions<HotlineDbContext> options)
        : base(options)
    {
    }

    /// <summary>For the provider-specific subclasses that carry each provider's migrations.</summary>
    protected HotlineDbContext(DbContextOptions options)
        : base(options)
    {
    }

    /// <summary>The name of the tenant query filter, for <c>IgnoreQueryFilters</c>.</summary>
    public const string TenantFilter = TenantScope.Filter;

    private TenantScope tenants = new();

    /// <summary>The tenant this context works in (its <see cref="TenantScope"/>'s); null outside any tenant, where it sees nothing.</summary>
    public string? TenantId => tenants.TenantId;

    /// <summary>Works in <paramref name="tenantId"/> until the returned scope is disposed, then as before.</summary>
    public IDisposable EnterTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        return tenants.Enter(tenantId);
    }

    /// <summary>Works in the tenant of <paramref name="scope"/>, the one its service scope shares with the engine's context.</summary>
    public HotlineDbContext InScope(TenantScope scope)
    {
        tenants = scope;
        return this;
    }

    // A pooled context outlives its lease: the tenant scope of the request that used it last must not stay with it.
    public override void Dispose()
    {
        tenants = new();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    public override async ValueTask DisposeAsync()
    {
        tenants = new();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    // The tenant check in the save itself, not in a SavingChanges handler, so nothing about a pooled context's events decides it.
    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var detected = DetectChangesOnce();
        RefuseOtherTenantsRows();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var detected = DetectChangesOnce();
        RefuseOtherTenantsRows();
        return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>
    /// The save of a unit whose failure ends it, on SQLite inside the unit's transaction: the same change detection and
    /// tenant check as <see cref="SaveChangesAsync(bool, CancellationToken)"/>, then the rows through the connection's own
    /// statements (<see cref="SqliteTicketSave"/>). False, with nothing written, on another provider, outside a transaction,
    /// or when a pending change is not one those statements write: EF's save is the caller's to run then.
    /// </summary>
    internal bool TrySaveOnSqlite()
    {
        if (Database.GetDbConnection() is not SqliteConnection || Database.CurrentTransaction is null)
        {
            return false;
        }

        using var detected = DetectChangesOnce();
        var pending = new List<EntityEntry>();
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            {
                pending.Add(entry);
            }
        }

        RefuseOtherTenantsRows(pending);
        return SqliteTicketSave.TryWrite(this, pending);
    }

    /// <summary>
    /// One pass of change detection per save, over every tracked entity (a ticket's whole history among them): the
    /// tenant check's walk of the entries and EF's own save would each run a full pass otherwise.
    /// </summary>
    private DetectedChanges? DetectChangesOnce()
    {
        if (!ChangeTracker.AutoDetectChangesEnabled)
        {
            return null;
        }

        ChangeTracker.DetectChanges();
        ChangeTracker.AutoDetectChangesEnabled = false;
        return new DetectedChanges(ChangeTracker);
    }

    /// <summary>Turns automatic detection back on when the save ends, however it ends.</summary>
    private sealed class DetectedChanges(Microsoft.EntityFrameworkCore.ChangeTracking.ChangeTracker tracker) : IDisposable
    {
        public void Dispose() => tracker.AutoDetectChangesEnabled = true;
    }

    /// <summary>
    /// Writes obey the filter too: a context working in a tenant saves no row of another (a step that built one by
    /// mistake fails before anything is written). Outside any tenant, provisioning and seeding write every tenant's.
    /// </summary>
    private void RefuseOtherTenantsRows() => RefuseOtherTenantsRows(ChangeTracker.Entries());

    private void RefuseOtherTenantsRows(IEnumerable<EntityEntry> entries)
    {
        if (TenantId is not { } tenantId)
        {
            return;
        }

        foreach (var entry in entries)
        {
            if (entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
                && OwnerOf(entry) is { } owner && owner != tenantId)
            {
                throw new InvalidOperationException(
                    $"A context working in tenant {tenantId} may not save a {entry.Metadata.ClrType.Name} of tenant {owner}.");
            }
        }
    }

    private static string? OwnerOf(EntityEntry entry) =>
        entry.Entity is Tenants.Tenant tenant ? tenant.Id
        : entry.Metadata.FindProperty(nameof(TenantId)) is { } property ? entry.Property(property.Name).CurrentValue as string
        : null;

    public DbSet<Tenants.Tenant> Tenants => Set<Tenants.Tenant>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<DeadlineClock> DeadlineClocks => Set<DeadlineClock>();
    public DbSet<TicketNumberSequence> TicketNumberSequences => Set<TicketNumberSequence>();

    /// <summary>The data-protection key ring (cookies, bearer tokens), read and written by ASP.NET Core's EF Core key store.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    // A ticket's events, clocks, assignments and requests have no tenant of their own and no navigation back to the
    // ticket: they are read through a ticket already in scope, so EF's warning about filtered required principals is noise.
    // The server's pooled options say so already (a pooled context's OnConfiguring may not change its options); a context
    // built from bare options (tools, tests) is told here.
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder)
    {
        var warnings = optionsBuilder.Options.FindExtension<Microsoft.EntityFrameworkCore.Infrastructure.CoreOptionsExtension>()?.WarningsConfiguration;
        if (warnings?.GetBehavior(FilteredPrincipalWarning) != Microsoft.EntityFrameworkCore.WarningBehavior.Ignore)
        {
            IgnoreFilteredPrincipalWarning(optionsBuilder);
        }
    }

    /// <summary>The options every <see cref="HotlineDbContext"/> needs beside its provider's: given once to a pool's options.</summary>
    public static DbContextOptionsBuilder IgnoreFilteredPrincipalWarning(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Ignore(FilteredPrincipalWarning));

    private static readonly Microsoft.Extensions.Logging.EventId FilteredPrincipalWarning =
        Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning;

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HotlineDbContext).Assembly);
        modelBuilder.Entity<Tenants.Tenant>().HasQueryFilter(TenantFilter, t => t.Id == TenantId);
        OwnedByTenant<Unit>(modelBuilder);
        OwnedByTenant<Ticket>(modelBuilder);
        OwnedByTenant<TicketNumberSequence>(modelBuilder);
        OwnedByTenant<User>(modelBuilder);
        OwnedByTenant<UserSession>(modelBuilder);
        OwnedByTenant<ApiKey>(modelBuilder);
        OwnedByTenant<PersonalDataAccess>(modelBuilder);
        OwnedByTenant<Calendar.TenantCalendarDay>(modelBuilder);
        OwnedByTenant<Notices.Notice>(modelBuilder);
        OwnedByTenant<Attachments.Attachment>(modelBuilder);
        OwnedByTenant<Attachments.AttachmentDownload>(modelBuilder);
        OwnedByTenant<Assessment.UnitMonthRating>(modelBuilder);
        OwnedByTenant<Attachments.AttachmentLargeObject>(modelBuilder);
        OwnedByTenant<Knowledge.Article>(modelBuilder);
    }

    // By the property's name, so entities that do not implement ITenantOwned are covered alike.
    private void OwnedByTenant<TEntity>(ModelBuilder modelBuilder)
        where TEntity : class =>
        modelBuilder.Entity<TEntity>().HasQueryFilter(TenantFilter, x => EF.Property<string>(x, nameof(TenantId)) == TenantId);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // UTC ticks: SQLite cannot order or compare DateTimeOffset, and a long sorts the same on every provider.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        StoreAsText<TicketCategory>(configurationBuilder);
        StoreAsText<TicketUrgency>(configurationBuilder);
        StoreAsText<HandlingClass>(configurationBuilder);
        StoreAsText<TicketState>(configurationBuilder);
        StoreAsText<TicketQueue>(configurationBuilder);
        StoreAsText<TicketAction>(configurationBuilder);
        StoreAsText<HotlineRole>(configurationBuilder);
        StoreAsText<DeadlineKind>(configurationBuilder);
        StoreAsText<AssignmentRole>(configurationBuilder);
        StoreAsText<ReturnReason>(configurationBuilder);
        StoreAsText<LeaderLevel>(configurationBuilder);
        StoreAsText<Returns.RequestStatus>(configurationBuilder);
        StoreAsText<SatisfactionRating>(configurationBuilder);
        StoreAsText<ResolutionType>(configurationBuilder);
        StoreAsText<UnitKind>(configurationBuilder);
    }

    private static void StoreAsText<TEnum>(ModelConfigurationBuilder builder)
        where TEnum : struct, Enum
    {
        builder.Properties<TEnum>().HaveConversion<string>().HaveMaxLength(40);
        builder.Properties<TEnum?>().HaveConversion<string>().HaveMaxLength(40);
    }
}
