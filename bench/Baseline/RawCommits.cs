using System.Data.Common;
using System.Globalization;
using System.Diagnostics;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Hotline.Bench.Baseline;

/// <summary>
/// The physical limit a benchmark is measured against: single-row INSERT + COMMIT on a plain connection with the
/// store's durability, on the same disk: SQLite with the store's pragmas (WAL, <c>synchronous=FULL</c>), or
/// PostgreSQL with its defaults (<c>fsync</c> and <c>synchronous_commit</c> on), as the server runs.
/// </summary>
internal sealed class RawCommits : IDisposable
{
    private readonly DbConnection connection;
    private readonly DbCommand insert;
    private readonly DbParameter payload;
    private int row;

    private RawCommits(DbConnection connection, string createTable)
    {
        this.connection = connection;
        Execute(connection, createTable);
        insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO raw_rows (payload) VALUES (@payload)";
        payload = insert.CreateParameter();
        payload.ParameterName = "@payload";
        insert.Parameters.Add(payload);
    }

    /// <summary>A new SQLite file with the store's durability pragmas.</summary>
    public RawCommits(string file)
        : this(OpenSqlite(file), "CREATE TABLE raw_rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)")
    {
    }

    /// <summary>A table in an existing PostgreSQL database, dropped first if a previous run left it.</summary>
    public static RawCommits Postgres(string connectionString)
    {
        var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        Execute(connection, "DROP TABLE IF EXISTS raw_rows");
        return new RawCommits(connection, "CREATE TABLE raw_rows (id BIGSERIAL PRIMARY KEY, payload TEXT NOT NULL)");
    }

    public (TimeSpan Wall, TimeSpan Cpu) Commit(int count)
    {
        var meter = Meter.Start();
        for (var i = 0; i < count; i++)
        {
            using var transaction = connection.BeginTransaction();
            insert.Transaction = transaction;
            payload.Value = "row " + (row++).ToString(CultureInfo.InvariantCulture);
            insert.ExecuteNonQuery();
            transaction.Commit();
        }

        return meter.Elapsed();
    }

    public void Dispose()
    {
        insert.Dispose();
        connection.Dispose();
    }

    private static SqliteConnection OpenSqlite(string file)
    {
        var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        Execute(connection, SqliteDurability.Pragmas);
        return connection;
    }

    /// <summary>Runs one statement on <paramref name="connection"/>.</summary>
    public static void Execute(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}

/// <summary>Wall clock and process CPU (all threads, kernel included) over a measured slice.</summary>
internal readonly record struct Meter(Stopwatch Wall, TimeSpan Cpu)
{
    public static Meter Start() => new(Stopwatch.StartNew(), Process.GetCurrentProcess().TotalProcessorTime);

    public (TimeSpan Wall, TimeSpan Cpu) Elapsed() => (Wall.Elapsed, Process.GetCurrentProcess().TotalProcessorTime - Cpu);
}
