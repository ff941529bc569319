using Hotline.Application.Tickets;
using Hotline.Tickets.Access;

namespace Hotline.Application.Queues;

/// <summary>
/// Where each role's work waits, most pressing first, and its main queue when none has any: a reviewer lands on
/// 答复待审核 when replies wait, not on 办理中, which only shows what others are doing. For several roles the lists
/// are joined in role order.
/// </summary>
public sealed record LandingQueues(IReadOnlyList<TicketQueue> Work, TicketQueue? Main)
{
    private static readonly (HotlineRole Role, string[] Work)[] ByRole =
    [
        (HotlineRole.Dispatcher, ["to-dispatch"]),
        (HotlineRole.Reviewer, ["replies-to-review", "returns-to-review", "extensions-to-approve", "screening", "revisits"]),
        (HotlineRole.EscalationReviewer, ["returns-to-review"]),
        (HotlineRole.UnitHandler, ["to-sign", "overdue", "due-soon", "in-progress"]),
        (HotlineRole.UnitLeader, ["to-sign", "overdue", "due-soon", "in-progress"]),
        (HotlineRole.Supervisor, ["supervision", "overdue", "due-soon"]),
        (HotlineRole.DisciplineLiaison, ["supervision"]),
    ];

    public static LandingQueues For(CurrentUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var lists = ByRole.Where(r => user.IsInRole(r.Role)).Select(r => r.Work.Select(name => TicketQueue.Find(name)!).ToList()).ToList();
        return new LandingQueues(lists.SelectMany(l => l).Distinct().ToList(), lists.FirstOrDefault()?.FirstOrDefault());
    }
}
