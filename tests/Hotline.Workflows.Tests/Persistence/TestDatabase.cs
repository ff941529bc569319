using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Hotline.Workflows.Tests.Persistence;

/// <summary>
/// A throw-away database for one test: a SQLite file in its own temp folder, or a uniquely named
/// PostgreSQL database (skipped unless HOTLINE_TEST_POSTGRES is set), dropped on dispose.
/// </summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "HOTLINE_TEST_POSTGRES";

    private readonly string? folder;
    private readonly string? adminConnectionString;
    private readonly string? databaseName;

    private TestDatabase(WorkflowDatabaseProvider provider, string connectionString, string? folder, string? adminConnectionString, string? databaseName)
    {
        Provider = provider;
        ConnectionString = connectionString;
        this.folder = folder;
        this.adminConnectionString = adminConnectionString;
        this.databaseName = databaseName;
    }

    public WorkflowDatabaseProvider Provider { get; }
    public string ConnectionString { get; }
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public static async Task<TestDatabase> CreateAsync(WorkflowDatabaseProvider provider) => provider switch
    {
        WorkflowDatabaseProvider.Sqlite => CreateSqlite(),
        _ => await CreatePostgresAsync(),
    };

    public static TestDatabase CreateSqlite()
    {
        var folder = Path.Combine(Path.GetTempPath(), "hotline-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new(WorkflowDatabaseProvider.Sqlite, $"Data Source={Path.Combine(folder, "workflows.db")}", folder, null, null);
    }

    public static async Task<TestDatabase> CreatePostgresAsync()
    {
        var admin = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(admin))
        {
            Assert.Skip($"Set {PostgresVariable} to an Npgsql connection string to run this test");
        }

        var name = "hotline_test_" + Guid.NewGuid().ToString("N");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new(WorkflowDatabaseProvider.PostgreSql, builder.ConnectionString, null, admin, name);
    }

    /// <summary>A service collection wired to this database and the fake clock; add more before building.</summary>
    public ServiceCollection CreateServices(Action<DbContextOptionsBuilder>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddWorkflowPersistence(Provider, ConnectionString, configure);
        services.AddWorkflowDefinitions();
        return services;
    }

    /// <summary>Builds the services and applies migrations.</summary>
    public async Task<ServiceProvider> CreateProviderAsync(Action<IServiceCollection>? configure = null)
    {
        var services = CreateServices();
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        await provider.MigrateWorkflowDatabaseAsync(TestContext.Current.CancellationToken);
        return provider;
    }

    public async ValueTask DisposeAsync()
    {
        if (folder is not null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A handle still closing; the temp folder is cleaned by the OS.
            }
        }

        if (adminConnectionString is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)", connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
