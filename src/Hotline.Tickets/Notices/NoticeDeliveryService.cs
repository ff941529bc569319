using Hotline.Workflows.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hotline.Tickets.Notices;

/// <summary>
/// Runs a delivery round every poll interval, each in its own scope: it finds the tenants with notices due, then enters
/// each tenant in turn and delivers that tenant's notices there.
/// </summary>
public sealed partial class NoticeDeliveryService(
    IServiceScopeFactory scopes,
    NoticeDeliveryOptions options,
    TimeProvider time,
    ILogger<NoticeDeliveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var delivery = scope.ServiceProvider.GetRequiredService<NoticeDelivery>();
                var tenants = scope.ServiceProvider.GetRequiredService<TenantScope>();
                foreach (var tenantId in await delivery.TenantsWithDueAsync(stoppingToken))
                {
                    using var tenant = tenants.Enter(tenantId);
                    DeliveryRound round;
                    do
                    {
                        round = await delivery.DeliverDueAsync(stoppingToken);
                    }
                    while (round.Sent + round.Failed == options.BatchSize && !stoppingToken.IsCancellationRequested);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The outbox keeps every notice; the next round tries again.
                LogRoundFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice delivery round failed")]
    private partial void LogRoundFailed(Exception exception);
}
