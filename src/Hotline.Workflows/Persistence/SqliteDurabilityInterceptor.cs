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
}

/// <summary>
/// Sets the <see cref="SqliteDurability"/> pragmas on every SQLite connection the engine opens: once per
/// native connection, since pooled connections keep them and every logical open would otherwise pay again.
/// </summary>
internal sealed class SqliteDurabilityInterceptor : DbConnectionInterceptor
{
    private static readonly ConditionalWeakTable<object, object> Configured = [];

    public static SqliteDurabilityInterceptor Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        using var command = connection.CreateCommand();
        command.CommandText = SqliteDurability.Pragmas;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (!NeedsPragmas(connection))
        {
            return;
        }

        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = SqliteDurability.Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool NeedsPragmas(DbConnection connection) =>
        connection is not SqliteConnection { Handle: { } handle } || Configured.TryAdd(handle, handle);
}
