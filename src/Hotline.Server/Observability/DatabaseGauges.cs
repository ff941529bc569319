using Hotline.Application.Tickets;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Hotline.Server.Observability;

/// <summary>Counts per tenant, read from the database at one moment.</summary>
public sealed record DatabaseGaugeReading(
    DateTimeOffset ReadAt,
    IReadOnlyDictionary<string, long> OverdueTickets,
    IReadOnlyDictionary<string, long> PendingNotices);

/// <summary>
/// The database behind the gauges, read at most once per <see cref="MetricsOptions.DatabaseGaugeInterval"/> and
/// cached, so however often Prometheus scrapes (and however many scrapers), the database sees two counting queries
/// per interval. Gauge callbacks are synchronous, so the read is too; it runs on the scraping thread only when the
/// cache is stale. A failed read keeps the last reading rather than reporting a false zero.
/// </summary>
public sealed partial class DatabaseGauges(
    IServiceScopeFactory scopes,
    TimeProvider time,
    IOptions<MetricsOptions> options,
    ILogger<DatabaseGauges> logger)
{
    private readonly Lock gate = new();
    private DatabaseGaugeReading? last;
    private DateTimeOffset? attemptedAt;

    /// <summary>The cached reading, refreshed first when older than the interval; null until one read succeeds.</summary>
    public DatabaseGaugeReading? Read()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (attemptedAt is { } at && now - at < options.Value.DatabaseGaugeInterval)
            {
                return last;
            }

            attemptedAt = now;
            try
            {
                last = ReadDatabase(now);
            }
            catch (Exception exception) when (exception is InvalidOperationException or DbUpdateException or System.Data.Common.DbException)
            {
                LogReadFailed(exception);
            }

            return last;
        }
    }

    private DatabaseGaugeReading ReadDatabase(DateTimeOffset now)
    {
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        // A system read for every tenant, so the gauges opt out of the tenant filter by name.
        // Every tenant reports, zero included: a series that vanishes at zero looks like a dead scrape on a dashboard.
        var tenants = db.Tenants.AsNoTracking().IgnoreQueryFilters([HotlineDbContext.TenantFilter]).Select(t => t.Id).ToList();
        var overdue = PerTenant(tenants, db.Tickets.AsNoTracking().IgnoreQueryFilters([HotlineDbContext.TenantFilter])
            .Where(TicketQueue.IsOverdue(db, now))
            .GroupBy(t => t.TenantId)
            .Select(g => new KeyValuePair<string, long>(g.Key, g.LongCount()))
            .ToList());
        var pending = PerTenant(tenants, db.Set<Notice>().AsNoTracking().IgnoreQueryFilters([HotlineDbContext.TenantFilter])
            .Where(n => n.SentAt == null && n.AbandonedAt == null)
            .GroupBy(n => n.TenantId)
            .Select(g => new KeyValuePair<string, long>(g.Key, g.LongCount()))
            .ToList());
        return new DatabaseGaugeReading(now, overdue, pending);
    }

    private static Dictionary<string, long> PerTenant(List<string> tenants, List<KeyValuePair<string, long>> counts)
    {
        var result = tenants.ToDictionary(t => t, _ => 0L, StringComparer.Ordinal);
        foreach (var (tenant, count) in counts)
        {
            result[tenant] = count;
        }

        return result;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the overdue and outbox gauges failed; the last reading stays")]
    private partial void LogReadFailed(Exception exception);
}

/// <summary>Metrics settings: <c>Hotline:Metrics</c>.</summary>
public sealed class MetricsOptions
{
    public const string Section = "Hotline:Metrics";

    /// <summary>How old the database gauges may be before a scrape reads the database again.</summary>
    public TimeSpan DatabaseGaugeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Serve the Prometheus text format at <c>/metrics</c> on <see cref="Port"/>.</summary>
    public bool Prometheus { get; set; } = true;

    /// <summary>
    /// The management port: <c>/metrics</c> answers, without sign-in, only to connections on this local port (list
    /// it in <c>ASPNETCORE_URLS</c> and keep it inside the operator's network). Unset (the default): no <c>/metrics</c>.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>Split every ticket action into phases with their SQL statements (docs/perf.md); costs a little per statement.</summary>
    public bool ActionProfile { get; set; }
}
