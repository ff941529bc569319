using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the engine's store.</summary>
public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="WorkflowDbContext"/> on the given provider, the <see cref="WorkflowUnitOfWork"/>
    /// the domain enlists in, and a start-up step that applies migrations.
    /// </summary>
    /// <remarks><paramref name="configure"/> adds options such as interceptors (tests use it).</remarks>
    public static IServiceCollection AddWorkflowPersistence(
        this IServiceCollection services,
        WorkflowDatabaseProvider provider,
        string connectionString,
        Action<DbContextOptionsBuilder>? configure = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        switch (provider)
        {
            case WorkflowDatabaseProvider.Sqlite:
                services.AddDbContextPool<SqliteWorkflowDbContext>(options =>
                {
                    options.UseSqlite(connectionString).AddInterceptors(SqliteDurabilityInterceptor.Instance, SqliteStatementReuse.Instance);
                    configure?.Invoke(options);
                });

                // Each scope works on an open connection of the shelf, whose prepared statements outlive the request.
                services.TryAddSingleton(_ => new SqliteConnectionShelf(connectionString));
                services.TryAddScoped<SqliteConnectionLease>();
                services.TryAddScoped<WorkflowDbContext>(sp =>
                {
                    // The lease first, so the scope disposes it after the context (which ends its transaction first).
                    var connection = sp.GetRequiredService<SqliteConnectionLease>().Connection;
                    var db = sp.GetRequiredService<SqliteWorkflowDbContext>();
                    db.Database.SetDbConnection(connection);
                    return db.Leased(sp.GetService<TenantScope>());
                });
                break;
            case WorkflowDatabaseProvider.PostgreSql:
                services.AddDbContextPool<PostgresWorkflowDbContext>(options =>
                {
                    options.UseNpgsql(connectionString);
                    configure?.Invoke(options);
                });
                services.TryAddScoped<WorkflowDbContext>(sp => sp.GetRequiredService<PostgresWorkflowDbContext>().Leased(sp.GetService<TenantScope>()));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(provider), provider, "Unknown database provider.");
        }

        services.TryAddSingleton(TimeProvider.System);
        // One tenant per service scope; a host whose scopes have a signed-in user registers its own first.
        services.TryAddScoped(_ => new TenantScope());
        services.TryAddScoped<WorkflowUnitOfWork>();
        services.AddHostedService<WorkflowDatabaseMigrator>();
        return services;
    }

    /// <summary>Applies pending migrations (creating the SQLite file's folder if needed).</summary>
    public static async Task MigrateWorkflowDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var scope = services.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
            if (db.Database.IsSqlite())
            {
                var dataSource = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
                var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
                if (!string.IsNullOrEmpty(folder))
                {
                    Directory.CreateDirectory(folder);
                }
            }

            await db.Database.MigrateAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
