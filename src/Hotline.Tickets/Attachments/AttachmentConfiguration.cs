using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Attachments;

/// <summary>EF mapping of <see cref="Attachment"/>: found by tenant, ticket and key.</summary>
public sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> builder)
    {
        builder.ToTable("Attachments");
        builder.HasKey(a => a.StorageKey);
        builder.Property(a => a.StorageKey).HasMaxLength(32);
        builder.Property(a => a.TenantId).HasMaxLength(64);
        builder.Property(a => a.TicketNumber).HasMaxLength(64);
        builder.Property(a => a.FileName).HasMaxLength(Attachment.MaxFileNameLength);
        builder.Property(a => a.ContentType).HasMaxLength(100);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        builder.Property(a => a.UploadedBy).HasMaxLength(64);
        builder.HasIndex(a => new { a.TenantId, a.TicketNumber });
    }
}

/// <summary>EF mapping of <see cref="AttachmentDownload"/>: read by ticket.</summary>
public sealed class AttachmentDownloadConfiguration : IEntityTypeConfiguration<AttachmentDownload>
{
    public void Configure(EntityTypeBuilder<AttachmentDownload> builder)
    {
        builder.ToTable("AttachmentDownloads");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasMaxLength(32);
        builder.Property(d => d.TenantId).HasMaxLength(64);
        builder.Property(d => d.StorageKey).HasMaxLength(32);
        builder.Property(d => d.TicketNumber).HasMaxLength(64);
        builder.Property(d => d.UserId).HasMaxLength(64);
        builder.Property(d => d.UserName).HasMaxLength(128);
        builder.Property(d => d.Roles).HasMaxLength(512);
        builder.HasIndex(d => new { d.TenantId, d.TicketNumber });
    }
}

/// <summary>EF mapping of <see cref="AttachmentLargeObject"/>: found by storage key.</summary>
public sealed class AttachmentLargeObjectConfiguration : IEntityTypeConfiguration<AttachmentLargeObject>
{
    public void Configure(EntityTypeBuilder<AttachmentLargeObject> builder)
    {
        builder.ToTable("AttachmentLargeObjects");
        builder.HasKey(o => o.StorageKey);
        builder.Property(o => o.StorageKey).HasMaxLength(32);
        builder.Property(o => o.TenantId).HasMaxLength(64);
    }
}
