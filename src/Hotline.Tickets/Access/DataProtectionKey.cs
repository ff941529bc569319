using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Access;

/// <summary>
/// One key of the ASP.NET Core data-protection key ring (数据保护密钥), which signs session cookies
/// and bearer tokens. Kept in the shared database so every server node reads the same ring and
/// sessions survive restarts and redeploys.
/// </summary>
public sealed class DataProtectionKey
{
    private DataProtectionKey()
    {
        FriendlyName = Xml = "";
    }

    public DataProtectionKey(string friendlyName, string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        FriendlyName = friendlyName ?? "";
        Xml = xml;
    }

    public int Id { get; private set; }
    public string FriendlyName { get; private set; }

    /// <summary>The key element as data protection wrote it.</summary>
    public string Xml { get; private set; }
}

/// <summary>EF mapping of <see cref="DataProtectionKey"/>.</summary>
public sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder)
    {
        builder.ToTable("DataProtectionKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.FriendlyName).HasMaxLength(128);
    }
}
