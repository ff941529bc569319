using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Hosting;

/// <summary>
/// Applies the domain's migrations while the host is starting, after the engine's (hosted services start in
/// registration order), so nothing reads a table that does not exist yet.
/// </summary>
internal sealed class HotlineDatabaseMigrator(IServiceProvider services) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Database.MigrateAsync(cancellationToken);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
