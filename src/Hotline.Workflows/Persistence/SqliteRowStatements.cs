using System.Data;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Hotline.Workflows.Persistence;

/// <summary>
/// The native prepared statements of <see cref="SqliteRowAppend"/> on one open <see cref="SqliteConnection"/>, by SQL text,
/// bound by position and stepped directly. Microsoft.Data.Sqlite looks every parameter up by name on every execution
/// (<c>sqlite3_bind_parameter_index</c> with the name converted to UTF-8) and builds a data reader for each
/// <c>ExecuteNonQuery</c>: per journal line, bookmark and activity record that was a quarter of the rows' cost (docs/perf.md,
/// rows9). The statements run on the connection's handle, so inside whatever transaction it has open; they are finalised
/// when the connection closes (Microsoft.Data.Sqlite may hand its native connection to its pool then).
/// </summary>
internal sealed class SqliteRowStatements
{
    /// <summary>Text values up to this size are encoded into one buffer kept per connection; longer ones get their own.</summary>
    private const int KeptBuffer = 64 * 1024;

    private static readonly ConditionalWeakTable<SqliteConnection, SqliteRowStatements> OfConnection = [];

    private readonly SqliteConnection connection;
    private readonly Dictionary<string, sqlite3_stmt> statements = new(StringComparer.Ordinal);
    private byte[] text = new byte[1024];

    private SqliteRowStatements(SqliteConnection connection)
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

    /// <summary>Statements compiled on this connection so far (tests read it).</summary>
    public int Compiled { get; private set; }

    public static SqliteRowStatements Of(SqliteConnection connection) => OfConnection.GetValue(connection, c => new SqliteRowStatements(c));

    /// <summary>The statement for <paramref name="sql"/>, compiled on first use; its parameters are numbered <c>?1…</c>.</summary>
    public sqlite3_stmt For(string sql)
    {
        if (statements.TryGetValue(sql, out var statement))
        {
            return statement;
        }

        var handle = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v2(handle, sql, out statement);
        if (rc != raw.SQLITE_OK)
        {
            statement.Dispose();
            SqliteException.ThrowExceptionForRC(rc, handle);
        }

        Compiled++;
        statements[sql] = statement;
        return statement;
    }

    /// <summary>The provider value types <see cref="Bind"/> stores as EF Core's SQLite provider does.</summary>
    public static bool Binds(Type providerType) =>
        providerType == typeof(string) || providerType == typeof(long) || providerType == typeof(int)
        || providerType == typeof(bool) || providerType == typeof(double) || providerType == typeof(Guid);

    /// <summary>Binds <paramref name="value"/> (a provider value: text, an integer, a boolean, a real, a GUID, or null) at <paramref name="index"/>.</summary>
    public void Bind(sqlite3_stmt statement, int index, object? value)
    {
        var rc = value switch
        {
            null or DBNull => raw.sqlite3_bind_null(statement, index),
            string s => BindText(statement, index, s),
            long l => raw.sqlite3_bind_int64(statement, index, l),
            int i => raw.sqlite3_bind_int64(statement, index, i),
            bool b => raw.sqlite3_bind_int64(statement, index, b ? 1 : 0),
            double d => raw.sqlite3_bind_double(statement, index, d),
            Guid g => BindGuid(statement, index, g),
            _ => throw new NotSupportedException($"A {value.GetType().Name} is not a value the row statements bind."),
        };
        Check(rc);
    }

    /// <summary>The rowid of the last row this connection inserted: an <c>INTEGER PRIMARY KEY</c> the database generated.</summary>
    public long LastInsertRowId() => raw.sqlite3_last_insert_rowid(connection.Handle!);

    /// <summary>Runs <paramref name="statement"/> once with its bindings; returns the rows it changed.</summary>
    public int Execute(sqlite3_stmt statement)
    {
        var handle = connection.Handle!;
        try
        {
            var rc = raw.sqlite3_step(statement);
            if (rc != raw.SQLITE_DONE)
            {
                SqliteException.ThrowExceptionForRC(rc, handle);
            }

            return raw.sqlite3_changes(handle);
        }
        finally
        {
            // Ready for the next row, and holding nothing that would keep the connection off the shelf.
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>UTF-8 into the connection's buffer: SQLite copies it at bind, so one buffer serves every value.</summary>
    private int BindText(sqlite3_stmt statement, int index, string value)
    {
        if (value.Length == 0)
        {
            // An empty span has no address, and SQLite binds a null pointer as NULL: "" is not NULL.
            return raw.sqlite3_bind_text(statement, index, string.Empty);
        }

        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        var buffer = length <= text.Length ? text
            : length <= KeptBuffer ? text = new byte[Math.Max(length, text.Length * 2)]
            : new byte[Encoding.UTF8.GetByteCount(value)];
        var written = Encoding.UTF8.GetBytes(value, buffer);
        return raw.sqlite3_bind_text(statement, index, buffer.AsSpan(0, written));
    }

    /// <summary>As Microsoft.Data.Sqlite binds a GUID for EF Core: text, upper-case, with hyphens (36 ASCII bytes).</summary>
    private static int BindGuid(sqlite3_stmt statement, int index, Guid value)
    {
        Span<byte> text = stackalloc byte[36];
        value.TryFormat(text, out _, "D");
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is >= (byte)'a' and <= (byte)'f')
            {
                text[i] -= 'a' - 'A';
            }
        }

        return raw.sqlite3_bind_text(statement, index, text);
    }

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
        {
            SqliteException.ThrowExceptionForRC(rc, connection.Handle);
        }
    }

    private void Clear()
    {
        foreach (var statement in statements.Values)
        {
            statement.Dispose();
        }

        statements.Clear();
    }
}
