using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Calendar;

/// <summary>EF mapping of <see cref="TenantCalendarDay"/>: one row per tenant and date.</summary>
public sealed class TenantCalendarDayConfiguration : IEntityTypeConfiguration<TenantCalendarDay>
{
    public void Configure(EntityTypeBuilder<TenantCalendarDay> builder)
    {
        builder.ToTable("TenantCalendarDays");
        builder.HasKey(d => new { d.TenantId, d.Date });
        builder.Property(d => d.TenantId).HasMaxLength(64);
        builder.Property(d => d.Kind).HasConversion<string>().HasMaxLength(32);
        builder.Property(d => d.Name).HasMaxLength(TenantCalendarDay.MaxNameLength);
        builder.Property(d => d.AddedBy).HasMaxLength(128);
    }
}
