using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>
/// EF mapping of ASP.NET Core's data-protection key rows (数据保护密钥), which sign session cookies and bearer tokens.
/// Kept in the shared database so every server node reads the same ring and sessions survive restarts; the table
/// and columns are those the hotline's own key store used before, so existing rings are read as they are.
/// </summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(128).IsRequired();
        builder.Property(k => k.Xml).IsRequired();
    }
}
