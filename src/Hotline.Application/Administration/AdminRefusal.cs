using System.Diagnostics.CodeAnalysis;

namespace Hotline.Application.Administration;

/// <summary>What kind of refusal an administration call met; the API answers 400, 404, 409 or 422 by it.</summary>
public enum AdminRefusalKind
{
    /// <summary>The input itself is wrong (a name too long, an unknown role, a weak password).</summary>
    Invalid,

    /// <summary>No such user, key, unit or day in the administrator's tenant (another tenant's is not found either).</summary>
    NotFound,

    /// <summary>The request clashes with what is stored (a taken user name, a retired unit, a cycle in the tree).</summary>
    Conflict,

    /// <summary>The input names something that cannot be used (an unknown or retired unit).</summary>
    Unprocessable,
}

/// <summary>
/// A refused administration call (users, API keys, units, calendar days): a stable <see cref="Code"/> and a message.
/// Thrown before anything is saved, so a refusal changes nothing; the API turns it into a problem, the workbench shows it.
/// </summary>
[SuppressMessage("Naming", "CA1710", Justification = "A refusal, named as the domain's TicketRuleViolation is.")]
public sealed class AdminRefusal(AdminRefusalKind kind, string code, string message) : Exception(message)
{
    public AdminRefusalKind Kind { get; } = kind;
    public string Code { get; } = code;
}
