using Hotline.Server.ElsaApi.ActivityExecutions;
using Hotline.Server.ElsaApi.Definitions;
using Hotline.Server.ElsaApi.Descriptors;
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

    public static IServiceCollection AddElsaApi(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ElsaApiAccessOptions>(configuration.GetSection(ElsaApiAccessOptions.SectionName));

    public static IEndpointRouteBuilder MapElsaApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(BasePath).WithTags("Elsa Studio API").ExcludeFromDescription().AddEndpointFilter(EngineErrors.Translate).AddEndpointFilter(CallerTenant.Enter);
        api.MapDescriptors();
        api.MapDefinitions();
        var tenantData = api.MapGroup("").AddEndpointFilter(SignedInOnly.Check);
        tenantData.MapInstances();
        tenantData.MapActivityExecutions();
        api.MapIdentity();
        return endpoints;
    }
}
