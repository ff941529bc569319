using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Persistence;

/// <summary>The embedded store a single county runs on; migrations under <c>Persistence/Migrations/Sqlite</c>.</summary>
public sealed class SqliteWorkflowDbContext(DbContextOptions<SqliteWorkflowDbContext> options) : WorkflowDbContext(options);
