using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Persistence;

/// <summary>The multi-node store (PostgreSQL); migrations under <c>Persistence/Migrations/Postgres</c>.</summary>
public sealed class PostgresWorkflowDbContext(DbContextOptions<PostgresWorkflowDbContext> options) : WorkflowDbContext(options);
