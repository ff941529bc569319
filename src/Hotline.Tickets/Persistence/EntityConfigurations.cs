using Hotline.Tickets.Extensions;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Persistence;

/// <summary>EF mapping of <see cref="Tenant"/>.</summary>
public sealed class TenantConfiguration : IEntityTypeConfiguration<Tenant>
{
    public void Configure(EntityTypeBuilder<Tenant> builder)
    {
        builder.ToTable("Tenants");
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).HasMaxLength(64);
        builder.Property(t => t.Name).HasMaxLength(200);
        builder.Property(t => t.ProfileCode).HasMaxLength(32);
        builder.Ignore(t => t.NumberPrefix);
    }
}

/// <summary>EF mapping of <see cref="Unit"/>: leaders inline, liaisons in their own table.</summary>
public sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.ToTable("Units");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).ValueGeneratedNever();
        builder.Property(u => u.TenantId).HasMaxLength(64);
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.HasIndex(u => new { u.TenantId, u.ParentId });
        builder.OwnsOne(u => u.HeadLeader, Contact);
        builder.OwnsOne(u => u.DeputyLeader, Contact);
        builder.OwnsMany(u => u.Liaisons, liaisons =>
        {
            liaisons.ToTable("UnitLiaisons");
            liaisons.WithOwner().HasForeignKey("UnitId");
            liaisons.Property<int>("Id");
            liaisons.HasKey("Id");
            Contact(liaisons);
        });
        builder.Navigation(u => u.Liaisons).UsePropertyAccessMode(PropertyAccessMode.Field);
    }

    private static void Contact<TOwner>(OwnedNavigationBuilder<TOwner, UnitContact> contact)
        where TOwner : class
    {
        contact.Property(c => c.Name).HasMaxLength(100);
        contact.Property(c => c.Phone).HasMaxLength(40);
    }
}

/// <summary>EF mapping of the <see cref="Ticket"/> aggregate and its children.</summary>
public sealed class TicketConfiguration : IEntityTypeConfiguration<Ticket>
{
    public void Configure(EntityTypeBuilder<Ticket> builder)
    {
        builder.ToTable("Tickets");
        // The ticket, its clocks and assignments say when they change (NotifyingEntity): no snapshots to take on load or
        // compare on save. Returns and extensions are rare and stay snapshot-tracked.
        builder.HasChangeTrackingStrategy(ChangeTrackingStrategy.ChangingAndChangedNotifications);
        builder.HasKey(t => t.Id);
        builder.Property(t => t.Id).ValueGeneratedNever();
        builder.Property(t => t.TenantId).HasMaxLength(64);
        builder.Property(t => t.Number).HasMaxLength(TextLimits.Number);
        builder.Property(t => t.Channel).HasMaxLength(TextLimits.Code);
        builder.Property(t => t.RedirectedTo).HasMaxLength(8);
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.HasIndex(t => new { t.TenantId, t.Number }).IsUnique();

        // Lists are newest first, the id breaking ties (docs/perf.md, issue 7): a queue's state or a category, then
        // that order, so a first page reads 20 index entries instead of sorting the tenant's tickets; and the id lets a
        // count, or a check against assignments or clocks, stay in the index.
        builder.HasIndex(t => new { t.TenantId, t.State, t.RegisteredAt, t.Id });
        builder.HasIndex(t => new { t.TenantId, t.Category, t.RegisteredAt, t.Id });
        builder.HasIndex(t => new { t.TenantId, t.Urgency, t.RegisteredAt, t.Id });
        builder.HasIndex(t => new { t.TenantId, t.RegisteredAt, t.Id });

        // A whole number typed into the ticket search is looked up by it (TicketSearch).
        builder.HasIndex(t => t.Number);
        builder.Ignore(t => t.Lead);
        builder.Ignore(t => t.CoUnits);
        builder.Ignore(t => t.PendingReturn);
        builder.Ignore(t => t.PendingExtension);
        builder.Ignore(t => t.Attachments);

        // Personal data lives in its own table, so lists and exports never carry it by accident.
        builder.OwnsOne(t => t.Caller, caller =>
        {
            caller.ToTable("TicketCallers");
            caller.WithOwner().HasForeignKey("TicketId");
            caller.Property(c => c.Name).HasMaxLength(TextLimits.Name);
            caller.Property(c => c.Phone).HasMaxLength(TextLimits.Phone);
            // Caller history and the duplicate check look callers up by these digits.
            caller.Property(c => c.PhoneDigits).HasMaxLength(Caller.MaxPhoneDigits);
            caller.HasIndex(c => c.PhoneDigits);
            caller.Property(c => c.Address).HasMaxLength(TextLimits.Address);
        });
        builder.Navigation(t => t.Caller).IsRequired();

        builder.HasMany(t => t.Events).WithOne().HasForeignKey(e => e.TicketId).OnDelete(DeleteBehavior.Restrict);
        builder.Navigation(t => t.Events).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.Clocks).WithOne().HasForeignKey("TicketId");
        builder.Navigation(t => t.Clocks).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.Assignments).WithOne().HasForeignKey("TicketId");
        builder.Navigation(t => t.Assignments).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.Returns).WithOne().HasForeignKey("TicketId");
        builder.Navigation(t => t.Returns).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.HasMany(t => t.Extensions).WithOne().HasForeignKey("TicketId");
        builder.Navigation(t => t.Extensions).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

/// <summary>EF mapping of <see cref="TicketEvent"/>: append-only, one idempotency key per ticket.</summary>
public sealed class TicketEventConfiguration : IEntityTypeConfiguration<TicketEvent>
{
    public void Configure(EntityTypeBuilder<TicketEvent> builder)
    {
        builder.ToTable("TicketEvents");
        // Append-only: nothing to snapshot on load or compare on save (TicketEvent says why it is safe).
        builder.HasChangeTrackingStrategy(ChangeTrackingStrategy.ChangingAndChangedNotifications);
        builder.HasKey(e => e.Id);
        builder.Property(e => e.ActorId).HasMaxLength(128);
        builder.Property(e => e.Role).HasMaxLength(40);
        builder.Property(e => e.IdempotencyKey).HasMaxLength(TextLimits.IdempotencyKeyColumn);
        builder.Property(e => e.RequestHash).HasMaxLength(64);
        builder.Property(e => e.RuleIds).HasMaxLength(200);
        builder.HasIndex(e => new { e.TicketId, e.IdempotencyKey }).IsUnique();
        builder.HasIndex(e => new { e.TicketId, e.Sequence }).IsUnique();
        builder.HasIndex(e => e.IdempotencyKey);
        builder.Ignore(e => e.Attachments);
    }
}

/// <summary>EF mapping of <see cref="DeadlineClock"/>, indexed by due time for the timers.</summary>
public sealed class DeadlineClockConfiguration : IEntityTypeConfiguration<DeadlineClock>
{
    public void Configure(EntityTypeBuilder<DeadlineClock> builder)
    {
        builder.ToTable("DeadlineClocks");
        builder.HasChangeTrackingStrategy(ChangeTrackingStrategy.ChangingAndChangedNotifications);
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.RuleId).HasMaxLength(32);
        // Running clocks by due time, for the timers and the overdue and due-soon queues, without reading the rows.
        builder.HasIndex(nameof(DeadlineClock.StoppedAt), nameof(DeadlineClock.DueAt), nameof(DeadlineClock.Overdue), "TicketId");
        // A ticket's running clocks: its next due time in a list sorted by it, its deadline light.
        builder.HasIndex("TicketId", nameof(DeadlineClock.StoppedAt), nameof(DeadlineClock.DueAt));
        builder.Ignore(c => c.IsRunning);
    }
}

/// <summary>EF mapping of <see cref="UnitAssignment"/>.</summary>
public sealed class UnitAssignmentConfiguration : IEntityTypeConfiguration<UnitAssignment>
{
    public void Configure(EntityTypeBuilder<UnitAssignment> builder)
    {
        builder.ToTable("TicketAssignments");
        builder.HasChangeTrackingStrategy(ChangeTrackingStrategy.ChangingAndChangedNotifications);
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Opinion).HasMaxLength(TextLimits.Long);
        // With the ticket id, a unit's tickets come from the index alone.
        builder.HasIndex(nameof(UnitAssignment.UnitId), "TicketId");
        builder.Ignore(a => a.IsActive);
    }
}

/// <summary>EF mapping of <see cref="ReturnRequest"/>.</summary>
public sealed class ReturnRequestConfiguration : IEntityTypeConfiguration<ReturnRequest>
{
    public void Configure(EntityTypeBuilder<ReturnRequest> builder)
    {
        builder.ToTable("TicketReturns");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Explanation).HasMaxLength(TextLimits.Long);
        builder.Property(r => r.Basis).HasMaxLength(TextLimits.Long);
        builder.Property(r => r.SuggestedUnit).HasMaxLength(200);
        builder.Property(r => r.DecidedBy).HasMaxLength(128);
        builder.Property(r => r.DecisionReason).HasMaxLength(TextLimits.Long);
    }
}

/// <summary>EF mapping of <see cref="ExtensionRequest"/>.</summary>
public sealed class ExtensionRequestConfiguration : IEntityTypeConfiguration<ExtensionRequest>
{
    public void Configure(EntityTypeBuilder<ExtensionRequest> builder)
    {
        builder.ToTable("TicketExtensions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();
        builder.Property(e => e.Reason).HasMaxLength(TextLimits.Long);
        builder.Property(e => e.OverrideReason).HasMaxLength(TextLimits.Long);
        builder.Property(e => e.DecisionReason).HasMaxLength(TextLimits.Long);
    }
}

/// <summary>EF mapping of <see cref="TicketNumberSequence"/>.</summary>
public sealed class TicketNumberSequenceConfiguration : IEntityTypeConfiguration<TicketNumberSequence>
{
    public void Configure(EntityTypeBuilder<TicketNumberSequence> builder)
    {
        builder.ToTable("TicketNumberSequences");
        builder.HasKey(s => new { s.TenantId, s.Day });
        builder.Property(s => s.TenantId).HasMaxLength(64);
        builder.Property(s => s.Last).IsConcurrencyToken();
    }
}
