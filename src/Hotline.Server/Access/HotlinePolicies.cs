using Hotline.Tickets.Access;
using Microsoft.AspNetCore.Authorization;

namespace Hotline.Server.Access;

/// <summary>
/// Every authorization rule of the host, in one place (docs/access.md "Authorization"):
/// <list type="bullet">
/// <item>the fallback and default policy <see cref="SignedIn"/> — a user of a tenant — covers every endpoint that
/// says nothing, so a new endpoint is closed until it opts out with <c>AllowAnonymous</c>;</item>
/// <item>one policy per role (<c>role:dispatcher</c>) and per action (<c>action:Dispatch</c>) holding the roles
/// <see cref="ActionPermissions"/> gives it; endpoints say <c>.RequireAction(HotlineAction.Dispatch)</c>;</item>
/// <item><see cref="DesignWorkflows"/>: process owners and administrators change and run workflows in Studio.</item>
/// </list>
/// Not signed in → 401; signed in without the role → 403. Tenant scoping is by query (<c>OwnedBy</c>), so another
/// tenant's row is 404, never 403.
/// </summary>
public static class HotlinePolicies
{
    public static string Role(HotlineRole role) => $"role:{role.Name()}";

    public static string Action(HotlineAction action) => $"action:{action}";

    /// <summary>Only users of a tenant (any role); the fallback and default policy.</summary>
    public const string SignedIn = "signed-in";

    /// <summary>Save, publish, retract, delete and run workflows (Elsa Studio's designer).</summary>
    public const string DesignWorkflows = "design-workflows";

    /// <summary>The roles <see cref="DesignWorkflows"/> admits; Studio hides its edit links from everyone else.</summary>
    public static readonly IReadOnlyList<HotlineRole> DesignerRoles = [HotlineRole.ProcessOwner, HotlineRole.Admin];

    public static TBuilder RequireAction<TBuilder>(this TBuilder builder, HotlineAction action) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Action(action));

    /// <summary>For a route that one of several actions may take (a return decision: HSB's escalation reviewer, elsewhere the reviewer).</summary>
    public static TBuilder RequireAnyAction<TBuilder>(this TBuilder builder, IReadOnlyCollection<HotlineAction> actions) where TBuilder : IEndpointConventionBuilder =>
        actions.Count == 1
            ? builder.RequireAction(actions.First())
            : builder.RequireAuthorization(OfATenant().RequireRole(actions.SelectMany(ActionPermissions.RolesFor).Distinct().Select(r => r.Name())).Build());

    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, HotlineRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Role(role));

    internal static AuthorizationBuilder AddHotlinePolicies(this AuthorizationBuilder builder)
    {
        var signedIn = OfATenant().Build();
        builder.AddPolicy(SignedIn, signedIn).SetDefaultPolicy(signedIn).SetFallbackPolicy(signedIn);
        foreach (var role in HotlineRoles.All)
            builder.AddPolicy(Role(role), OfATenant().RequireRole(role.Name()).Build());
        foreach (var action in Enum.GetValues<HotlineAction>())
            builder.AddPolicy(Action(action), OfATenant().RequireRole(ActionPermissions.RolesFor(action).Select(r => r.Name())).Build());
        builder.AddPolicy(DesignWorkflows, OfATenant().RequireRole(DesignerRoles.Select(r => r.Name())).Build());
        return builder;
    }

    private static AuthorizationPolicyBuilder OfATenant() =>
        new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireClaim(HotlineClaims.TenantId);
}
