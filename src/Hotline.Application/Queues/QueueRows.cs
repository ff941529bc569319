using Hotline.Application.Tickets;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Queues;

public sealed record QueueInfo(string Name, string Title);

/// <summary>A queue's size for the menu; <paramref name="Capped"/> when more tickets match than are counted.</summary>
public sealed record QueueCount(string Name, string Title, int Count, bool Capped = false)
{
    /// <summary>What the menu shows: <c>10000+</c> for a capped count.</summary>
    public string Label => Capped ? $"{Count}+" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>How a queue is sorted: by registration time (default, newest first), next due time, or number.</summary>
public enum QueueSort
{
    Registered,
    NextDue,
    Number,
}

/// <summary>Filters, sort and page of a queue; dates are Beijing calendar days, <see cref="To"/> inclusive.</summary>
public sealed record QueueQuery(
    TicketState? State = null,
    TicketCategory? Category = null,
    Guid? Unit = null,
    DateOnly? From = null,
    DateOnly? To = null,
    string? Text = null,
    QueueSort Sort = QueueSort.Registered,
    bool Descending = true,
    int Page = 1,
    int PageSize = 20);

/// <summary>
/// A queue row: the ticket list's row (no personal data beyond the masked phone) and the workbench's light, which
/// falls back to <see cref="DeadlineLights.DefaultWarningShare"/> when the tenant's policy sets no warning point.
/// </summary>
public sealed record QueueRow(TicketSummary Ticket, DeadlineLight Light);

/// <summary>A page of a queue; <paramref name="Capped"/> when more tickets match than <paramref name="TotalCount"/>.</summary>
public sealed record QueueRows(IReadOnlyList<QueueRow> Items, int TotalCount, bool Capped = false);
