using Hotline.Workflows.Descriptors;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.ElsaApi.Descriptors;

/// <summary>
/// The <c>/descriptors</c> and <c>/features</c> routes the designer and viewer load before they render. Activity
/// descriptors come from the engine's <see cref="ActivityRegistry"/> (built-ins and every registered Hotline
/// activity); the other lists are the engine's <see cref="DescriptorLists"/>. No optional Elsa feature is
/// advertised, so Studio opens no SignalR hub and no resilience panel; commit strategies are empty because the
/// engine commits at every wait state.
/// </summary>
internal static class DescriptorEndpoints
{
    public static void MapDescriptors(this IEndpointRouteBuilder api)
    {
        var descriptors = api.MapGroup("/descriptors");
        // Studio refetches this after every save (?Refresh=True); the registry is an in-memory list.
        descriptors.MapGet("/activities", ([FromServices] ActivityRegistry registry) => ElsaApiJson.Ok(new ListResponse<ActivityDescriptor>(registry.Descriptors)));
        descriptors.MapGet("/expression-descriptors", () => ElsaApiJson.Ok(new ListResponse<ExpressionDescriptor>(DescriptorLists.Expressions)));
        descriptors.MapGet("/variables", () => ElsaApiJson.Ok(new ListResponse<VariableTypeDescriptor>(DescriptorLists.VariableTypes)));
        descriptors.MapGet("/storage-drivers", () => ElsaApiJson.Ok(new ListResponse<StorageDriverDescriptor>(DescriptorLists.StorageDrivers)));
        descriptors.MapGet("/workflow-activation-strategies", () => ElsaApiJson.Ok(new ListResponse<StrategyDescriptor>(DescriptorLists.ActivationStrategies)));
        descriptors.MapGet("/incident-strategies", () => ElsaApiJson.Ok(new ListResponse<StrategyDescriptor>(DescriptorLists.IncidentStrategies)));
        descriptors.MapGet("/log-persistence-strategies", () => ElsaApiJson.Ok(new ListResponse<StrategyDescriptor>(DescriptorLists.LogPersistenceStrategies)));
        descriptors.MapGet("/commit-strategies/workflows", () => ElsaApiJson.Ok(new ListResponse<CommitStrategyDescriptor>([])));
        descriptors.MapGet("/commit-strategies/activities", () => ElsaApiJson.Ok(new ListResponse<CommitStrategyDescriptor>([])));
        // No converters: an output bound to a variable of another type is converted by the variable's own type.
        descriptors.MapGet("/output-converters", () => ElsaApiJson.Ok(new ListResponse<object>([])));
        descriptors.MapPost("/activities/{activityTypeName}/options/{propertyName}", RefreshOptions);

        api.MapGet("/features/installed", () => ElsaApiJson.Ok(new ListResponse<FeatureDescriptor>([])));
        // Monaco asks for TypeScript declarations while a JavaScript expression is edited; none are needed to edit.
        api.MapPost("/scripting/javascript/type-definitions/{definitionId}", (string definitionId) => Results.Text("", "text/plain"));
        api.MapGet("/package/version", () => ElsaApiJson.Ok(new { packageVersion = typeof(DescriptorEndpoints).Assembly.GetName().Version?.ToString() ?? "1.0.0" }));
    }

    /// <summary>
    /// Studio asks again for an input's UI options (a dropdown's items) when it renders the input. Options here are
    /// static, so the answer is the descriptor's <c>uiSpecifications</c>; the body's <c>context</c> changes nothing.
    /// </summary>
    private static async Task<IResult> RefreshOptions(string activityTypeName, string propertyName, HttpContext http, [FromServices] ActivityRegistry registry, CancellationToken cancellationToken)
    {
        var (request, problem) = await Instances.ExecuteEndpoints.ReadOptionalBodyAsync<OptionsRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var descriptor = request?.Version is { } version ? registry.Find(activityTypeName, version) : registry.FindLatest(activityTypeName);
        var input = descriptor?.FindInput(propertyName);
        return input is null
            ? ElsaProblems.NotFound("Activity input", $"{activityTypeName}.{propertyName}")
            : ElsaApiJson.Ok(new { items = input.UISpecifications?.DeepClone() ?? new System.Text.Json.Nodes.JsonObject() });
    }

    private sealed record OptionsRequest(int? Version, System.Text.Json.Nodes.JsonNode? Context);
}
