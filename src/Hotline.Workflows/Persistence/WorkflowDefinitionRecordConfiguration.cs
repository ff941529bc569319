using Hotline.Workflows.Definitions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Workflows.Persistence;

internal sealed class WorkflowDefinitionRecordConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> builder)
    {
        builder.ToTable("WorkflowDefinitions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.DefinitionId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.Name).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.TenantId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.ContentHash).HasMaxLength(64);
        // Definition ids and names are a tenant's own: two counties may both have `ticket-lifecycle`. Version ids
        // (the key) stay unique across tenants, since instances pin them.
        builder.HasIndex(x => new { x.TenantId, x.DefinitionId, x.Version }).IsUnique();
        builder.HasIndex(x => new { x.TenantId, x.DefinitionId, x.IsLatest });
        builder.HasIndex(x => new { x.TenantId, x.IsPublished });
        builder.HasIndex(x => new { x.TenantId, x.Name });
    }
}
