using Npgsql;

namespace Hotline.Bench.Baseline;

/// <summary>
/// A fresh PostgreSQL database for one benchmark run, on the server <c>HOTLINE_BENCH_POSTGRES</c> names (an Npgsql
/// connection string whose database is used only to create and drop this one).
/// </summary>
internal sealed class BenchDatabase
{
    private readonly string server;
    private readonly string name;

    private BenchDatabase(string server, string name)
    {
        this.server = server;
        this.name = name;
    }

    public string ConnectionString => new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;

    public static BenchDatabase Create()
    {
        var server = Environment.GetEnvironmentVariable("HOTLINE_BENCH_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            throw new InvalidOperationException("Set HOTLINE_BENCH_POSTGRES to an Npgsql connection string to benchmark on PostgreSQL.");
        }

        var database = new BenchDatabase(server, $"hotline_bench_{Guid.NewGuid():N}");
        database.Run($"CREATE DATABASE \"{database.name}\"");
        return database;
    }

    public void Drop() => Run($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");

    private void Run(string sql)
    {
        using var connection = new NpgsqlConnection(server);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
