using System.Security.Claims;

namespace Hotline.Tickets.Access;

/// <summary>The claims a signed-in principal carries, whichever way it signed in.</summary>
public static class HotlineClaims
{
    // "tenant" is also what the Elsa API's caller check reads.
    public const string TenantId = "tenant";
    public const string UnitCode = "unit";

    /// <summary>Changes whenever the user's password, roles or status change; old cookies and tokens stop working.</summary>
    public const string SecurityStamp = "hotline:stamp";

    /// <summary>The server-side session (<see cref="UserSession"/>) a cookie or token belongs to.</summary>
    public const string SessionId = "hotline:session";

    /// <summary>The token family's generation a token was issued in; a refresh moves the family on.</summary>
    public const string SessionGeneration = "hotline:generation";

    /// <summary>Present when a system signed in with an API key; the value is the key's id.</summary>
    public const string ApiKeyId = "hotline:api-key";

    /// <summary>A principal for the given identity, in the shape <see cref="CurrentUser.From"/> reads back.</summary>
    public static ClaimsPrincipal CreatePrincipal(
        string authenticationType, string tenantId, string userId, string userName, RoleAssignment roles, IEnumerable<Claim>? extra = null)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, userId),
            new(ClaimTypes.Name, userName),
            new(TenantId, tenantId),
        };
        if (roles.UnitCode is not null)
            claims.Add(new Claim(UnitCode, roles.UnitCode));
        claims.AddRange(roles.Roles.Order().Select(r => new Claim(ClaimTypes.Role, r.Name())));
        if (extra is not null)
            claims.AddRange(extra);
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType, ClaimTypes.Name, ClaimTypes.Role));
    }
}
