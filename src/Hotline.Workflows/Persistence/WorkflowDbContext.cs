using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The engine's store: definition versions, instances, bookmarks (timers included), the journal and
/// activity execution records. Each database provider has its own subclass so each keeps its own
/// migrations; the runtime only ever sees this base type. The ticket domain keeps its own context on
/// the same database and enlists in this one's transaction (see <see cref="WorkflowUnitOfWork"/>).
/// </summary>
public abstract class WorkflowDbContext : DbContext
{
    protected WorkflowDbContext(DbContextOptions options) : base(options)
    {
    }

    public DbSet<WorkflowDefinitionRecord> Definitions => Set<WorkflowDefinitionRecord>();
    public DbSet<WorkflowInstance> Instances => Set<WorkflowInstance>();
    public DbSet<Bookmark> Bookmarks => Set<Bookmark>();
    public DbSet<WorkflowExecutionLogRecord> Journal => Set<WorkflowExecutionLogRecord>();
    public DbSet<ActivityExecutionRecord> ActivityExecutions => Set<ActivityExecutionRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkflowDbContext).Assembly);
    }
}
