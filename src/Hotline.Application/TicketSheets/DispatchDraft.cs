using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// What the dispatch forms (派单, 批量派单) take besides the lead unit, as the API's <see cref="DispatchOrder"/> does:
/// co-units (协办单位), the handling class (办理类型) and a deadline (办理期限, the end of the day picked, Beijing time).
/// </summary>
public sealed class DispatchDraft
{
    public IReadOnlyCollection<Guid?> CoUnitIds { get; set; } = [];

    public HandlingClass HandlingClass { get; set; } = HandlingClass.Ordinary;

    public DateTime? DueOn { get; set; }

    public DispatchOrder Order(Guid leadUnitId, string? note)
    {
        var coUnits = CoUnitIds.OfType<Guid>().Where(u => u != leadUnitId).Distinct().ToList();
        DateTimeOffset? due = DueOn is { } day ? new DateTimeOffset(day.Date.AddDays(1), TimeSpan.FromHours(8)) : null;
        return new DispatchOrder(leadUnitId, coUnits.Count > 0 ? coUnits : null, HandlingClass, due, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
    }
}
