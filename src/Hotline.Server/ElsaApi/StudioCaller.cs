using System.Security.Claims;
using Hotline.Tickets.Access;
using Hotline.Server.Access;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// What the caller of <c>/elsa/api</c> may do: process owners (流程管理员) and administrators design, save, publish
/// and run workflows; everyone else, auditors (审计员) included, reads only. Every caller works in its own tenant
/// (县级中心, <see cref="CallerTenant"/>). Staff of a handling unit (unit handler and leader) see no instances: Studio
/// is the centre's, and an instance may concern tickets their unit may not see. Read-only access is shown to Studio
/// through links (no <c>publish</c> link, no <c>bulk-publish</c>), so it opens its read-only mode instead of failing
/// on the first autosave.
/// </summary>
/// <remarks>
/// Roles and tenant are the claims the access module issues (<see cref="HotlineRoles.Name"/>, <see cref="HotlineClaims.TenantId"/>),
/// whichever way the caller signed in (cookie, bearer token, API key). Who may call at all is the host's authorization
/// policies' business (<see cref="HotlinePolicies"/>); this record only shapes the answers (links, visible instances).
/// </remarks>
public sealed record StudioCaller(string? UserName, bool CanDesign, string? TenantId, bool IsSignedIn)
{
    public static StudioCaller From(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return new(null, CanDesign: false, TenantId: null, IsSignedIn: false);
        }

        var roles = user.FindAll(user.Identities.First().RoleClaimType).Select(c => c.Value).ToList();
        return new(
            user.Identity.Name,
            HotlinePolicies.DesignerRoles.Any(r => user.IsInRole(r.Name())),
            user.FindFirstValue(HotlineClaims.TenantId),
            IsSignedIn: true)
        {
            SeesInstances = roles.Exists(role => !UnitRoles.Contains(role)),
        };
    }

    private static readonly string[] UnitRoles = [HotlineRole.UnitHandler.Name(), HotlineRole.UnitLeader.Name()];

    /// <summary>False for a signed-in caller without a role beyond a handling unit's: no instance is theirs to see.</summary>
    public bool SeesInstances { get; private init; } = true;
}
