using System.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// Open connections to one SQLite database, handed to service scopes (<see cref="SqliteConnectionLease"/>) and kept open
/// between them, so that their prepared statements (<see cref="SqliteStatementCache"/>) serve the next request: a
/// Microsoft.Data.Sqlite connection finalises its statements whenever it closes, even when the native connection goes
/// back to its pool. A connection comes back only clean: no transaction open and no command of its cache still out;
/// otherwise it is closed. At most <see cref="MaxIdle"/> wait; the rest are closed, as are all when the host stops.
/// </summary>
public sealed class SqliteConnectionShelf(string connectionString) : IDisposable
{
    /// <summary>
    /// Idle connections kept: about the requests a node runs at once (the write queue's waiters each hold one), so a
    /// burst does not close and re-prepare; each keeps SQLite's page cache and up to
    /// <see cref="SqliteStatementCache.Capacity"/> statements.
    /// </summary>
    public const int MaxIdle = 64;

    private readonly Stack<SqliteConnection> idle = new();
    private bool disposed;

    /// <summary>An open connection, the most recently returned first (its statements are the warmest).</summary>
    public SqliteConnection Take()
    {
        lock (idle)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (idle.TryPop(out var connection))
            {
                return connection;
            }
        }

        return Open();
    }

    /// <summary>Takes a scope's connection back, or closes it when it is not clean or not wanted.</summary>
    public void Return(SqliteConnection connection)
    {
        if (connection.State == ConnectionState.Open
            && SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) != 0
            && SqliteStatementCache.Of(connection).Rented == 0)
        {
            lock (idle)
            {
                if (!disposed && idle.Count < MaxIdle)
                {
                    idle.Push(connection);
                    return;
                }
            }
        }

        connection.Dispose();
    }

    public void Dispose()
    {
        lock (idle)
        {
            disposed = true;
            while (idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            // EF Core's SQLite connection registers its functions (regexp, decimal arithmetic and aggregates) on the
            // connections it creates; this one it is given, so let it do that once here. Registering them again later
            // would expire every prepared statement of the connection.
            using (var registrar = new DbContext(new DbContextOptionsBuilder().UseSqlite(connection).Options))
            {
                _ = registrar.GetService<IRelationalConnection>();
            }

            connection.Open();
            SqliteDurability.Apply(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}

/// <summary>
/// A service scope's connection from the <see cref="SqliteConnectionShelf"/>, shared by its contexts and returned when the
/// scope ends. Resolved before the contexts, so it is disposed after them (their transactions are ended by then).
/// </summary>
public sealed class SqliteConnectionLease(SqliteConnectionShelf shelf) : IDisposable
{
    private SqliteConnection? connection;

    public SqliteConnection Connection => connection ??= shelf.Take();

    public void Dispose()
    {
        if (connection is { } taken)
        {
            connection = null;
            shelf.Return(taken);
        }
    }
}
