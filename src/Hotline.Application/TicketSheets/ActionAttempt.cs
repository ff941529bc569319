namespace Hotline.Application.TicketSheets;

/// <summary>
/// One opening of a form: its idempotency key, made when the form opens so a double click applies once, and the
/// ticket revision the page showed (a ticket that moved on meanwhile is refused, not overwritten).
/// </summary>
public sealed record ActionAttempt(string IdempotencyKey, int Revision)
{
    public static ActionAttempt Open(int revision) => new($"workbench-{Guid.NewGuid():N}", revision);
}

/// <summary>Why an action was refused: the rule's code, a message, and the ids of the rules it quotes.</summary>
public sealed record ActionRefusal(string Code, string Message, IReadOnlyList<string> RuleIds)
{
    /// <summary>The node ran as many actions as it is set to and this one could not wait (<see cref="Tickets.Admission.ActionsBusyException"/>).</summary>
    public static ActionRefusal Busy { get; } = new(Tickets.Admission.ActionsBusyException.Code, "同时办理的操作太多，本次操作未执行，请稍候再试。", []);
}

/// <summary>
/// What the tenant's policy profile lets a form pick: 不予受理 grounds, the emergency lines (and the one for fire
/// hazards), the screening/appeal (甄别/申诉) grounds the supervision (督办) triggers and the
/// interview (约谈) levels, and whether a third-party panel (第三方评价会, HK-SCR-2) rules on dissatisfied tickets. An
/// empty list means free text.
/// </summary>
public sealed record FormChoices(
    IReadOnlyList<string> ExclusionGrounds,
    IReadOnlyList<string> EmergencyLines,
    string? FireHazardLine,
    IReadOnlyList<string> AppealGrounds,
    IReadOnlyList<string> SupervisionGrounds,
    IReadOnlyList<string> InterviewLevels,
    bool ThirdPartyPanel = false);
