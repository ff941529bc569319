using Hotline.Server.Access;
using Hotline.Server.ElsaApi.ActivityExecutions;
using Hotline.Server.ElsaApi.Alterations;
using Hotline.Server.ElsaApi.Definitions;
using Hotline.Server.ElsaApi.Descriptors;
using Hotline.Server.ElsaApi.Events;
using Hotline.Server.ElsaApi.Identity;
using Hotline.Server.ElsaApi.Instances;

namespace Hotline.Server.ElsaApi;

/// <summary>
/// The part of Elsa 3.8's REST API that Elsa Studio calls, under <c>/elsa/api</c> (the routes are listed in
/// docs/studio.md). Endpoints only translate HTTP; the engine does the work.
/// </summary>
public static class ElsaApiEndpoints
{
    public const string BasePath = "/elsa/api";

    public static IEndpointRouteBuilder MapElsaApi(this IEndpointRouteBuilder endpoints)
    {
        // Every route needs a user of a tenant (reads included); writes and runs ask for DesignWorkflows; only the
        // identity login and refresh are open.
        var api = endpoints.MapGroup(BasePath).WithTags("Elsa Studio API").ExcludeFromDescription()
            .RequireAuthorization(HotlinePolicies.SignedIn).AddEndpointFilter(EngineErrors.Translate)
            .AddEndpointFilter(CallerTenant.Enter);
        api.MapDescriptors();
        api.MapDefinitions();
        api.MapInstances();
        api.MapActivityExecutions();
        api.MapEvents();
        api.MapAlterations();
        api.MapIdentity();
        return endpoints;
    }
}
