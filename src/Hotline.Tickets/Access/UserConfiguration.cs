using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>EF mapping of <see cref="User"/>: user names are unique within a tenant.</summary>
public sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("Users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasMaxLength(32);
        builder.Property(u => u.TenantId).HasMaxLength(64);
        builder.Property(u => u.UserName).HasMaxLength(User.MaxUserNameLength);
        builder.Property(u => u.DisplayName).HasMaxLength(128);
        builder.Property(u => u.Email).HasMaxLength(User.MaxEmailLength);
        builder.Property<string>("_roleList").HasColumnName("Roles").HasMaxLength(512);
        builder.Property(u => u.UnitCode).HasMaxLength(RoleAssignment.MaxUnitCodeLength);
        builder.Property(u => u.PasswordHash).HasMaxLength(256);
        builder.Property(u => u.SecurityStamp).HasMaxLength(32);
        builder.Ignore(u => u.Roles);
        builder.HasIndex(u => new { u.TenantId, u.UserName }).IsUnique();
        builder.HasIndex(u => new { u.TenantId, u.UnitCode });
    }
}
