using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Problems;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>One ticket of a batch: its number, and why it was refused (null when the action was applied).</summary>
public sealed record BatchOutcome(string Number, ActionRefusal? Refusal);

/// <summary>
/// 批量办理 (the queue's 批量派单): the same command on several tickets, each through <see cref="TicketActionRunner"/> in a
/// unit of work of its own, exactly as one form submission would, so one refusal leaves the others applied and is
/// reported for its ticket. Each ticket's key derives from the batch's key (made when the batch form opens, or the API's
/// <c>Idempotency-Key</c>), so a double click or a retry applies once per ticket. A batch that is wrong as a whole (no
/// tickets, too many, a bad order) is refused before any ticket is touched.
/// </summary>
public sealed class TicketBatch(IServiceScopeFactory scopes)
{
    public const int MaxTickets = 100;

    /// <summary>Room for <c>-{number}</c> within the runner's 100-character key.</summary>
    public const int MaxBatchKeyLength = 100 - TextLimits.Number - 1;

    /// <summary>批量派单: one dispatch order for every ticket, checked once before the first ticket.</summary>
    public Task<IReadOnlyList<BatchOutcome>> DispatchEachAsync(CurrentUser user, IReadOnlyList<string> numbers, DispatchOrder order, string batchKey, string? requestHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(order);
        var coUnits = order.CoUnitIds ?? [];
        if (order.LeadUnitId == Guid.Empty)
            throw new InvalidRequestException("request.invalid", "leadUnitId", "Name the lead unit (承办单位).");
        // The same refusal as the domain's, but before the first ticket rather than once per ticket.
        if (coUnits.Contains(order.LeadUnitId) || coUnits.Contains(Guid.Empty) || coUnits.Distinct().Count() != coUnits.Count)
            throw new InvalidRequestException(ErrorCodes.DispatchUnitInvalid, "coUnitIds", "Co-units are distinct units other than the lead unit.");
        if (order.Note is { Length: > TextLimits.Long })
            throw new InvalidRequestException(ErrorCodes.InputTooLong, "note", $"The note has {order.Note.Length} characters; at most {TextLimits.Long} are stored.");
        return ActOnEachAsync(user, numbers, TicketCommand.Dispatch(order), batchKey, requestHash, cancellationToken);
    }

    public async Task<IReadOnlyList<BatchOutcome>> ActOnEachAsync(CurrentUser user, IReadOnlyList<string> numbers, TicketCommand command, string batchKey, string? requestHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(numbers);
        ArgumentNullException.ThrowIfNull(command);
        var distinct = numbers.Distinct().ToList();
        if (distinct.Count is 0 or > MaxTickets || distinct.Any(n => string.IsNullOrWhiteSpace(n) || n.Length > TextLimits.Number))
            throw new InvalidRequestException("request.out-of-range", "numbers", $"A batch names 1 to {MaxTickets} ticket numbers.");
        if (string.IsNullOrWhiteSpace(batchKey) || batchKey.Length > MaxBatchKeyLength)
            throw new InvalidRequestException(ErrorCodes.InputMissing, ActionRequest.IdempotencyHeader,
                $"A batch needs an {ActionRequest.IdempotencyHeader} of 1 to {MaxBatchKeyLength} characters, so a retry never applies twice.");

        var outcomes = new List<BatchOutcome>();
        foreach (var number in distinct)
        {
            await using var scope = scopes.OpenFor(user);
            var runner = TicketReader.Runner(scope, user);
            PriorOverdues prior = (ticket, unitId, now) => runner.PriorOverduesThisYearAsync(ticket, unitId, now, cancellationToken);
            // No revision: the rows a queue shows carry none, and the ticket's state is checked by the domain anyway.
            var attempt = new ActionAttempt($"{batchKey}-{number}", 0);
            outcomes.Add(new BatchOutcome(number, await TicketActions.RefusalOfAsync(attempt, () => runner.ActAsync(new ActionRequest(attempt.IdempotencyKey, null, requestHash), number,
                command.Permissions, (ticket, context) => command.Apply(ticket, context, prior), cancellationToken))));
        }

        return outcomes;
    }
}
