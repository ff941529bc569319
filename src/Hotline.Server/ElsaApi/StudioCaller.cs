using System.Security.Claims;
using Hotline.Tickets.Access;
using Microsoft.Extensions.Options;

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
/// whichever way the caller signed in (cookie, bearer token, API key). <see cref="ElsaApiAccessOptions.AnonymousRole"/>
/// lets a developer machine without sign-in design workflows; it is unset by default, so an anonymous caller reads only.
/// </remarks>
public sealed record StudioCaller(string? UserName, bool CanDesign, string? TenantId, bool IsSignedIn)
{
    public static readonly string ProcessOwnerRole = HotlineRole.ProcessOwner.Name();
    public static readonly string AdminRole = HotlineRole.Admin.Name();
    public const string TenantClaim = HotlineClaims.TenantId;

    public static StudioCaller From(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            // A configured anonymous role stands in for sign-in on a developer machine.
            var anonymousRole = http.RequestServices.GetRequiredService<IOptions<ElsaApiAccessOptions>>().Value.AnonymousRole;
            return new(null, anonymousRole == ProcessOwnerRole || anonymousRole == AdminRole, TenantId: null, IsSignedIn: anonymousRole is not null);
        }

        var roles = user.FindAll(user.Identities.First().RoleClaimType).Select(c => c.Value).ToList();
        return new(
            user.Identity.Name,
            user.IsInRole(ProcessOwnerRole) || user.IsInRole(AdminRole),
            user.FindFirstValue(TenantClaim),
            IsSignedIn: true)
        {
            SeesInstances = roles.Exists(role => !UnitRoles.Contains(role)),
        };
    }

    private static readonly string[] UnitRoles = [HotlineRole.UnitHandler.Name(), HotlineRole.UnitLeader.Name()];

    /// <summary>False for a signed-in caller without a role beyond a handling unit's: no instance is theirs to see.</summary>
    public bool SeesInstances { get; private init; } = true;
}

/// <summary>Access settings of the Studio API, section <c>ElsaApi:Access</c>.</summary>
public sealed class ElsaApiAccessOptions
{
    public const string SectionName = "ElsaApi:Access";

    /// <summary>The role an unauthenticated caller gets (e.g. <c>process-owner</c> on a developer machine); none by default.</summary>
    public string? AnonymousRole { get; set; }
}
