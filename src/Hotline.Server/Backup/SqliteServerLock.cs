using Microsoft.Data.Sqlite;

namespace Hotline.Server.Backup;

/// <summary>
/// Tells a restore that a server has the SQLite database open. Each running server holds a shared lock on
/// <c>hotline.db.server-lock</c> beside the database (held from start-up to shut-down); a restore needs the same file
/// exclusively, so it is refused while any server runs and can never pull the database out from under one. The lock is
/// the operating system's, so it is released even when a server is killed.
/// </summary>
public sealed class SqliteServerLock : IHostedLifecycleService, IDisposable
{
    private readonly string path;
    private FileStream? held;

    public SqliteServerLock(string databasePath) => path = PathFor(databasePath);

    /// <summary>The lock file of a database file.</summary>
    public static string PathFor(string databasePath) => Path.GetFullPath(databasePath) + ".server-lock";

    /// <summary>Takes the lock exclusively, as a restore does; null while a server holds it.</summary>
    public static FileStream? TryTakeExclusive(string databasePath)
    {
        try
        {
            return new FileStream(PathFor(databasePath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Read access with sharing takes a shared lock: several servers may hold it, a restore may not take it.
        held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.Read, FileShare.ReadWrite);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        held?.Dispose();
        held = null;
    }
}

/// <summary>Registers the <see cref="SqliteServerLock"/>.</summary>
public static class SqliteServerLockRegistration
{
    public static IServiceCollection AddSqliteServerLock(this IServiceCollection services, string connectionString)
    {
        var database = new SqliteConnectionStringBuilder(connectionString).DataSource;
        services.AddSingleton(new SqliteServerLock(database));
        services.AddHostedService(sp => sp.GetRequiredService<SqliteServerLock>());
        return services;
    }
}
