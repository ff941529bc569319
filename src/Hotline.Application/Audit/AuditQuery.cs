using Hotline.Application.Queues;
using Hotline.Tickets.Tickets;

namespace Hotline.Application.Audit;

/// <summary>
/// An auditor's search (工单审计查询) over every ticket of the tenant: by number (part of it), caller phone, unit,
/// state and registration date (Beijing calendar days, <see cref="To"/> inclusive). A phone search reads personal
/// data, so it needs a <see cref="Purpose"/> and is recorded.
/// </summary>
public sealed record AuditQuery(
    string? Number = null,
    string? Phone = null,
    string? Purpose = null,
    Guid? Unit = null,
    TicketState? State = null,
    DateOnly? From = null,
    DateOnly? To = null,
    int Page = 1,
    int PageSize = 20)
{
    public const int MaxPageSize = 200;

    /// <summary>The phone's digits only, so 138-1234-5678 and 13812345678 find the same caller; null when none.</summary>
    public string? PhoneDigits => string.IsNullOrWhiteSpace(Phone) ? null : new string(Phone.Where(char.IsAsciiDigit).ToArray());

    /// <summary>Why the query cannot run, in zh-CN with the rule it enforces; null when it can.</summary>
    public string? Problem()
    {
        if (Phone is not null && PhoneDigits is { Length: < 5 })
            return "来电号码至少需要 5 位数字。";
        if (PhoneDigits is not null && string.IsNullOrWhiteSpace(Purpose))
            return "按来电号码查询涉及个人信息，请填写查询目的（HK-PRV-1, HL-PRV-1, QU-PRV-1）。";
        if (Purpose is { Length: > 150 })
            return "查询目的最多 150 个字。";
        if (From is { } from && To is { } to && to < from)
            return "结束日期早于开始日期。";
        return null;
    }
}

/// <summary>A ticket found by an auditor: the list columns and the export's columns; the caller phone is masked.</summary>
public sealed record AuditRow(
    string Number,
    TicketState State,
    string Channel,
    TicketCategory Category,
    TicketUrgency Urgency,
    string CallerPhone,
    string Content,
    string? Location,
    string? LeadUnit,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? NextDueAt,
    DeadlineLight Light,
    bool EverOverdue,
    ResolutionType? Resolution,
    SatisfactionRating? Satisfaction);

public sealed record AuditRows(IReadOnlyList<AuditRow> Items, int TotalCount);
