using Hotline.Application.Lifecycle;
using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// 并单 and 撤销并单 from the ticket page, as <c>POST /api/tickets/{number}/merge</c> and <c>/unmerge</c> run them: the
/// duplicate and its main ticket change in one unit of work through <see cref="TicketActionRunner"/> and
/// <see cref="MainTicket"/>, or nothing changes and the refusal comes back.
/// </summary>
public sealed class TicketMerges(IServiceScopeFactory scopes)
{
    public Task<ActionRefusal?> MergeAsync(CurrentUser user, string number, string intoTicket, string reason, ActionAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(user, number, attempt, (store, workflows) => (duplicate, context) =>
            MainTicket.MergeAsync(store, workflows, duplicate, context, intoTicket, reason, cancellationToken)!, cancellationToken);

    public Task<ActionRefusal?> UnmergeAsync(CurrentUser user, string number, string reason, ActionAttempt attempt, CancellationToken cancellationToken) =>
        RunAsync(user, number, attempt, (store, workflows) => (duplicate, context) =>
            MainTicket.UnmergeAsync(store, workflows, duplicate, context, reason, cancellationToken)!, cancellationToken);

    private async Task<ActionRefusal?> RunAsync(CurrentUser user, string number, ActionAttempt attempt,
        Func<TicketStore, TicketWorkflows, Func<Hotline.Tickets.Tickets.Ticket, Hotline.Tickets.Tickets.ActionContext, Task<Hotline.Tickets.Tickets.TicketEvent?>>> apply,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var runner = TicketReader.Runner(scope, user);
        var step = apply(scope.ServiceProvider.GetRequiredService<TicketStore>(), scope.ServiceProvider.GetRequiredService<TicketWorkflows>());
        return await TicketActions.RefusalOfAsync(attempt, () => runner.ActAsync(new ActionRequest(attempt.IdempotencyKey, attempt.Revision), number,
            [HotlineAction.MergeTickets], step, cancellationToken));
    }
}
