using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Applies pending migrations while the host is <em>starting</em>, i.e. before any hosted service's
/// <c>StartAsync</c> (definition import, timer reconciliation, Quartz) touches the tables.
/// </summary>
internal sealed class WorkflowDatabaseMigrator(IServiceProvider services) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => services.MigrateWorkflowDatabaseAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
