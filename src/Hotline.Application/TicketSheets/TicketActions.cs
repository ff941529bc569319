using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.TicketSheets;

/// <summary>
/// The ticket page's action forms through <see cref="TicketActionRunner"/>, as the ticket API runs them, in a scope of
/// their own with the circuit's user. Refusals come back as values the form shows; nothing is changed by them.
/// </summary>
public sealed class TicketActions(IServiceScopeFactory scopes) : ITicketActions
{
    public async Task<ActionRefusal?> ActAsync(CurrentUser user, string number, TicketCommand command, ActionAttempt attempt, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var runner = TicketReader.Runner(scope, user);
        try
        {
            PriorOverdues prior = (ticket, unitId, now) => runner.PriorOverduesThisYearAsync(ticket, unitId, now, cancellationToken);
            await runner.ActAsync(new ActionRequest(attempt.IdempotencyKey, attempt.Revision), number, command.Permissions,
                (ticket, context) => command.Apply(ticket, context, prior), cancellationToken);
            return null;
        }
        catch (TicketRuleViolation violation) when (violation.Code == ErrorCodes.ConcurrencyConflict)
        {
            return new ActionRefusal(violation.Code, $"其他人已先办理了该工单，页面显示的第 {attempt.Revision} 版已过时。请刷新页面后重试。（{violation.Message}）", violation.RuleIds);
        }
        catch (TicketRuleViolation violation)
        {
            return new ActionRefusal(violation.Code, violation.Message, violation.RuleIds);
        }
        catch (AccessDeniedException denied)
        {
            return new ActionRefusal(ErrorCodes.RoleNotAllowed, denied.Message, []);
        }
    }

    public async Task<IReadOnlyList<UnitChoice>> UnitsAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<HotlineDbContext>().Set<Unit>().AsNoTracking()
            .Where(u => u.TenantId == user.TenantId && u.Active)
            .OrderBy(u => u.Name)
            .Select(u => new UnitChoice(u.Id, u.Name))
            .ToListAsync(cancellationToken);
    }

    public async Task<FormChoices> ChoicesAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var policy = (await scope.ServiceProvider.GetRequiredService<TicketStore>().RulesAsync(user.TenantId, cancellationToken)).Policy;
        return new FormChoices(policy.Intake.ExclusionGrounds, policy.Emergency.Lines, policy.Emergency.FireHazardLine,
            policy.Screening.AppealGrounds, policy.Supervision.Triggers, policy.Supervision.InterviewLevels);
    }
}
