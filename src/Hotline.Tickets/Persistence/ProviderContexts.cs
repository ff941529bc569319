using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Hotline.Tickets.Persistence;

/// <summary>The domain store on SQLite; its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteHotlineDbContext(DbContextOptions<SqliteHotlineDbContext> options) : HotlineDbContext(options);

/// <summary>The domain store on PostgreSQL; its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresHotlineDbContext(DbContextOptions<PostgresHotlineDbContext> options) : HotlineDbContext(options);

/// <summary>The migrations history table of the domain, apart from the engine's in the same database.</summary>
public static class HotlineMigrations
{
    public const string HistoryTable = "__hotline_migrations";
}

internal sealed class SqliteHotlineDesignTimeFactory : IDesignTimeDbContextFactory<SqliteHotlineDbContext>
{
    public SqliteHotlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHotlineDbContext>()
            .UseSqlite("Data Source=design.db", o => o.MigrationsHistoryTable(HotlineMigrations.HistoryTable))
            .Options);
}

internal sealed class PostgresHotlineDesignTimeFactory : IDesignTimeDbContextFactory<PostgresHotlineDbContext>
{
    public PostgresHotlineDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHotlineDbContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable(HotlineMigrations.HistoryTable))
            .Options);
}
