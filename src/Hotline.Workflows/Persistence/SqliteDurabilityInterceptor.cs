using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The SQLite durability settings of the store.
/// WAL lets readers (Studio, queues) run beside the single writer. <c>synchronous=FULL</c> syncs the
/// WAL on every commit, so a committed ticket action survives a power cut, not only a process crash
/// (NORMAL would only lose the last commits, but "nothing is lost" is the requirement). The busy
/// timeout makes a second writer wait for the lock instead of failing at once.
/// </summary>
public static class SqliteDurability
{
    /// <summary>The pragmas, also used by the benchmark's raw baseline so both pay the same syncs.</summary>
    public const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=10000;";

    private static readonly ConditionalWeakTable<object, object> Configured = [];

    /// <summary>Sets the pragmas on an open connection, once per native connection (pooled ones keep them).</summary>
    internal static void Apply(SqliteConnection connection)
    {
        if (connection is { State: ConnectionState.Open, Handle: { } handle } && Configured.TryAdd(handle, handle))
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }
    }
}

/// <summary>
/// Sets the <see cref="SqliteDurability"/> pragmas on every SQLite connection the store creates, whoever opens it
/// (the domain context opens the very same connection), and once per native connection: pooled connections keep
/// them, so a logical open does not pay again.
/// </summary>
internal sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    public static SqliteDurabilityInterceptor Instance { get; } = new();

    public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        result.StateChange += (sender, change) =>
        {
            if (change.CurrentState == ConnectionState.Open && sender is SqliteConnection connection)
            {
                SqliteDurability.Apply(connection);
            }
        };
        return result;
    }
}
