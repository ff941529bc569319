using System.Collections.Frozen;
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
        if (principal?.Identity?.IsAuthenticated != true)
            return Anonymous;
        var tenantId = principal.FindFirstValue(HotlineClaims.TenantId);
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (string.IsNullOrEmpty(tenantId) || string.IsNullOrEmpty(userId))
            return Anonymous;
        var roles = principal.FindAll(ClaimTypes.Role)
            .Select(c => HotlineRoles.Parse(c.Value))
            .OfType<HotlineRole>()
            .ToFrozenSet();
        return new CurrentUser(
            tenantId,
            userId,
            principal.FindFirstValue(ClaimTypes.Name) ?? userId,
            principal.FindFirstValue(HotlineClaims.UnitCode),
            roles,
            principal.FindFirstValue(HotlineClaims.ApiKeyId));
    }

    public override string ToString() => IsAuthenticated ? $"{UserName}@{TenantId}" : "anonymous";
}
