using Hotline.Tickets.Access;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// Runs the ticket page's action forms (办理) for the circuit's user, through the same runner as the ticket API: one
/// unit of work, the ticket's workflow must accept the step, and a refusal changes nothing. Implemented by the host.
/// </summary>
public interface ITicketActions
{
    /// <summary>Applies <paramref name="command"/>; null when it was applied (or replayed for the same key), else why not.</summary>
    Task<ActionRefusal?> ActAsync(CurrentUser user, string number, TicketCommand command, ActionAttempt attempt, CancellationToken cancellationToken);

    /// <summary>The tenant's active units, for the dispatch form's unit picker.</summary>
    Task<IReadOnlyList<UnitChoice>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken);

    /// <summary>The lists the tenant's policy profile gives the forms to pick from.</summary>
    Task<FormChoices> ChoicesAsync(CurrentUser user, CancellationToken cancellationToken);
}

/// <summary>
/// One opening of a form: its idempotency key, made when the form opens so a double click applies once, and the
/// ticket revision the page showed (a ticket that moved on meanwhile is refused, not overwritten).
/// </summary>
public sealed record ActionAttempt(string IdempotencyKey, int Revision)
{
    public static ActionAttempt Open(int revision) => new($"workbench-{Guid.NewGuid():N}", revision);
}

/// <summary>Why an action was refused: the rule's code, a message, and the ids of the rules it quotes.</summary>
public sealed record ActionRefusal(string Code, string Message, IReadOnlyList<string> RuleIds);

/// <summary>A unit a ticket can be dispatched to.</summary>
public sealed record UnitChoice(Guid Id, string Name);

/// <summary>
/// What the tenant's policy profile lets a form pick: 不予受理 grounds, the emergency lines (and the one for fire
/// hazards), the screening/appeal (甄别/申诉) grounds the supervision (督办) triggers and the
/// interview (约谈) levels. An empty list means free text.
/// </summary>
public sealed record FormChoices(
    IReadOnlyList<string> ExclusionGrounds,
    IReadOnlyList<string> EmergencyLines,
    string? FireHazardLine,
    IReadOnlyList<string> AppealGrounds,
    IReadOnlyList<string> SupervisionGrounds,
    IReadOnlyList<string> InterviewLevels);
