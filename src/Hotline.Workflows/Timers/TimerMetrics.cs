using System.Diagnostics.Metrics;

namespace Hotline.Workflows.Timers;

/// <summary>
/// Timer lateness (定时器延迟): seconds between a timer bookmark's <c>DueAt</c> and the moment the engine resumed
/// its instance. A county notices a deadline alarm that rings minutes late long before anyone complains, if this
/// histogram is on a dashboard. The instrument lives on the host's <c>Hotline</c> meter: <see cref="IMeterFactory"/>
/// hands every caller the same <see cref="Meter"/> for one name, so the host's other instruments sit beside it.
/// </summary>
public sealed class TimerMetrics
{
    /// <summary>The meter's name, shared with the host's instruments.</summary>
    public const string MeterName = "Hotline";

    /// <summary>The histogram's name.</summary>
    public const string LatenessInstrument = "hotline.timer.lateness";

    // Seconds: a healthy node resumes within the first buckets; the tail shows a backlog after downtime.
    private static readonly InstrumentAdvice<double> Buckets = new()
    {
        HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600],
    };

    private readonly Histogram<double> lateness;

    public TimerMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        lateness = meters.Create(MeterName).CreateHistogram(
            LatenessInstrument,
            unit: "s",
            description: "Seconds between a timer's due time and the resumption of its workflow instance.",
            tags: null,
            advice: Buckets);
    }

    /// <summary>Records one fired timer; a timer fired early (clock skew between nodes) counts as on time.</summary>
    public void RecordFired(DateTimeOffset dueAt, DateTimeOffset resumedAt) =>
        lateness.Record(Math.Max(0, (resumedAt - dueAt).TotalSeconds));
}
