namespace Hotline.Application.Reports;

/// <summary>
/// The monthly report (月度通报, HL-ASM-6, WZ-ASM-1) of one Beijing calendar month: how many tickets came in and by
/// which channel, category and lead unit; how handling went (on time, overdue, returns, extensions, supervision and
/// interviews) and what callers said. Tickets are counted in the month they were registered; a handling clock in the
/// month it stopped; an action in the month it happened. <see cref="AnsweredDirectly"/> counts the consultations closed at
/// intake from the knowledge base (直接办结, WZ-DSP-1) apart from the dispatched ones.
/// </summary>
public sealed record MonthlyReport(
    int Year,
    int Month,
    int Registered,
    IReadOnlyList<Tally> ByChannel,
    IReadOnlyList<Tally> ByCategory,
    IReadOnlyList<Tally> ByUnit,
    int HandledInMonth,
    int HandledOnTime,
    int OverdueTickets,
    int Satisfied,
    int Neutral,
    int Dissatisfied,
    int ReturnsRequested,
    int ReturnsApproved,
    int ExtensionsRequested,
    int ExtensionsApproved,
    int Supervisions,
    int Interviews,
    IReadOnlyList<HotTopic> HotTopics,
    int AnsweredDirectly = 0)
{
    /// <summary>Handling clocks stopped at or before their due time (CC-7) ÷ handling clocks stopped; null when none.</summary>
    public double? OnTimeRate => HandledInMonth == 0 ? null : (double)HandledOnTime / HandledInMonth;

    /// <summary>满意率: satisfied ÷ rated, screened-out ratings excluded; null when no ticket was rated.</summary>
    public double? SatisfactionRate => Satisfied + Neutral + Dissatisfied is var rated and > 0 ? (double)Satisfied / rated : null;
}

/// <summary>A count under a name (a channel, category or unit), in the words the page shows.</summary>
public sealed record Tally(string Name, int Count);

/// <summary>
/// A hot topic (热点诉求): a category or location with more tickets this month than the month before. The report lists
/// the ones that rose most, so a centre sees a burst (a burst main, a closed road) before it becomes a backlog.
/// </summary>
public sealed record HotTopic(string Kind, string Name, int Count, int PreviousCount)
{
    public const int Listed = 10;

    public int Rise => Count - PreviousCount;

    /// <summary>The categories and locations that rose, largest rise first, at most <see cref="Listed"/>.</summary>
    public static IReadOnlyList<HotTopic> Rising(IEnumerable<(string Kind, string Name)> thisMonth, IEnumerable<(string Kind, string Name)> previousMonth)
    {
        var before = previousMonth.CountBy(t => t).ToDictionary();
        return thisMonth.CountBy(t => t)
            .Select(p => new HotTopic(p.Key.Kind, p.Key.Name, p.Value, before.GetValueOrDefault(p.Key)))
            .Where(t => t.Rise > 0)
            .OrderByDescending(t => t.Rise).ThenByDescending(t => t.Count).ThenBy(t => t.Name, StringComparer.Ordinal)
            .Take(Listed)
            .ToList();
    }
}
