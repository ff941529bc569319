using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// The hotline domain's store (工单库): tenants, units, tickets, callers (own table), events, clocks. It applies every
/// <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly, so other capabilities' entities (calendar days,
/// users) are mapped without touching this file. Provider-neutral: SQLite and PostgreSQL. It shares the engine's
/// database; open it on the engine's connection and call <c>Database.UseTransaction</c> to commit with the workflow.
/// <para>
/// Tenant ownership is a named query filter (<see cref="TenantFilter"/>) on every entity with a <c>TenantId</c> and on
/// the tenants themselves: a context working in a tenant (<see cref="TenantId"/>: the signed-in user's, from the
/// request's scope, or one entered with <see cref="EnterTenant"/>) sees only that tenant's rows. A context outside any
/// tenant — system work: timers, background jobs, provisioning, sign-in before the user is known — is not narrowed,
/// so those paths keep their own <c>TenantId</c> conditions. A read that must cross tenants inside a tenant's scope
/// opts out by name: <c>IgnoreQueryFilters([HotlineDbContext.TenantFilter])</c>.
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
    public const string TenantFilter = "Tenant";

    private string? enteredTenant;
    private Func<string?>? scopeTenant;

    /// <summary>The tenant this context works in: the one entered, else the scope's (its signed-in user's); null outside any tenant.</summary>
    public string? TenantId => enteredTenant ?? scopeTenant?.Invoke();

    /// <summary>Works in <paramref name="tenantId"/> until the returned scope is disposed, then as before.</summary>
    public IDisposable EnterTenant(string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        var previous = enteredTenant;
        enteredTenant = tenantId;
        return new TenantExit(this, previous);
    }

    /// <summary>
    /// Takes the tenant from the scope (asked at each query, since a request's user is known only after sign-in is
    /// checked, which itself reads this context); null or empty is outside any tenant.
    /// </summary>
    public HotlineDbContext InScopeTenant(Func<string?> tenantOfScope)
    {
        scopeTenant = () => tenantOfScope() is { Length: > 0 } tenant ? tenant : null;
        return this;
    }

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
    protected override void OnConfiguring(DbContextOptionsBuilder optionsBuilder) =>
        optionsBuilder.ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.CoreEventId.PossibleIncorrectRequiredNavigationWithQueryFilterInteractionWarning));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HotlineDbContext).Assembly);
        modelBuilder.Entity<Tenants.Tenant>().HasQueryFilter(TenantFilter, t => TenantId == null || t.Id == TenantId);
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
        modelBuilder.Entity<TEntity>().HasQueryFilter(TenantFilter, x => TenantId == null || EF.Property<string>(x, nameof(TenantId)) == TenantId);

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

    private sealed class TenantExit(HotlineDbContext db, string? previous) : IDisposable
    {
        public void Dispose() => db.enteredTenant = previous;
    }
}
