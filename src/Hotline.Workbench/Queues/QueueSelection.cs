using Hotline.Application.Queues;

namespace Hotline.Workbench.Queues;

/// <summary>
/// The tickets ticked on a queue page (批量派单), by ticket number: a reload (a live change, a filter, another page)
/// brings fresh rows, which are new records even for the same ticket, so a tick follows its number. Only tickets the
/// page still shows stay ticked: one that left the queue meanwhile is not dispatched by a tick the user can no longer see.
/// </summary>
public sealed class QueueSelection
{
    /// <summary>Rows are the same selection when they show the same ticket.</summary>
    public static IEqualityComparer<QueueRow> ByNumber { get; } = EqualityComparer<QueueRow>.Create(
        (a, b) => string.Equals(a?.Ticket.Number, b?.Ticket.Number, StringComparison.Ordinal),
        row => StringComparer.Ordinal.GetHashCode(row.Ticket.Number));

    /// <summary>The ticked rows, as the table binds them (the table's own set, compared by <see cref="ByNumber"/>).</summary>
    public HashSet<QueueRow> Rows { get; set; } = new(ByNumber);

    public IReadOnlyList<string> Numbers => [.. Rows.Select(r => r.Ticket.Number)];

    /// <summary>A page was loaded: ticks move to its fresh rows, ticks of tickets it no longer shows go. True when that changed the ticks.</summary>
    public bool Shown(IReadOnlyCollection<QueueRow> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var kept = new HashSet<QueueRow>(page.Where(Rows.Contains), ByNumber);
        var changed = kept.Count != Rows.Count;
        Rows = kept;
        return changed;
    }

    public void Clear() => Rows = new(ByNumber);
}
