using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Policies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.Policies;

/// <summary>
/// The signed-in user's tenant policy: which profile it runs (HSB, HL, QU, HK), its own overrides, and the
/// effective values every deadline and refusal uses. The tenant's admin changes profile or overrides; an override
/// the profile cannot take is refused and nothing changes.
/// </summary>
public static class PolicyEndpoints
{
    public static IEndpointRouteBuilder MapPolicyApi(this IEndpointRouteBuilder endpoints)
    {
        var policy = endpoints.MapGroup("/api/policy").WithTags("Policy").RequireAuthorization();
        policy.MapGet("/", GetAsync).WithSummary("The tenant's profile, overrides and effective policy");
        policy.MapPut("/", PutAsync).RequireRole(HotlineRole.Admin).WithSummary("Select a profile and override single values (JSON merge patch)");
        return endpoints;
    }

    private static async Task<Results<Ok<TenantPolicyView>, NotFound>> GetAsync(HotlineDbContext db, CurrentUser user, CancellationToken ct)
    {
        var tenant = await db.Tenants.AsNoTracking().SingleOrDefaultAsync(t => t.Id == user.TenantId, ct);
        return tenant is null ? TypedResults.NotFound() : TypedResults.Ok(TenantPolicyView.From(tenant.Id, tenant.ProfileCode, tenant.OverridesJson, tenant.EffectivePolicy()));
    }

    private static async Task<Results<Ok<TenantPolicyView>, NotFound, ProblemHttpResult>> PutAsync(
        PolicySelection selection, HotlineDbContext db, CurrentUser user, CancellationToken ct)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == user.TenantId, ct);
        if (tenant is null)
        {
            return TypedResults.NotFound();
        }

        try
        {
            tenant.ChangePolicy(selection.Profile, selection.Overrides?.ToJsonString());
        }
        catch (InvalidPolicyException invalid)
        {
            return TypedResults.Problem(invalid.Message, title: "The policy cannot be used", statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["code"] = "policy.invalid" });
        }

        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(TenantPolicyView.From(tenant.Id, tenant.ProfileCode, tenant.OverridesJson, tenant.EffectivePolicy()));
    }
}

/// <summary>A profile code and the tenant's overrides as a JSON merge patch over it.</summary>
public sealed record PolicySelection(string Profile, JsonObject? Overrides);

public sealed record TenantPolicyView(string Tenant, string Profile, JsonNode? Overrides, JsonNode? Effective)
{
    public static TenantPolicyView From(string tenant, string profile, string? overrides, EffectivePolicy effective) => new(
        tenant,
        profile,
        overrides is null ? null : JsonNode.Parse(overrides),
        JsonNode.Parse(effective.ToJson()));
}
