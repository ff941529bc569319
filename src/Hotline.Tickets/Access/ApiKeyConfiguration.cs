using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>EF mapping of <see cref="ApiKey"/>: looked up by hash.</summary>
public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("ApiKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasMaxLength(32);
        builder.Property(k => k.TenantId).HasMaxLength(64);
        builder.Property(k => k.Name).HasMaxLength(ApiKey.MaxNameLength);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.DisplayPrefix).HasMaxLength(16);
        builder.Property<string>("_roleList").HasColumnName("Roles").HasMaxLength(512);
        builder.Property(k => k.UnitCode).HasMaxLength(RoleAssignment.MaxUnitCodeLength);
        builder.Property(k => k.CreatedBy).HasMaxLength(128);
        builder.Ignore(k => k.Roles);
        builder.HasIndex(k => k.KeyHash).IsUnique();
        builder.HasIndex(k => k.TenantId);
    }
}
