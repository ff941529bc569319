using Hotline.Workflows.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Workflows.Persistence;

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstance>
{
    public void Configure(EntityTypeBuilder<WorkflowInstance> builder)
    {
        builder.ToTable("WorkflowInstances");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.DefinitionId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.DefinitionVersionId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.TenantId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.CorrelationId).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.Name).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.SubStatus).HasConversion<string>().HasMaxLength(16);

        // Two nodes (or two requests) that loaded the same revision cannot both save: the loser's
        // UPDATE matches no row and surfaces as a concurrency conflict.
        builder.Property(x => x.Revision).IsConcurrencyToken();

        builder.HasIndex(x => x.DefinitionId);
        builder.HasIndex(x => x.DefinitionVersionId);
        builder.HasIndex(x => new { x.TenantId, x.CorrelationId });
        builder.HasIndex(x => new { x.Status, x.SubStatus });
        builder.HasIndex(x => x.CreatedAt);
    }
}
