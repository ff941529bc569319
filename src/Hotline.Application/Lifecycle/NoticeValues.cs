using System.Globalization;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Lifecycle;

/// <summary>
/// The values a notice template (通知模板) is filled with, read from the ticket: every placeholder of every template
/// has a value, empty where the ticket has nothing to say, so a process owner may pick any template at any step.
/// Times are Beijing time to the minute. The caller's personal data never goes into a notice.
/// </summary>
internal static class NoticeValues
{
    private static readonly Dictionary<DeadlineKind, string> ClockNames = new()
    {
        [DeadlineKind.Dispatch] = "派单时限",
        [DeadlineKind.Sign] = "签收时限",
        [DeadlineKind.FirstContact] = "先行联系时限",
        [DeadlineKind.Handle] = "办理时限",
        [DeadlineKind.InitialResponse] = "初步响应时限",
        [DeadlineKind.ProgressReport] = "进度报告时限",
        [DeadlineKind.ReturnReview] = "退办审核时限",
        [DeadlineKind.CoUnitOpinion] = "协办意见时限",
        [DeadlineKind.Redo] = "重办时限",
        [DeadlineKind.ScreeningWindow] = "甄别申请时限",
        [DeadlineKind.ScreeningReview] = "甄别审核时限",
        [DeadlineKind.Evidence] = "补充证据时限",
        [DeadlineKind.Supervision] = "督办反馈时限",
    };

    private static readonly Dictionary<TicketCategory, string> CategoryNames = new()
    {
        [TicketCategory.Consultation] = "咨询",
        [TicketCategory.HelpRequest] = "求助",
        [TicketCategory.Suggestion] = "建议",
        [TicketCategory.Complaint] = "投诉",
        [TicketCategory.Report] = "举报",
        [TicketCategory.Praise] = "表扬",
        [TicketCategory.Incident] = "突发事件",
        [TicketCategory.Other] = "其他",
    };

    private static readonly Dictionary<TicketUrgency, string> UrgencyNames = new()
    {
        [TicketUrgency.Normal] = "一般",
        [TicketUrgency.Urgent] = "紧急",
        [TicketUrgency.Special] = "特殊",
        [TicketUrgency.SpecialUrgent] = "特急",
    };

    public static async Task<Dictionary<string, string?>> ForAsync(
        HotlineDbContext db, Ticket ticket, DeadlineClock? clock, string centreName, WorkingDayCalendar calendar, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var unitIds = ticket.Assignments.Select(a => a.UnitId).ToList();
        var units = await db.Units.AsNoTracking()
            .Where(u => u.TenantId == ticket.TenantId && unitIds.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Name, cancellationToken);
        string? UnitName(Guid? id) => id is { } unit ? units.GetValueOrDefault(unit) : null;

        var concerned = clock?.UnitId ?? UnitConcerned(ticket);
        var due = clock?.DueAt ?? ticket.Clock(DeadlineKind.Handle)?.DueAt;
        var last = ticket.Events.LastOrDefault(e => e.Reason is not null);
        var values = NoticeTemplates.Default.Kinds
            .SelectMany(NoticeTemplates.Default.PlaceholdersOf)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(p => p, _ => (string?)"", StringComparer.Ordinal);
        values["ticketNumber"] = ticket.Number;
        values["category"] = CategoryNames.GetValueOrDefault(ticket.Category, ticket.Category.ToString());
        values["urgency"] = UrgencyNames.GetValueOrDefault(ticket.Urgency, ticket.Urgency.ToString());
        values["unitName"] = UnitName(concerned);
        values["leadUnitName"] = UnitName(ticket.Lead?.UnitId);
        values["centreName"] = centreName;
        values["summary"] = ticket.Content.Length > 60 ? ticket.Content[..60] + "…" : ticket.Content;
        values["signDueAt"] = Minute(ticket.Clocks.LastOrDefault(c => c.Kind == DeadlineKind.Sign)?.DueAt);
        values["handleDueAt"] = Minute(ticket.Clocks.LastOrDefault(c => c.Kind == DeadlineKind.Handle)?.DueAt);
        values["dueAt"] = Minute(due);
        values["clockName"] = clock is null ? "" : ClockNames.GetValueOrDefault(clock.Kind, clock.Kind.ToString());
        values["remaining"] = due is { } d ? Remaining(calendar.RemainingWorkingTime(now, d)) : "";
        values["reason"] = last?.Reason;
        values["decision"] = last?.Action switch
        {
            TicketAction.ReturnApproved or TicketAction.ExtensionApproved => "同意",
            TicketAction.ReturnRejected or TicketAction.ExtensionDenied => "不同意",
            TicketAction.ScreeningDecided => "已作出甄别决定",
            _ => "",
        };
        values["requestedDueAt"] = ticket.Extensions is [.., var extension]
            ? extension.NewDueAt is { } newDue ? Minute(newDue) : string.Create(CultureInfo.InvariantCulture, $"原期限后{extension.WorkingDays}个工作日")
            : "";
        return values;
    }

    /// <summary>The lead unit, or after an approved return the unit that returned the ticket.</summary>
    public static Guid? UnitConcerned(Ticket ticket) =>
        ticket.Lead?.UnitId ?? ticket.Assignments.LastOrDefault(a => a.Role == AssignmentRole.Lead)?.UnitId;

    private static string Minute(DateTimeOffset? at) =>
        at is { } value ? TimeZoneInfo.ConvertTime(value, ShanghaiTime.Zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "";

    private static string Remaining(TimeSpan span) =>
        span <= TimeSpan.Zero ? "0小时" : string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours}小时{span.Minutes}分钟");
}
