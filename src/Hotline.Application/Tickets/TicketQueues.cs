using System.Linq.Expressions;
using Hotline.Tickets.Access;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Application.Tickets;

/// <summary>
/// The work queues each role lands on: which tickets are waiting for whom. A queue is a name, the roles that
/// see it, and a filter; units see only their own unit's tickets (<see cref="TicketSearch"/> narrows by unit). A filter on
/// clocks, returns or extensions is <see cref="TicketQueueFilter.Selective"/>: few tickets match, and the search starts
/// from the matching rows rather than from the tenant's tickets.
/// </summary>
public sealed record TicketQueue(string Name, string Title, IReadOnlySet<HotlineRole> Roles, Func<HotlineDbContext, DateTimeOffset, TicketQueueFilter> Filter)
{
    private static readonly HotlineRole[] Centre = [HotlineRole.Dispatcher, HotlineRole.Reviewer, HotlineRole.Supervisor];
    private static readonly HotlineRole[] Units = [HotlineRole.UnitHandler, HotlineRole.UnitLeader];

    public static IReadOnlyList<TicketQueue> All { get; } =
    [
        OfState("to-dispatch", "待派单", Set(HotlineRole.Dispatcher), TicketState.Registered),
        OfState("to-sign", "待签收", Set(Units), TicketState.Dispatched),
        OfState("in-progress", "办理中", Set([.. Units, .. Centre]), TicketState.Handling),
        new("due-soon", "即将到期", Set([.. Units, .. Centre]), (db, now) => TicketQueueFilter.Few(WithClock(db,
            c => c.StoppedAt == null && !c.Overdue && c.WarningAt != null && c.WarningAt <= now && c.DueAt >= now))),
        new("overdue", "已逾期", Set([.. Units, .. Centre]), (db, now) => TicketQueueFilter.Few(IsOverdue(db, now))),
        new("returns-to-review", "退办待审核", Set(HotlineRole.Reviewer, HotlineRole.EscalationReviewer), (db, _) =>
            TicketQueueFilter.Few(Owning(db.Set<ReturnRequest>().Where(r => r.Status == RequestStatus.Pending)))),
        new("extensions-to-approve", "延期待审批", Set(HotlineRole.Reviewer), (db, _) =>
            TicketQueueFilter.Few(Owning(db.Set<ExtensionRequest>().Where(e => e.Status == RequestStatus.Pending)))),
        OfState("replies-to-review", "答复待审核", Set(HotlineRole.Reviewer), TicketState.Replied),
        OfState("revisits", "待回访", Set(HotlineRole.Reviewer), TicketState.Completed),
        OfState("screening", "甄别待处理", Set(HotlineRole.Reviewer), TicketState.Screening),
        new("supervision", "督办事项", Set(HotlineRole.Supervisor, HotlineRole.DisciplineLiaison), (db, now) => TicketQueueFilter.Few(WithClock(db,
            c => c.StoppedAt == null && (c.Kind == DeadlineKind.Supervision || c.Overdue || c.DueAt < now)))),
    ];

    /// <summary>A running clock is past its due time (CC-7) or was marked overdue by its timer.</summary>
    public static Expression<Func<Ticket, bool>> IsOverdue(HotlineDbContext db, DateTimeOffset now) =>
        WithClock(db, c => c.StoppedAt == null && (c.Overdue || c.DueAt < now));

    /// <summary>Tickets with a clock that matches: <c>Id IN (SELECT TicketId FROM DeadlineClocks WHERE …)</c>.</summary>
    public static Expression<Func<Ticket, bool>> WithClock(HotlineDbContext db, Expression<Func<DeadlineClock, bool>> clock)
    {
        ArgumentNullException.ThrowIfNull(db);
        return Owning(db.DeadlineClocks.Where(clock));
    }

    /// <summary>
    /// Tickets that own one of <paramref name="children"/>. An IN over the children's own index, where
    /// <c>t.Clocks.Any(…)</c> would be an EXISTS probed once for every ticket of the tenant (seconds at a million).
    /// </summary>
    public static Expression<Func<Ticket, bool>> Owning<TChild>(IQueryable<TChild> children)
        where TChild : class
    {
        var ids = children.Select(c => EF.Property<Guid?>(c, "TicketId"));
        return t => ids.Contains(t.Id);
    }

    public static TicketQueue? Find(string name) => All.FirstOrDefault(q => string.Equals(q.Name, name, StringComparison.OrdinalIgnoreCase));

    private static HashSet<HotlineRole> Set(params HotlineRole[] roles) => [.. roles];

    /// <summary>The state a queue of one state holds (待派单: registered tickets); null for a queue of clocks or requests.</summary>
    public TicketState? State { get; private init; }

    private static TicketQueue OfState(string name, string title, IReadOnlySet<HotlineRole> roles, TicketState state) =>
        new(name, title, roles, (_, _) => new TicketQueueFilter(t => t.State == state, Selective: false)) { State = state };
}

/// <summary>
/// A queue's condition on tickets. <paramref name="Selective"/> when it matches a few thousand tickets at most whatever
/// the tenant's size (running clocks, pending requests): the search then starts from those rows.
/// </summary>
public sealed record TicketQueueFilter(Expression<Func<Ticket, bool>> Condition, bool Selective)
{
    public static TicketQueueFilter Few(Expression<Func<Ticket, bool>> condition) => new(condition, Selective: true);
}
