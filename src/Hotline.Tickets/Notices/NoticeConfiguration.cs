using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Tickets.Notices;

/// <summary>The outbox table. The deduplication key is unique, so a repeated cause cannot write a second notice.</summary>
internal sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> builder)
    {
        builder.ToTable("Notices");
        builder.HasKey(n => n.Id);
        builder.Property(n => n.Id).HasMaxLength(32);
        builder.Property(n => n.TenantId).HasMaxLength(64);
        builder.Property(n => n.TicketNumber).HasMaxLength(64);
        builder.Property(n => n.Kind).HasMaxLength(64);
        builder.Property(n => n.Channel).HasConversion<string>().HasMaxLength(16);
        builder.Property(n => n.Recipient).HasMaxLength(256);
        builder.Property(n => n.RecipientName).HasMaxLength(128);
        builder.Property(n => n.Subject).HasMaxLength(512);
        builder.Property(n => n.DeduplicationKey).HasMaxLength(256);
        builder.Property(n => n.LastError).HasMaxLength(2000);
        builder.Property(n => n.Revision).IsConcurrencyToken();
        builder.Ignore(n => n.IsPending);
        builder.HasIndex(n => n.DeduplicationKey).IsUnique();
        builder.HasIndex(n => new { n.SentAt, n.AbandonedAt, n.NextAttemptAt });
        builder.HasIndex(n => new { n.TenantId, n.TicketNumber });
    }
}
