using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Hosting;

/// <summary>
/// Applies the domain's migrations while the host is starting, after the engine's (hosted services start in
/// registration order), so nothing reads a table that does not exist yet. Then SQLite's full-text tables are checked
/// and rebuilt when a rebuilt table or a VACUUM left them out of step (<see cref="FullTextIndexCheck"/>).
/// </summary>
internal sealed class HotlineDatabaseMigrator(IServiceProvider services, ILogger<HotlineDatabaseMigrator> log) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        await db.Database.MigrateAsync(cancellationToken);
        if (await FullTextIndexCheck.RepairIfBrokenAsync(db, cancellationToken))
            log.LogWarning("The full-text tables were out of step with Tickets/Articles (a rebuilt table or a VACUUM) and were rebuilt.");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
