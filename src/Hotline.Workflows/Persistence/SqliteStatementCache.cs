using System.Data;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The prepared statements of one open <see cref="SqliteConnection"/>, kept by SQL text and reused by every command that
/// runs that text on it. Microsoft.Data.Sqlite prepares a command's statements at its first execution and finalises them
/// when the command is disposed (and disposes every command of a connection when it closes), while EF Core creates and
/// disposes a command per execution: without this, every statement of every action is compiled anew.
/// <para>
/// A command is rented for one execution and comes back when
/// its user disposes it: its parameters and transaction are dropped then, so nothing of one execution reaches the next
/// (SQLite's own bindings are all set again, Microsoft.Data.Sqlite refuses a command that leaves one unbound). A text
/// whose command is still out (an open reader) gets another. At most <see cref="Capacity"/> idle commands are kept, the
/// least recently used going first. When the connection closes they are all finalised. SQLite re-prepares a statement
/// itself when the schema changes under it (<c>sqlite3_prepare_v2</c>).
/// </para>
/// </summary>
internal sealed class SqliteStatementCache
{
    /// <summary>
    /// Idle statements kept per connection: a ticket action runs a few dozen distinct texts, the workbench's pages more;
    /// prepared statements hold SQLite memory, so a connection does not keep every text it ever ran.
    /// </summary>
    public const int Capacity = 128;

    private static readonly ConditionalWeakTable<SqliteConnection, SqliteStatementCache> Caches = [];

    private readonly SqliteConnection connection;
    private readonly Dictionary<string, List<ReusedCommand>> idle = new(StringComparer.Ordinal);
    private readonly LinkedList<ReusedCommand> leastRecentFirst = new();
    private int generation;

    private SqliteStatementCache(SqliteConnection connection)
    {
        this.connection = connection;
        connection.StateChange += (_, change) =>
        {
            if (change.CurrentState != ConnectionState.Open)
            {
                Clear();
            }
        };
    }

    /// <summary>Commands created, i.e. statements compiled, on this connection so far (tests read it).</summary>
    public int Compiled { get; private set; }

    /// <summary>Commands handed out and not yet back.</summary>
    public int Rented { get; private set; }

    /// <summary>Idle commands waiting for their text.</summary>
    public int Idle => leastRecentFirst.Count;

    public static SqliteStatementCache Of(SqliteConnection connection) => Caches.GetValue(connection, c => new SqliteStatementCache(c));

    /// <summary>A command for <paramref name="sql"/> on this connection in <paramref name="transaction"/>, prepared once its text was run here before.</summary>
    public SqliteCommand Rent(string sql, SqliteTransaction? transaction)
    {
        ReusedCommand command;
        if (idle.TryGetValue(sql, out var waiting) && waiting.Count > 0)
        {
            command = waiting[^1];
            waiting.RemoveAt(waiting.Count - 1);
            leastRecentFirst.Remove(command.Node);
        }
        else
        {
            command = new ReusedCommand(this, generation) { Connection = connection, CommandText = sql };
            Compiled++;
        }

        command.IsRented = true;
        Rented++;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>
    /// Takes over EF Core's freshly built <paramref name="built"/>: the cached command for its text with its parameters,
    /// transaction and timeout; <paramref name="built"/> itself (never executed, so never prepared) is detached from the
    /// connection instead of disposed.
    /// </summary>
    public SqliteCommand Replace(SqliteCommand built)
    {
        var command = Rent(built.CommandText, built.Transaction);
        command.CommandTimeout = built.CommandTimeout;
        var parameters = built.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            command.Parameters.Add(parameters[i]);
        }

        parameters.Clear();
        Detach(built);
        return command;
    }

    /// <summary>
    /// What disposing a never-executed command does in Microsoft.Data.Sqlite (it has no prepared statements and no
    /// reader, so only its place in the connection's command list is left), without <c>Component.Dispose</c>'s
    /// <c>lock (this)</c> and <c>Disposed</c> event, which nothing subscribes to on EF's command.
    /// </summary>
    private static void Detach(SqliteCommand built)
    {
        built.Transaction = null;
        built.Connection = null;
#pragma warning disable CA1816 // Dispose's own call, for the command it stands in for: Component's finalizer has nothing to release.
        GC.SuppressFinalize(built);
#pragma warning restore CA1816
    }

    /// <summary>Takes <paramref name="command"/> back when its user disposes it; false when it must really be disposed.</summary>
    private bool TryReturn(ReusedCommand command)
    {
        if (!command.IsRented)
        {
            return false;
        }

        command.IsRented = false;
        Rented--;
        if (command.ReaderOpen || command.Generation != generation || connection.State != ConnectionState.Open)
        {
            return false;
        }

        command.Parameters.Clear();
        command.Transaction = null;
        if (!idle.TryGetValue(command.CommandText, out var waiting))
        {
            idle[command.CommandText] = waiting = new List<ReusedCommand>(1);
        }

        waiting.Add(command);
        leastRecentFirst.AddLast(command.Node);
        if (leastRecentFirst.Count > Capacity)
        {
            leastRecentFirst.First!.Value.Dispose();
        }

        return true;
    }

    /// <summary>Drops an idle command from the cache (it is being disposed: evicted, or its connection closing).</summary>
    private void Forget(ReusedCommand command)
    {
        if (command.Node.List is null)
        {
            return;
        }

        leastRecentFirst.Remove(command.Node);
        if (idle.TryGetValue(command.CommandText, out var waiting))
        {
            waiting.Remove(command);
            if (waiting.Count == 0)
            {
                idle.Remove(command.CommandText);
            }
        }
    }

    private void Clear()
    {
        // Commands still out belong to the closed connection too: they are disposed for real when they come back.
        generation++;
        while (leastRecentFirst.First is { } oldest)
        {
            oldest.Value.Dispose();
        }
    }

    /// <summary>A command that goes back to its cache on dispose instead of finalising its statements.</summary>
    private sealed class ReusedCommand : SqliteCommand
    {
        private readonly SqliteStatementCache cache;

        public ReusedCommand(SqliteStatementCache cache, int generation)
        {
            this.cache = cache;
            Generation = generation;
            Node = new LinkedListNode<ReusedCommand>(this);
        }

        public int Generation { get; }

        public LinkedListNode<ReusedCommand> Node { get; }

        public bool IsRented { get; set; }

        public bool ReaderOpen => DataReader is not null;

        protected override void Dispose(bool disposing)
        {
            // A finaliser (disposing false) never touches the cache: it may run on any thread.
            if (disposing)
            {
                if (cache.TryReturn(this))
                {
                    return;
                }

                cache.Forget(this);
            }

            base.Dispose(disposing);
        }
    }
}
