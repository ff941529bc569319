using Hotline.Workflows.Bookmarks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Workflows.Persistence;

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<Bookmark>
{
    public void Configure(EntityTypeBuilder<Bookmark> builder)
    {
        builder.ToTable("Bookmarks");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.WorkflowInstanceId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.Name).HasMaxLength(StoreLimits.TypeName);
        builder.Property(x => x.Hash).HasMaxLength(StoreLimits.Hash);
        builder.Property(x => x.ActivityNodeId).HasMaxLength(StoreLimits.NodeId);
        builder.Property(x => x.ActivityInstanceId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.CorrelationId).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.TenantId).HasMaxLength(StoreLimits.Id);

        // A stimulus looks in one tenant; only the timer sweep reads across tenants, by due time.
        builder.HasIndex(x => new { x.TenantId, x.Hash });
        builder.HasIndex(x => x.WorkflowInstanceId);
        builder.HasIndex(x => x.DueAt);
        builder.HasIndex(x => new { x.TenantId, x.CorrelationId });
    }
}
