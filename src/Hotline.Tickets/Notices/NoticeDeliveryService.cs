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
                    await DeliverTenantAsync(delivery, tenantId, stoppingToken);
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

    /// <summary>
    /// One tenant's notices, batch after full batch. A tenant whose delivery fails (its rows, not a transport: a
    /// transport's failure is the notice's) is logged and left for the next round; the tenants after it still get theirs.
    /// </summary>
    private async Task DeliverTenantAsync(NoticeDelivery delivery, string tenantId, CancellationToken stoppingToken)
    {
        try
        {
            DeliveryRound round;
            do
            {
                round = await delivery.DeliverDueAsync(stoppingToken);
            }
            while (round.Sent + round.Failed == options.BatchSize && !stoppingToken.IsCancellationRequested);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogTenantFailed(ex, tenantId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice delivery for tenant {TenantId} failed")]
    private partial void LogTenantFailed(Exception exception, string tenantId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Notice delivery round failed")]
    private partial void LogRoundFailed(Exception exception);
}
