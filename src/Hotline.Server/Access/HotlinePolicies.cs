using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Server.Access;

/// <summary>
/// Authorization policies: one per role (<c>role:Dispatcher</c>) and one per action
/// (<c>action:Dispatch</c>) holding the roles <see cref="ActionPermissions"/> gives it. Endpoints
/// say <c>.RequireAction(HotlineAction.Dispatch)</c>; a signed-in user without the role gets 403.
/// </summary>
public static class HotlinePolicies
{
    public static string Role(HotlineRole role) => $"role:{role.Name()}";

    public static string Action(HotlineAction action) => $"action:{action}";

    /// <summary>Only users of a tenant (any role) — for reads every role may make, such as /api/auth/me.</summary>
    public const string SignedIn = "signed-in";

    public static TBuilder RequireAction<TBuilder>(this TBuilder builder, HotlineAction action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Action(action));

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, HotlineRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Role(role));

    internal static AuthorizationBuilder AddHotlinePolicies(this AuthorizationBuilder builder)
    {
        builder.AddPolicy(SignedIn, p => p.RequireAuthenticatedUser().RequireClaim(HotlineClaims.TenantId));
        foreach (var role in HotlineRoles.All)
            builder.AddPolicy(Role(role), p => p.RequireAuthenticatedUser().RequireClaim(HotlineClaims.TenantId).RequireRole(role.Name()));
        foreach (var action in Enum.GetValues<HotlineAction>())
        {
            var roles = ActionPermissions.RolesFor(action).Select(r => r.Name()).ToArray();
            builder.AddPolicy(Action(action), p => p.RequireAuthenticatedUser().RequireClaim(HotlineClaims.TenantId).RequireRole(roles));
        }
        return builder;
    }
}
