using Hotline.Workflows.Journal;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Hotline.Workflows.Persistence;

internal sealed class WorkflowExecutionLogRecordConfiguration : IEntityTypeConfiguration<WorkflowExecutionLogRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowExecutionLogRecord> builder)
    {
        builder.ToTable("WorkflowExecutionLogRecords");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.WorkflowInstanceId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.ActivityInstanceId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.ParentActivityInstanceId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.ActivityId).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.ActivityType).HasMaxLength(StoreLimits.TypeName);
        builder.Property(x => x.ActivityName).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.NodeId).HasMaxLength(StoreLimits.NodeId);
        builder.Property(x => x.EventName).HasMaxLength(32);
        builder.Property(x => x.Actor).HasMaxLength(StoreLimits.Name);
        builder.HasIndex(x => new { x.WorkflowInstanceId, x.Sequence });
    }
}

internal sealed class ActivityExecutionRecordConfiguration : IEntityTypeConfiguration<ActivityExecutionRecord>
{
    public void Configure(EntityTypeBuilder<ActivityExecutionRecord> builder)
    {
        builder.ToTable("ActivityExecutionRecords");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.Id).HasMaxLength(StoreLimits.Id);
        // A concurrency token so EF updates a record only where the stored row is of the same instance: a key an imported
        // instance's state names may be held by another instance (or tenant), whose row must never be written over.
        builder.Property(x => x.WorkflowInstanceId).HasMaxLength(StoreLimits.Id).IsConcurrencyToken();
        builder.Property(x => x.ActivityId).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.ActivityNodeId).HasMaxLength(StoreLimits.NodeId);
        builder.Property(x => x.ActivityType).HasMaxLength(StoreLimits.TypeName);
        builder.Property(x => x.ActivityName).HasMaxLength(StoreLimits.Name);
        builder.Property(x => x.Status).HasConversion<string>().HasMaxLength(16);
        builder.Property(x => x.SchedulingActivityExecutionId).HasMaxLength(StoreLimits.Id);
        builder.Property(x => x.SchedulingActivityId).HasMaxLength(StoreLimits.Name);
        builder.HasIndex(x => new { x.WorkflowInstanceId, x.ActivityNodeId });
        builder.HasIndex(x => new { x.WorkflowInstanceId, x.StartedAt });
    }
}
