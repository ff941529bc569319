using Hotline.Workflows.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Hotline.Server.Hosting;

/// <summary><c>/health</c>: the database answers and the timer scheduler runs. A load balancer takes a node out when either fails.</summary>
public static class HostHealth
{
    public static IServiceCollection AddHostHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<SchedulerHealthCheck>("scheduler");
        return services;
    }

    private sealed class DatabaseHealthCheck(WorkflowDbContext db) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy($"{db.Database.ProviderName} answers")
                : HealthCheckResult.Unhealthy("The database does not answer.");
    }

    private sealed class SchedulerHealthCheck(ISchedulerFactory schedulers) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            var status = await scheduler.GetStatus(cancellationToken);
            return status == SchedulerStatus.Running
                ? HealthCheckResult.Healthy("Quartz is running")
                : HealthCheckResult.Unhealthy($"The timer scheduler is {status}; due timers fire only once it runs again.");
        }
    }
}
