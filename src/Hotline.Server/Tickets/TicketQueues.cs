using System.Linq.Expressions;
using Hotline.Tickets.Access;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tickets;

namespace Hotline.Server.Tickets;

/// <summary>
/// The work queues each role lands on: which tickets are waiting for whom. A queue is a name, the roles that
/// see it, and a filter; units see only their own unit's tickets (<see cref="TicketSearch"/> narrows by unit).
/// </summary>
public sealed record TicketQueue(string Name, string Title, IReadOnlySet<HotlineRole> Roles, Func<DateTimeOffset, Expression<Func<Ticket, bool>>> Filter)
{
    private static readonly HotlineRole[] Centre = [HotlineRole.Dispatcher, HotlineRole.Reviewer, HotlineRole.Supervisor];
    private static readonly HotlineRole[] Units = [HotlineRole.UnitHandler, HotlineRole.UnitLeader];

    public static IReadOnlyList<TicketQueue> All { get; } =
    [
        new("to-dispatch", "待派单", Set(HotlineRole.Dispatcher), _ => t => t.State == TicketState.Registered),
        new("to-sign", "待签收", Set(Units), _ => t => t.State == TicketState.Dispatched),
        new("in-progress", "办理中", Set([.. Units, .. Centre]), _ => t => t.State == TicketState.Handling),
        new("due-soon", "即将到期", Set([.. Units, .. Centre]), now => t =>
            t.Clocks.Any(c => c.StoppedAt == null && !c.Overdue && c.WarningAt != null && c.WarningAt <= now && c.DueAt >= now)),
        new("overdue", "已逾期", Set([.. Units, .. Centre]), IsOverdue),
        new("returns-to-review", "退办待审核", Set(HotlineRole.Reviewer, HotlineRole.EscalationReviewer), _ => t =>
            t.Returns.Any(r => r.Status == RequestStatus.Pending)),
        new("extensions-to-approve", "延期待审批", Set(HotlineRole.Reviewer), _ => t =>
            t.Extensions.Any(e => e.Status == RequestStatus.Pending)),
        new("replies-to-review", "答复待审核", Set(HotlineRole.Reviewer), _ => t => t.State == TicketState.Replied),
        new("revisits", "待回访", Set(HotlineRole.Reviewer), _ => t => t.State == TicketState.Completed),
        new("screening", "甄别待处理", Set(HotlineRole.Reviewer), _ => t => t.State == TicketState.Screening),
        new("supervision", "督办事项", Set(HotlineRole.Supervisor, HotlineRole.DisciplineLiaison), now => t =>
            t.Clocks.Any(c => c.StoppedAt == null && (c.Kind == DeadlineKind.Supervision || c.Overdue || c.DueAt < now))),
    ];

    /// <summary>A running clock is past its due time (CC-7) or was marked overdue by its timer.</summary>
    public static Expression<Func<Ticket, bool>> IsOverdue(DateTimeOffset now) =>
        t => t.Clocks.Any(c => c.StoppedAt == null && (c.Overdue || c.DueAt < now));

    public static TicketQueue? Find(string name) => All.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));

    private static HashSet<HotlineRole> Set(params HotlineRole[] roles) => [.. roles];
}
