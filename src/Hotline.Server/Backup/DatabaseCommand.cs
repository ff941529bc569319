using Hotline.Server.Hosting;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;

namespace Hotline.Server.Backup;

/// <summary>
/// <c>backup &lt;file&gt;</c> and <c>restore &lt;file&gt;</c> on the server's command line, instead of running it:
/// <c>dotnet run --project src/Hotline.Server -- backup /var/backups/hotline-2026-11-23.db</c>. The database is found
/// exactly as the server finds it (the same configuration files, environment variables and any <c>--key value</c>
/// arguments after the file). A backup may run beside running servers; a restore needs them stopped.
/// </summary>
public static class DatabaseCommand
{
    /// <summary>True when the arguments name a command rather than a server run.</summary>
    public static bool IsCommand(string[] args) => args is ["backup" or "restore", ..];

    /// <summary>Runs the command; returns the process exit code (0 done, 1 refused or failed, 2 usage).</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is not [var verb and ("backup" or "restore"), var file, ..] || file.StartsWith('-'))
        {
            error.WriteLine("usage: Hotline.Server backup <file> | restore <file>  [--Hotline:DataDirectory <dir>] [--ConnectionStrings:Hotline <sqlite connection string>]");
            return 2;
        }

        var builder = WebApplication.CreateBuilder(args[2..]);
        var (provider, connectionString) = HotlineStore.Database(builder.Configuration, builder.Environment);
        if (provider != WorkflowDatabaseProvider.Sqlite)
        {
            error.WriteLine("The database is PostgreSQL: back it up with pg_dump and restore it with pg_restore.");
            return 1;
        }

        var database = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var path = Path.GetFullPath(file);
        try
        {
            if (verb == "backup")
            {
                SqliteBackup.Backup(database, path);
                output.WriteLine($"Backed up {database} to {path}.");
            }
            else
            {
                SqliteBackup.Restore(path, database);
                output.WriteLine($"Restored {database} from {path}.");
            }

            return 0;
        }
        catch (Exception exception) when (exception is BackupException or SqliteException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{verb} failed: {exception.Message}");
            return 1;
        }
    }
}
