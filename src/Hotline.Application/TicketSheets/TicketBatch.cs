using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>One ticket of a batch: its number, and why it was refused (null when the action was applied).</summary>
public sealed record BatchOutcome(string Number, ActionRefusal? Refusal);

/// <summary>
/// 批量办理 (the queue's 批量派单): the same command on several tickets, each through <see cref="TicketActionRunner"/> in a
/// unit of work of its own, exactly as one form submission would, so one refusal leaves the others applied and is
/// reported for its ticket. Each ticket's key derives from the batch's key (made when the batch form opens), so a double
/// click applies once per ticket.
/// </summary>
public sealed class TicketBatch(IServiceScopeFactory scopes)
{
    public const int MaxTickets = 100;

    public async Task<IReadOnlyList<BatchOutcome>> ActOnEachAsync(CurrentUser user, IReadOnlyList<string> numbers, TicketCommand command, string batchKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(command);
        var outcomes = new List<BatchOutcome>();
        foreach (var number in numbers.Distinct().Take(MaxTickets))
        {
            await using var scope = scopes.OpenFor(user);
            var runner = TicketReader.Runner(scope, user);
            PriorOverdues prior = (ticket, unitId, now) => runner.PriorOverduesThisYearAsync(ticket, unitId, now, cancellationToken);
            // No revision: the rows a queue shows carry none, and the ticket's state is checked by the domain anyway.
            var attempt = new ActionAttempt($"{batchKey}-{number}", 0);
            outcomes.Add(new BatchOutcome(number, await TicketActions.RefusalOfAsync(attempt, () => runner.ActAsync(new ActionRequest(attempt.IdempotencyKey), number,
                command.Permissions, (ticket, context) => command.Apply(ticket, context, prior), cancellationToken))));
        }

        return outcomes;
    }
}
