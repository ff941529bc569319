using Hotline.Application.Queues;
using Hotline.Application.Tickets;
using Hotline.Application.Tickets.Admission;
using Hotline.Application.Units;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// The ticket page's action forms (办理) through <see cref="TicketActionRunner"/>, as the ticket API runs them: one
/// unit of work, the ticket's workflow must accept the step, and a refusal changes nothing. Each call runs in a scope
/// of its own with the circuit's user; refusals come back as values the form shows.
/// </summary>
public sealed class TicketActions(IServiceScopeFactory scopes, UnitTree units)
{
    /// <summary>Applies <paramref name="command"/>; null when it was applied (or replayed for the same key), else why not.</summary>
    public async Task<ActionRefusal?> ActAsync(CurrentUser user, string number, TicketCommand command, ActionAttempt attempt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var runner = TicketReader.Runner(scope, user);
        PriorOverdues prior = (ticket, unitId, now) => runner.PriorOverduesThisYearAsync(ticket, unitId, now, cancellationToken);
        return await RefusalOfAsync(attempt, () => runner.ActAsync(new ActionRequest(attempt.IdempotencyKey, attempt.Revision), number, command.Permissions,
            (ticket, context) => command.Apply(ticket, context, prior), cancellationToken));
    }

    /// <summary>Runs an action; null when it was applied, else the refusal as the form shows it.</summary>
    internal static async Task<ActionRefusal?> RefusalOfAsync(ActionAttempt attempt, Func<Task> act)
    {
        try
        {
            await act();
            return null;
        }
        catch (TicketRuleViolation violation) when (violation.IsConflict)
        {
            // The three conflicts say in words what happened; the domain's English adds nothing a clerk can act on.
            return new ActionRefusal(violation.Code, violation.Code switch
            {
                ErrorCodes.ConcurrencyConflict => $"其他人已先办理了该工单，页面显示的第 {attempt.Revision} 版已过时。请刷新页面后重试。",
                ErrorCodes.StepNotExpected => "工单的办理流程当前不在等待此操作的环节，请刷新页面查看现在可办的操作。",
                _ => "工单已不在此操作所需的状态，请刷新页面查看工单当前状态。",
            }, violation.RuleIds);
        }
        catch (TicketRuleViolation violation)
        {
            return new ActionRefusal(violation.Code, violation.Message, violation.RuleIds);
        }
        catch (ActionsBusyException)
        {
            return ActionRefusal.Busy;
        }
        catch (AccessDeniedException denied)
        {
            return new ActionRefusal(ErrorCodes.RoleNotAllowed, denied.Message, []);
        }
    }

    /// <summary>The tenant's active units, for the dispatch form's unit picker.</summary>
    public Task<IReadOnlyList<UnitOption>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken) =>
        units.OptionsAsync(user, activeOnly: true, cancellationToken);

    /// <summary>The lists the tenant's policy profile gives the forms to pick from.</summary>
    public async Task<FormChoices> ChoicesAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var policy = (await scope.ServiceProvider.GetRequiredService<TicketStore>().RulesAsync(user.TenantId, cancellationToken)).Policy;
        return new FormChoices(policy.Intake.ExclusionGrounds, policy.Emergency.Lines, policy.Emergency.FireHazardLine,
            policy.Screening.AppealGrounds, policy.Supervision.Triggers, policy.Supervision.InterviewLevels, policy.Screening.ThirdPartyPanel);
    }
}
