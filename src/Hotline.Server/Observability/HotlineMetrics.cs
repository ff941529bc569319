using System.Diagnostics.Metrics;
using Hotline.Application.Profiling;
using Hotline.Workflows.Timers;

namespace Hotline.Server.Observability;

/// <summary>
/// The host's instruments on the <c>Hotline</c> meter (运行指标): ticket actions by action and outcome, and two
/// gauges read from the database — running clocks past due (overdue tickets, 超期工单) and notices waiting in the
/// outbox. Timer lateness sits on the same meter, recorded by the engine (<see cref="TimerMetrics"/>).
/// </summary>
public sealed class HotlineMetrics
{
    public const string MeterName = TimerMetrics.MeterName;
    public const string TicketActions = "hotline.ticket.actions";
    public const string OverdueTickets = "hotline.tickets.overdue";
    public const string OutboxDepth = "hotline.notices.outbox";
    public const string ActionPhaseTime = "hotline.ticket.action.phase.time";
    public const string ActionStatements = "hotline.ticket.action.statements";

    private readonly Counter<long> actions;
    private readonly Counter<double> phaseTime;
    private readonly Counter<long> statements;

    public HotlineMetrics(IMeterFactory meters, DatabaseGauges gauges)
    {
        ArgumentNullException.ThrowIfNull(meters);
        ArgumentNullException.ThrowIfNull(gauges);
        var meter = meters.Create(MeterName);
        actions = meter.CreateCounter<long>(
            TicketActions, "{action}", "Ticket actions posted to /api/tickets, by action and outcome (ok, refused, failed).");
        phaseTime = meter.CreateCounter<double>(
            ActionPhaseTime, "s", "Time spent in each phase of ticket actions (Hotline:Metrics:ActionProfile), by action, phase and part (wall, database).");
        statements = meter.CreateCounter<long>(
            ActionStatements, "{statement}", "SQL statements of ticket actions (Hotline:Metrics:ActionProfile), by action and phase.");
        meter.CreateObservableGauge(
            OverdueTickets,
            () => gauges.Read()?.OverdueTickets.Select(PerTenant) ?? [],
            "{ticket}",
            "Tickets with a running deadline clock past its due time, per tenant.");
        meter.CreateObservableGauge(
            OutboxDepth,
            () => gauges.Read()?.PendingNotices.Select(PerTenant) ?? [],
            "{notice}",
            "Notices neither sent nor abandoned, per tenant.");
    }

    /// <summary>Counts one ticket action by the status its response ended with.</summary>
    public void RecordTicketAction(string action, int statusCode) =>
        actions.Add(1, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("outcome", Outcome(statusCode)));

    /// <summary>Adds one profiled action's phases.</summary>
    public void RecordPhases(string action, IEnumerable<(ActionPhase Phase, TimeSpan Wall, TimeSpan Database, int Statements)> phases)
    {
        foreach (var (phase, wall, database, count) in phases)
        {
            var name = phase.ToString().ToLowerInvariant();
            phaseTime.Add(wall.TotalSeconds, new("action", action), new("phase", name), new("part", "wall"));
            phaseTime.Add(database.TotalSeconds, new("action", action), new("phase", name), new("part", "database"));
            statements.Add(count, new KeyValuePair<string, object?>("action", action), new KeyValuePair<string, object?>("phase", name));
        }
    }

    /// <summary><c>ok</c> below 400, <c>refused</c> for a 4xx (a rule, a role, a stale revision), <c>failed</c> otherwise.</summary>
    public static string Outcome(int statusCode) => statusCode switch
    {
        < 400 => "ok",
        < 500 => "refused",
        _ => "failed",
    };

    private static Measurement<long> PerTenant(KeyValuePair<string, long> count) =>
        new(count.Value, new KeyValuePair<string, object?>("tenant", count.Key));
}
