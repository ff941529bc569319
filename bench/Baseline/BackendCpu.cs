using System.Globalization;
using Npgsql;

namespace Hotline.Bench.Baseline;

/// <summary>
/// The CPU the PostgreSQL backends serving one database used, read from <c>/proc/&lt;pid&gt;/stat</c> of the pids
/// <c>pg_stat_activity</c> names: the database's side of an action, which the server's process CPU does not hold. Only
/// when PostgreSQL runs on this machine (otherwise the pids are not ours to read, and it says so). A backend that exits
/// between two readings takes its CPU with it; the server's pool keeps its connections through a run.
/// </summary>
internal sealed class BackendCpu
{
    // Linux reports a process's times in clock ticks of USER_HZ, 100 on every architecture .NET runs on.
    private const double TicksPerSecond = 100;

    private readonly Dictionary<int, long> ticks;

    private BackendCpu(Dictionary<int, long> ticks) => this.ticks = ticks;

    /// <summary>The backends of <paramref name="connectionString"/>'s database now, the reading's own excepted; null where /proc does not show them.</summary>
    public static BackendCpu? Read(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
        using var reader = command.ExecuteReader();
        var ticks = new Dictionary<int, long>();
        while (reader.Read())
        {
            var pid = reader.GetInt32(0);
            if (Ticks(pid) is { } used)
            {
                ticks[pid] = used;
            }
        }

        return ticks.Count == 0 ? null : new BackendCpu(ticks);
    }

    /// <summary>CPU seconds used from <paramref name="before"/> to this reading; a backend new since counts from its start.</summary>
    public double SecondsSince(BackendCpu before) =>
        ticks.Sum(t => t.Value - before.ticks.GetValueOrDefault(t.Key)) / TicksPerSecond;

    /// <summary>Backends of the earlier reading gone by this one: their CPU after it is missing.</summary>
    public int ExitedSince(BackendCpu before) => before.ticks.Keys.Count(pid => !ticks.ContainsKey(pid));

    private static long? Ticks(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // After the command name in parentheses (which may hold spaces): state is field 3, utime 14, stime 15.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
