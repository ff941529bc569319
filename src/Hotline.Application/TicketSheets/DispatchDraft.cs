using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// What the dispatch forms (派单, 批量派单) take besides the lead unit, as the API's <see cref="DispatchOrder"/> does:
/// co-units (协办单位), the handling class (办理类型) and a deadline (办理期限, the end of the day picked, Beijing time).
/// </summary>
public sealed class DispatchDraft
{
    /// <summary>Said in the form when the lead is also ticked as a co-unit: the user decides, nothing is dropped.</summary>
    public const string LeadAmongCoUnits = "承办单位不能同时作为协办单位：请在协办单位中去掉它，或另选承办单位。";

    public IReadOnlyCollection<Guid?> CoUnitIds { get; set; } = [];

    public HandlingClass HandlingClass { get; set; } = HandlingClass.Ordinary;

    public DateTime? DueOn { get; set; }

    public bool NamesAsCoUnit(Guid? leadUnitId) => leadUnitId is { } lead && CoUnitIds.Contains(lead);

    /// <summary>
    /// The order as the user filled it. A lead also among the co-units is not removed here (the forms ask first with
    /// <see cref="NamesAsCoUnit"/>, and the domain refuses such an order).
    /// </summary>
    public DispatchOrder Order(Guid leadUnitId, string? note)
    {
        var coUnits = CoUnitIds.OfType<Guid>().Distinct().ToList();
        DateTimeOffset? due = DueOn is { } day ? new DateTimeOffset(day.Date.AddDays(1), TimeSpan.FromHours(8)) : null;
        return new DispatchOrder(leadUnitId, coUnits.Count > 0 ? coUnits : null, HandlingClass, due, string.IsNullOrWhiteSpace(note) ? null : note.Trim());
    }
}
