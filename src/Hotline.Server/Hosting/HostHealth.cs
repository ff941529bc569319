using System.Data.Common;
using System.Globalization;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Quartz;

namespace Hotline.Server.Hosting;

/// <summary>
/// <c>/health</c>: the database answers and the timer scheduler runs (else Unhealthy: a load balancer takes the node
/// out); and the database takes a write within <c>Hotline:Health:WriteProbeTimeout</c> (else Degraded: the node is
/// up, but something holds the write lock, e.g. a long workflow burst, and every county's actions are waiting).
/// </summary>
public static class HostHealth
{
    public static IServiceCollection AddHostHealth(this IServiceCollection services, IConfiguration configuration)
    {
        var timeout = configuration.GetValue("Hotline:Health:WriteProbeTimeout", TimeSpan.FromSeconds(3));
        services.AddSingleton(sp => new DatabaseWriteCheck(sp.GetRequiredService<IServiceScopeFactory>(), timeout));
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<DatabaseWriteCheck>("database-writes")
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

    /// <summary>
    /// Takes the write lock and lets go at once (SQLite <c>BEGIN IMMEDIATE; ROLLBACK</c>; on PostgreSQL a transaction
    /// id, which a read-only or stuck server cannot hand out). The probe waits at most the timeout, so it can never
    /// itself hold anyone up for long, and callers that ask while a probe runs share its answer rather than queue
    /// more probes on the lock.
    /// </summary>
    private sealed class DatabaseWriteCheck(IServiceScopeFactory scopes, TimeSpan timeout) : IHealthCheck
    {
        private readonly Lock gate = new();
        private Task<HealthCheckResult>? running;

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            lock (gate)
            {
                if (running is not { IsCompleted: false })
                {
                    running = ProbeAsync();
                }

                return running.WaitAsync(cancellationToken);
            }
        }

        private async Task<HealthCheckResult> ProbeAsync()
        {
            var scope = scopes.CreateAsyncScope();
            await using (scope.ConfigureAwait(false))
            {
                var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
                try
                {
                    if (db.Database.IsSqlite())
                    {
                        await ProbeSqliteAsync(db.Database.GetConnectionString()!).ConfigureAwait(false);
                    }
                    else
                    {
                        await ProbePostgresAsync(db).ConfigureAwait(false);
                    }

                    return HealthCheckResult.Healthy("The database takes writes.");
                }
                catch (Exception exception) when (exception is DbException or TimeoutException or OperationCanceledException or InvalidOperationException)
                {
                    return HealthCheckResult.Degraded(
                        string.Create(CultureInfo.InvariantCulture, $"The database gave no write lock within {timeout.TotalSeconds:0.#} s; writes are waiting."),
                        exception);
                }
            }
        }

        private async Task ProbeSqliteAsync(string connectionString)
        {
            // A connection of its own: the pool's connections keep the store's long busy timeout.
            var builder = new SqliteConnectionStringBuilder(connectionString)
            {
                Pooling = false,
                DefaultTimeout = Math.Max(1, (int)Math.Ceiling(timeout.TotalSeconds)),
            };
            var connection = new SqliteConnection(builder.ToString());
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                // One statement per command: in a batch, a busy BEGIN after a PRAGMA that returns a row goes unreported.
                foreach (var statement in (string[])[$"PRAGMA busy_timeout = {(int)timeout.TotalMilliseconds};", "BEGIN IMMEDIATE;", "ROLLBACK;"])
                {
                    var command = connection.CreateCommand();
                    await using (command.ConfigureAwait(false))
                    {
                        command.CommandText = statement;
                        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
                    }
                }
            }
        }

        private async Task ProbePostgresAsync(WorkflowDbContext db)
        {
            using var deadline = new CancellationTokenSource(timeout);
            await db.Database.OpenConnectionAsync(deadline.Token).ConfigureAwait(false);
            try
            {
                var connection = db.Database.GetDbConnection();
                var transaction = await connection.BeginTransactionAsync(deadline.Token).ConfigureAwait(false);
                await using (transaction.ConfigureAwait(false))
                {
                    var command = connection.CreateCommand();
                    await using (command.ConfigureAwait(false))
                    {
                        var milliseconds = (int)timeout.TotalMilliseconds;
                        command.Transaction = transaction;
                        command.CommandText = string.Create(
                            CultureInfo.InvariantCulture,
                            $"SET LOCAL lock_timeout = {milliseconds}; SET LOCAL statement_timeout = {milliseconds}; SELECT pg_current_xact_id();");
                        await command.ExecuteScalarAsync(deadline.Token).ConfigureAwait(false);
                    }

                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
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
