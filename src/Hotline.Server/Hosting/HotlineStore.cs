using Hotline.Application.Lifecycle;
using Hotline.Server.Backup;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tenants;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Hosting;

/// <summary>
/// One database for the engine and the domain. The domain context opens on the very connection of the scope's
/// <see cref="WorkflowDbContext"/>, so a <see cref="HotlineUnitOfWork"/> commits a ticket action and the workflow
/// step it causes in one transaction. SQLite (a file under <see cref="DataDirectory"/>) unless
/// <c>Hotline:Database:Provider</c> is <c>PostgreSql</c> with <c>ConnectionStrings:Hotline</c>.
/// </summary>
public static class HotlineStore
{
    /// <summary>
    /// The database configuration names: its provider and connection string, the SQLite file under
    /// <see cref="DataDirectory"/> when none is given. The backup and restore commands find it the same way.
    /// </summary>
    public static (WorkflowDatabaseProvider Provider, string ConnectionString) Database(IConfiguration configuration, IHostEnvironment environment)
    {
        var provider = configuration.GetValue("Hotline:Database:Provider", WorkflowDatabaseProvider.Sqlite);
        var connectionString = configuration.GetConnectionString("Hotline");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            if (provider != WorkflowDatabaseProvider.Sqlite)
            {
                throw new InvalidOperationException("ConnectionStrings:Hotline is required when Hotline:Database:Provider is PostgreSql.");
            }

            connectionString = $"Data Source={Path.Combine(DataDirectory.Resolve(configuration, environment), "hotline.db")}";
        }

        return (provider, provider == WorkflowDatabaseProvider.PostgreSql ? PostgresConnectionDefaults.Apply(connectionString) : connectionString);
    }

    public static WebApplicationBuilder AddHotlineStore(this WebApplicationBuilder builder)
    {
        var (provider, connectionString) = Database(builder.Configuration, builder.Environment);
        var services = builder.Services;
        if (provider == WorkflowDatabaseProvider.Sqlite)
        {
            // First, so no hosted service opens the file while a restore replaces it.
            services.AddSqliteServerLock(connectionString);
        }

        // Before the engine's: its context and the domain's share this scope's tenant.
        services.AddScoped(InRequestTenant);
        services.AddWorkflowPersistence(provider, connectionString);
        if (provider == WorkflowDatabaseProvider.Sqlite)
        {
            // Given the scope's connection after it is built, not in its options: EF Core registers its SQLite functions
            // on a connection passed in the options, every scope, and that would expire the connection's prepared statements.
            services.AddDbContextPool<SqliteHotlineDbContext>(
                options => HotlineDbContext.IgnoreFilteredPrincipalWarning(options)
                    .UseSqlite(o => o.MigrationsHistoryTable(HotlineMigrations.HistoryTable)).AddInterceptors(SqliteStatementReuse.Instance));
            services.AddScoped<HotlineDbContext>(Leased<SqliteHotlineDbContext>);
        }
        else
        {
            // As on SQLite, options built once and the scope's connection given afterwards: options built per scope
            // (the connection in them) cost EF a look-up of its internal services by the options' key on every request.
            // Pooled as on SQLite.
            services.AddDbContextPool<PostgresHotlineDbContext>(
                options => HotlineDbContext.IgnoreFilteredPrincipalWarning(options).UseNpgsql(o => o.MigrationsHistoryTable(HotlineMigrations.HistoryTable)));
            services.AddScoped<HotlineDbContext>(Leased<PostgresHotlineDbContext>);
        }

        services.AddScoped<TicketStore>();
        services.AddSingleton<TenantRulesCache>();
        services.AddSingleton<Hotline.Tickets.Units.UnitNameCache>();
        services.AddScoped<Hotline.Tickets.Units.UnitReferences>();
        services.AddScoped<Hotline.Tickets.Attachments.AttachmentCitations>();
        services.AddScoped<HotlineUnitOfWork>();
        services.AddHostedService<HotlineDatabaseMigrator>();
        return builder;
    }

    /// <summary>
    /// A request's scope works in its signed-in user's tenant (the tenant query filter of both contexts); outside a
    /// request (timers, background jobs) in none until the work enters the tenant it serves. Read from the request's
    /// principal at each query, not from the scoped <c>CurrentUser</c>: the sign-in checks query before the user is known.
    /// </summary>
    private static TenantScope InRequestTenant(IServiceProvider services)
    {
        var http = services.GetService<IHttpContextAccessor>();
        return http is null ? new TenantScope() : new TenantScope(() => http.HttpContext?.User.FindFirst(HotlineClaims.TenantId)?.Value);
    }

    /// <summary>
    /// The scope's domain context, leased from the pool (not built per request) and given this scope's connection and
    /// tenant; everything else a lease could leave behind, the pool resets (tracked entities, the transaction, the save
    /// settings) or <see cref="HotlineDbContext"/> does when the lease ends (its tenant).
    /// </summary>
    private static HotlineDbContext Leased<TContext>(IServiceProvider services)
        where TContext : HotlineDbContext
    {
        var connection = services.GetRequiredService<WorkflowDbContext>().Database.GetDbConnection();
        var db = services.GetRequiredService<TContext>();
        db.Database.SetDbConnection(connection);
        return db.InScope(services.GetRequiredService<TenantScope>());
    }
}
