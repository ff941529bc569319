using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>EF mapping of <see cref="PersonalDataAccess"/>: read by ticket and by reader.</summary>
public sealed class PersonalDataAccessConfiguration : IEntityTypeConfiguration<PersonalDataAccess>
{
    public void Configure(EntityTypeBuilder<PersonalDataAccess> builder)
    {
        builder.ToTable("PersonalDataAccesses");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).HasMaxLength(32);
        builder.Property(a => a.TenantId).HasMaxLength(64);
        builder.Property(a => a.TicketId).HasMaxLength(64);
        builder.Property(a => a.Field).HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Purpose).HasMaxLength(PersonalDataAccess.MaxPurposeLength);
        builder.Property(a => a.UserId).HasMaxLength(64);
        builder.Property(a => a.UserName).HasMaxLength(128);
        builder.Property(a => a.Roles).HasMaxLength(512);
        builder.HasIndex(a => new { a.TenantId, a.TicketId });
        builder.HasIndex(a => new { a.TenantId, a.UserId, a.AccessedAt });
    }
}
