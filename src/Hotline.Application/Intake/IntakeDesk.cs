using Hotline.Application.Tickets;
using Hotline.Application.Tickets.Admission;
using Hotline.Application.TicketSheets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Intake;

/// <summary>A registration from the intake page: the new ticket's number, or why it was refused.</summary>
public sealed record IntakeOutcome(string? Number, ActionRefusal? Refusal);

/// <summary>
/// 受理登记 from the workbench's intake page, through the same <see cref="TicketActionRunner.RegisterAsync(ActionRequest, TicketIntake, CancellationToken)"/> as
/// <c>POST /api/tickets</c>: its workflows start with it, or nothing is saved. The page makes the idempotency key when it
/// opens the form, so a double Enter registers once.
/// </summary>
public sealed class IntakeDesk(IServiceScopeFactory scopes)
{
    public async Task<IntakeOutcome> RegisterAsync(CurrentUser user, TicketIntake intake, string idempotencyKey, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        try
        {
            var view = await TicketReader.Runner(scope, user).RegisterAsync(new ActionRequest(idempotencyKey), intake, cancellationToken);
            return new IntakeOutcome(view.Number, null);
        }
        catch (TicketRuleViolation violation)
        {
            return new IntakeOutcome(null, new ActionRefusal(violation.Code, violation.Message, violation.RuleIds));
        }
        catch (AccessDeniedException denied)
        {
            return new IntakeOutcome(null, new ActionRefusal(ErrorCodes.RoleNotAllowed, denied.Message, []));
        }
        catch (ActionsBusyException)
        {
            return new IntakeOutcome(null, ActionRefusal.Busy);
        }
    }

    /// <summary>
    /// What the form offers: the usual channels, then the tenant's government-office channels (HSB-GEN-2); the categories
    /// the tenant accepts (all when its profile lists none); and the duplicate window.
    /// </summary>
    public async Task<IntakeChoices> ChoicesAsync(CurrentUser user, CancellationToken cancellationToken)
    {
        await using var scope = scopes.OpenFor(user);
        var policy = (await scope.ServiceProvider.GetRequiredService<TicketStore>().RulesAsync(user.TenantId, cancellationToken)).Policy;
        var categories = policy.Intake.Categories.Count > 0 ? policy.Intake.Categories : Enum.GetValues<TicketCategory>();
        return new IntakeChoices([.. UsualChannels, .. policy.Intake.GovernmentOfficeChannels], [.. categories], policy.Merge.DuplicateWindowDays);
    }

    private static readonly string[] UsualChannels = ["Phone", "Web", "Wechat", "App", "Email", "Sms", "Letter", "Visit"];
}

public sealed record IntakeChoices(IReadOnlyList<string> Channels, IReadOnlyList<TicketCategory> Categories, int DuplicateWindowDays);
