using Hotline.Tickets.Access;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// The hotline domain's store (工单库): tenants, units, tickets, callers (own table), events, clocks. It applies every
/// <see cref="IEntityTypeConfiguration{TEntity}"/> of this assembly, so other capabilities' entities (calendar days,
/// users) are mapped without touching this file. Provider-neutral: SQLite and PostgreSQL. It shares the engine's
/// database; open it on the engine's connection and call <c>Database.UseTransaction</c> to commit with the workflow.
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

    public DbSet<Tenants.Tenant> Tenants => Set<Tenants.Tenant>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Ticket> Tickets => Set<Ticket>();
    public DbSet<TicketEvent> TicketEvents => Set<TicketEvent>();
    public DbSet<DeadlineClock> DeadlineClocks => Set<DeadlineClock>();
    public DbSet<TicketNumberSequence> TicketNumberSequences => Set<TicketNumberSequence>();

    /// <summary>The data-protection key ring (cookies, bearer tokens), read and written by ASP.NET Core's EF Core key store.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(HotlineDbContext).Assembly);

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

    /// <summary>Stores an instant as UTC ticks and reads it back as UTC.</summary>
    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}
