using Hotline.Tickets.Access;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Units;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Application.Administration;

/// <summary>
/// What every administration use case does first: check the caller may (the same <see cref="HotlineAction"/> the API's
/// policy names, so a workbench page gets the same answer), then open a scope of its own, because the workbench calls
/// from a circuit that outlives any request.
/// </summary>
internal static class AdminCalls
{
    public static AsyncServiceScope Open(IServiceScopeFactory scopes, CurrentUser user, HotlineAction action)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (!user.IsAllowed(action))
            throw new AccessDeniedException($"{user} may not {action}.");
        return scopes.OpenFor(user);
    }

    /// <summary>Runs a domain call that checks its input; its <see cref="ArgumentException"/> becomes an invalid-input refusal.</summary>
    public static T Checked<T>(string code, Func<T> call) => Checked(_ => code, call);

    /// <summary>
    /// As <see cref="Checked{T}(string, Func{T})"/>, with the refusal's code by the input the domain refused (its
    /// parameter's name), so each refusal has a code of its own that a page can word without reading the message.
    /// </summary>
    public static T Checked<T>(Func<ArgumentException, string> code, Func<T> call)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(call);
        try
        {
            return call();
        }
        catch (ArgumentException e)
        {
            throw new AdminRefusal(AdminRefusalKind.Invalid, code(e), Message(e));
        }
    }

    /// <summary>An account's unit must be an active unit of the administrator's tenant (<see cref="UnitReferences"/>).</summary>
    public static async Task RequireUsableUnitAsync(AsyncServiceScope scope, CurrentUser user, string? unitCode, CancellationToken cancellationToken)
    {
        try
        {
            await scope.ServiceProvider.GetRequiredService<UnitReferences>().RequireUsableAsync(user.TenantId, unitCode, cancellationToken);
        }
        catch (TicketRuleViolation violation)
        {
            throw new AdminRefusal(AdminRefusalKind.Unprocessable, violation.Code, violation.Message);
        }
    }

    /// <summary>
    /// Role names as sent, with the unit for unit roles (<see cref="RoleAssignment"/>'s rules, each refusal with its own
    /// <see cref="RoleRefusals"/> code); an unknown name is refused with the list of known ones.
    /// </summary>
    public static RoleAssignment Roles(string code, IEnumerable<string>? names, string? unitCode)
    {
        var sent = (names ?? []).ToList();
        if (sent.Count == 0)
            throw new AdminRefusal(AdminRefusalKind.Invalid, RoleRefusals.None, "At least one role is required.");
        var roles = sent.Select(n => HotlineRoles.Parse(n) ?? throw new AdminRefusal(AdminRefusalKind.Invalid, RoleRefusals.Unknown,
            $"Unknown role '{n}'. Roles: {string.Join(", ", HotlineRoles.All.Select(r => r.Name()))}.")).ToList();
        var unitRole = roles.Any(r => r.IsUnitRole());
        if (unitRole && string.IsNullOrWhiteSpace(unitCode))
            throw new AdminRefusal(AdminRefusalKind.Invalid, RoleRefusals.UnitRequired, "Unit handlers and unit leaders act for a handling unit: a unit code is required.");
        if (!unitRole && !string.IsNullOrWhiteSpace(unitCode))
            throw new AdminRefusal(AdminRefusalKind.Invalid, RoleRefusals.UnitNotAllowed, "Only unit handlers and unit leaders belong to a unit.");
        return Checked(code, () => new RoleAssignment(roles, unitCode));
    }

    /// <summary>ArgumentException appends " (Parameter 'x')"; people reading the refusal do not need it.</summary>
    public static string Message(ArgumentException e) =>
        e.ParamName is null ? e.Message : e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal);
}
