using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Persistence;

/// <summary>The multi-node store (PostgreSQL); migrations under <c>Persistence/Migrations/Postgres</c>.</summary>
public sealed class PostgresWorkflowDbContext(DbContextOptions<PostgresWorkflowDbContext> options) : WorkflowDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // timestamptz accepts only UTC offsets; an imported definition may carry +08:00.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}
