using System.Globalization;
using System.Diagnostics;
using Hotline.Workflows.Persistence;
using Microsoft.Data.Sqlite;

namespace Hotline.Bench.Baseline;

/// <summary>
/// The physical limit a benchmark is measured against: single-row INSERT + COMMIT on a plain SQLite connection with
/// the store's durability pragmas (WAL, <c>synchronous=FULL</c>), on the same disk.
/// </summary>
internal sealed class RawCommits : IDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand insert;
    private readonly SqliteParameter payload;
    private int row;

    public RawCommits(string file)
    {
        connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        Execute(connection, SqliteDurability.Pragmas);
        Execute(connection, "CREATE TABLE Rows (Id INTEGER PRIMARY KEY, Payload TEXT NOT NULL)");
        insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO Rows (Payload) VALUES ($payload)";
        payload = insert.Parameters.Add("$payload", SqliteType.Text);
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

    /// <summary>Runs one statement on <paramref name="connection"/>.</summary>
    public static void Execute(SqliteConnection connection, string sql)
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
