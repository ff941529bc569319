using System.Collections.Frozen;
using System.Collections.ObjectModel;
using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;

namespace Hotline.Tickets.Access;

/// <summary>
/// Who is acting (当前用户): tenant, user, unit and roles, whether a person signed in with a
/// password or a system with an API key. Endpoints and domain code take it instead of reading
/// claims themselves.
/// </summary>
public sealed class CurrentUser
{
    private CurrentUser(string tenantId, string userId, string userName, string? unitCode, IReadOnlySet<HotlineRole> roles, string? apiKeyId)
    {
        TenantId = tenantId;
        UserId = userId;
        UserName = userName;
        UnitCode = unitCode;
        Roles = roles;
        ApiKeyId = apiKeyId;
    }

    /// <summary>No one signed in: no tenant, no roles; every tenant check fails.</summary>
    public static CurrentUser Anonymous { get; } = new("", "", "", null, FrozenSet<HotlineRole>.Empty, null);

    public bool IsAuthenticated => TenantId.Length > 0;
    public string TenantId { get; }
    public string UserId { get; }
    public string UserName { get; }

    /// <summary>The handling unit (承办单位) a unit handler or leader acts for; null for centre staff.</summary>
    public string? UnitCode { get; }

    public IReadOnlySet<HotlineRole> Roles { get; }

    /// <summary>The API key's id when a system is acting; null for a person.</summary>
    public string? ApiKeyId { get; }

    public bool IsInRole(HotlineRole role) => Roles.Contains(role);

    public bool IsInAnyRole(IEnumerable<HotlineRole> roles) => roles.Any(Roles.Contains);

    /// <summary>True when the data belongs to this user's tenant; always false when anonymous.</summary>
    public bool BelongsTo(string tenantId) => IsAuthenticated && string.Equals(TenantId, tenantId, StringComparison.Ordinal);

    /// <summary>Builds the user from a principal made by <see cref="HotlineClaims.CreatePrincipal"/>; anonymous when it lacks a tenant.</summary>
    public static CurrentUser From(ClaimsPrincipal? principal)
    {
        if (!TryIdentify(principal, out var tenantId, out var userId))
            return Anonymous;
        // A hash set, not a frozen one: built once per request for a handful of roles, freezing cost more than it saved.
        var roles = new HashSet<HotlineRole>();
        foreach (var claim in principal.FindAll(ClaimTypes.Role))
        {
            if (HotlineRoles.Parse(claim.Value) is { } role)
                roles.Add(role);
        }

        return new CurrentUser(
            tenantId,
            userId,
            principal.FindFirstValue(ClaimTypes.Name) ?? userId,
            principal.FindFirstValue(HotlineClaims.UnitCode),
            new ReadOnlySet<HotlineRole>(roles),
            principal.FindFirstValue(HotlineClaims.ApiKeyId));
    }

    /// <summary>
    /// The tenant and user of a principal <see cref="From"/> would take for signed in, without its roles (the request
    /// log reads only these).
    /// </summary>
    public static bool TryIdentify([NotNullWhen(true)] ClaimsPrincipal? principal, out string tenantId, out string userId)
    {
        (tenantId, userId) = ("", "");
        if (principal?.Identity?.IsAuthenticated != true)
            return false;
        tenantId = principal.FindFirstValue(HotlineClaims.TenantId) ?? "";
        userId = principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        return tenantId.Length > 0 && userId.Length > 0;
    }

    public override string ToString() => IsAuthenticated ? $"{UserName}@{TenantId}" : "anonymous";
}
