using Microsoft.Data.Sqlite;

namespace Hotline.Server.Backup;

/// <summary>
/// Backup and restore of the embedded SQLite database (数据备份与恢复). A backup is taken with SQLite's online backup
/// API in one step, inside one read transaction: in WAL mode the servers keep writing meanwhile, and the copy is the
/// database as of the moment the step began — every transaction committed before it, none after. The copy is checked
/// (<c>PRAGMA integrity_check</c>), made self-contained (rollback journal, no <c>-wal</c> file) and only then moved to
/// its name, so a failed backup never leaves a file that looks good. A restore needs every server stopped
/// (<see cref="SqliteServerLock"/>) and writes through SQLite, so a stale <c>-wal</c> file cannot resurrect old pages.
/// </summary>
public static class SqliteBackup
{
    /// <summary>Copies the live database at <paramref name="databasePath"/> to <paramref name="backupPath"/>.</summary>
    public static void Backup(string databasePath, string backupPath)
    {
        if (!File.Exists(databasePath))
        {
            throw new BackupException($"There is no database at {databasePath}.");
        }

        var target = Path.GetFullPath(backupPath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var partial = target + ".partial";
        File.Delete(partial);
        using (var source = Open(databasePath, SqliteOpenMode.ReadWrite))
        using (var copy = Open(partial, SqliteOpenMode.ReadWriteCreate))
        {
            source.BackupDatabase(copy);
            Execute(copy, "PRAGMA journal_mode=DELETE;");
            RequireIntact(copy, partial);
        }

        File.Move(partial, target, overwrite: true);
    }

    /// <summary>
    /// Replaces the database at <paramref name="databasePath"/> with the backup at <paramref name="backupPath"/>.
    /// Refused while a server holds the database; the backup is checked before anything is written.
    /// </summary>
    public static void Restore(string backupPath, string databasePath)
    {
        if (!File.Exists(backupPath))
        {
            throw new BackupException($"There is no backup at {backupPath}.");
        }

        // A new machine's data folder may not exist yet.
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        using var exclusive = SqliteServerLock.TryTakeExclusive(databasePath)
            ?? throw new BackupException($"A Hotline server has {databasePath} open. Stop every server on it, then restore.");
        using (var backup = Open(backupPath, SqliteOpenMode.ReadOnly))
        {
            RequireIntact(backup, backupPath);
            using var database = Open(databasePath, SqliteOpenMode.ReadWriteCreate);
            backup.BackupDatabase(database);
            Execute(database, "PRAGMA wal_checkpoint(TRUNCATE);");
        }
    }

    /// <summary>The result of <c>PRAGMA integrity_check</c>: <c>ok</c> for a sound file.</summary>
    public static string IntegrityCheck(string path)
    {
        using var connection = Open(path, SqliteOpenMode.ReadOnly);
        return IntegrityCheck(connection);
    }

    private static void RequireIntact(SqliteConnection connection, string path)
    {
        var result = IntegrityCheck(connection);
        if (result != "ok")
        {
            throw new BackupException($"{path} fails the integrity check: {result}");
        }
    }

    private static string IntegrityCheck(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return Convert.ToString(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        // Unpooled, so the file is closed when the connection is: a backup can be moved and a restore released at once.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        connection.Open();
        // Wait for a writer's lock rather than fail, as the server's own connections do.
        Execute(connection, "PRAGMA busy_timeout=10000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>A backup or restore that cannot be done, with what to do about it.</summary>
public sealed class BackupException(string message) : Exception(message);
