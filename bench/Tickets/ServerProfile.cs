using System.Globalization;
using System.Text.RegularExpressions;

namespace Hotline.Bench.Tickets;

/// <summary>
/// The server's own split of its ticket actions (<c>Hotline:Metrics:ActionProfile</c>), read from its <c>/metrics</c>
/// before and after the measured run: per action, wall and database time and SQL statements by phase, and the
/// process's CPU per action.
/// </summary>
internal sealed partial class ServerProfile
{
    private readonly Dictionary<string, double> series;

    private ServerProfile(Dictionary<string, double> series) => this.series = series;

    public static async Task<ServerProfile> ScrapeAsync(HttpClient metrics)
    {
        var text = await metrics.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                series[line[..space]] = value;
            }
        }

        return new ServerProfile(series);
    }

    /// <summary>Prints what happened between <paramref name="before"/> and <paramref name="after"/>.</summary>
    public static void Print(ServerProfile before, ServerProfile after, int actions)
    {
        var delta = after.series.ToDictionary(s => s.Key, s => s.Value - before.series.GetValueOrDefault(s.Key), StringComparer.Ordinal);
        double PerAction(string name) => delta.Where(s => s.Key.StartsWith(name, StringComparison.Ordinal)).Sum(s => s.Value) / Math.Max(1, actions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"server CPU per action {PerAction("dotnet_process_cpu_time") * 1000,6:0.00} ms   (process CPU, all threads)"));
        // What runs beside the requests: the JIT (tier-0 code compiled again at tier 1 while the server warms up) and
        // the GC's pauses, from the runtime's own meter; and the allocations that drive the GC.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  of which JIT        {PerAction("dotnet_jit_compilation_time") * 1000,6:0.00} ms   ({PerAction("dotnet_jit_compiled_methods"),0:0.0} methods compiled per action)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  GC pauses           {PerAction("dotnet_gc_pause_time") * 1000,6:0.00} ms   allocated {PerAction("dotnet_gc_heap_total_allocated") / 1024,0:0} KB per action"));
        var counts = Rows(delta, "hotline_ticket_actions").GroupBy(r => r.Labels["action"]).ToDictionary(g => g.Key, g => g.Sum(r => r.Value), StringComparer.Ordinal);
        var time = Rows(delta, "hotline_ticket_action_phase_time").ToList();
        var statements = Rows(delta, "hotline_ticket_action_statements").ToList();
        if (time.Count == 0)
        {
            return;
        }

        var phases = new[] { "authentication", "admission", "loading", "domain", "workflow", "persistence", "view", "response" };
        Console.WriteLine("per action, mean: wall ms / database ms / statements, by phase");
        Console.WriteLine($"  {"action",-14} {string.Join(" ", phases.Select(p => $"{p,-17}"))} {"total",-17}");
        foreach (var (action, count) in counts.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            string Cell(string? phase)
            {
                double Sum(IEnumerable<Row> rows, string? part) => rows
                    .Where(r => r.Labels["action"] == action && (phase is null || r.Labels["phase"] == phase) && (part is null || r.Labels["part"] == part))
                    .Sum(r => r.Value) / count;
                return string.Create(CultureInfo.InvariantCulture, $"{Sum(time, "wall") * 1000,5:0.0}/{Sum(time, "database") * 1000,5:0.0}/{Sum(statements, null),4:0.#}");
            }

            Console.WriteLine($"  {action,-14} {string.Join(" ", phases.Select(p => $"{Cell(p),-17}"))} {Cell(null),-17}");
        }
    }

    private sealed record Row(IReadOnlyDictionary<string, string> Labels, double Value);

    private static IEnumerable<Row> Rows(Dictionary<string, double> delta, string name) => delta
        .Where(s => s.Key.StartsWith(name + "_total{", StringComparison.Ordinal) || s.Key.StartsWith(name + "_seconds_total{", StringComparison.Ordinal))
        .Select(s => new Row(LabelPattern().Matches(s.Key).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal), s.Value));

    [GeneratedRegex("(\\w+)=\"([^\"]*)\"")]
    private static partial Regex LabelPattern();
}
