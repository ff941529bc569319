using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Queues;

/// <summary>
/// The work queues (待办队列) as the workbench reads them. The queue definitions and the ticket search belong to the
/// host (<c>Hotline.Server.Tickets</c>), which references this library, so the host implements this seam; the
/// workbench only knows the shape of a row.
/// </summary>
public interface IQueueReader
{
    /// <summary>The queues <paramref name="user"/>'s roles land on, in the order the navigation shows them.</summary>
    IReadOnlyList<QueueInfo> QueuesFor(CurrentUser user);

    /// <summary>How many tickets wait in each of the user's queues.</summary>
    Task<IReadOnlyList<QueueCount>> CountsAsync(CurrentUser user, CancellationToken cancellationToken);

    /// <summary>One page of a queue; null when the queue is unknown or not one of the user's.</summary>
    Task<QueueRows?> ListAsync(CurrentUser user, string queue, QueueQuery query, CancellationToken cancellationToken);

    /// <summary>The tenant's handling units, for the unit filter.</summary>
    Task<IReadOnlyList<UnitOption>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken);
}

public sealed record QueueInfo(string Name, string Title);

/// <summary>A queue's size for the menu; <paramref name="Capped"/> when more tickets match than are counted.</summary>
public sealed record QueueCount(string Name, string Title, int Count, bool Capped = false)
{
    /// <summary>What the menu shows: <c>10000+</c> for a capped count.</summary>
    public string Label => Capped ? $"{Count}+" : Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

public sealed record UnitOption(Guid Id, string Name);

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

/// <summary>A queue row: no personal data beyond the masked phone.</summary>
public sealed record QueueRow(
    string Number,
    TicketState State,
    TicketCategory Category,
    string Urgency,
    string CallerPhone,
    string ContentPreview,
    string? LeadUnit,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? NextDueAt,
    DeadlineLight Light);

/// <summary>A page of a queue; <paramref name="Capped"/> when more tickets match than <paramref name="TotalCount"/>.</summary>
public sealed record QueueRows(IReadOnlyList<QueueRow> Items, int TotalCount, bool Capped = false);
