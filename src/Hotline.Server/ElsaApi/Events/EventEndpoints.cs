using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Server.ElsaApi.Instances;
using Hotline.Workflows.Activities.Primitives;
using Hotline.Workflows.Model;
using Hotline.Workflows.Runtime;

namespace Hotline.Server.ElsaApi.Events;

/// <summary>
/// Elsa's authenticated event trigger (<c>POST /events/{eventName}/trigger</c>): resumes the caller's tenant's instances
/// waiting in an <c>Elsa.Event</c> of that name and starts its published definitions whose <c>Elsa.Event</c> trigger has
/// that name. Another tenant's instances and definitions are never reached (the runtime works in the caller's tenant).
/// </summary>
internal static class EventEndpoints
{
    public static void MapEvents(this IEndpointRouteBuilder api) =>
        api.MapPost("/events/{eventName}/trigger", Trigger).RequireAuthorization(HotlinePolicies.DesignWorkflows);

    private static async Task<IResult> Trigger(string eventName, HttpContext http, CancellationToken cancellationToken)
    {
        var (request, problem) = await ExecuteEndpoints.ReadOptionalBodyAsync<TriggerRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        request ??= new TriggerRequest(null, null, null, null, null);
        if (string.IsNullOrWhiteSpace(eventName) || eventName.Length > 200)
        {
            return ElsaProblems.Validation("eventName", "Name the event (at most 200 characters).");
        }

        if (await ExecuteEndpoints.RefuseForeignTicketAsync(request.CorrelationId, http, cancellationToken) is { } foreign)
        {
            return foreign;
        }

        var runtime = http.RequestServices.GetRequiredService<WorkflowRuntime>();
        var actor = StudioCaller.From(http).UserName;
        var runs = await runtime.TriggerAsync(Event.Descriptor.TypeName, Event.Payload(eventName), request.CorrelationId, request.Input, actor, request.WorkflowInstanceId, cancellationToken);

        // Only an event not aimed at one instance starts new ones, as Elsa's event publisher does.
        var started = 0;
        if (request.WorkflowInstanceId is null && request.ActivityInstanceId is null)
        {
            foreach (var definition in await runtime.ListPublishedAsync(cancellationToken))
            {
                foreach (var trigger in definition.Triggers().Where(t => t.Type == Event.Descriptor.TypeName && LiteralEventName(t) == eventName))
                {
                    await runtime.StartAsync(definition.DefinitionId, new StartWorkflow
                    {
                        VersionId = definition.Id,
                        CorrelationId = request.CorrelationId,
                        TriggerActivityId = trigger.Id,
                        TriggerInput = request.Input?.DeepClone(),
                        Actor = actor,
                    }, cancellationToken);
                    started++;
                }
            }
        }

        // Elsa answers an empty 200; the counts are this server's addition, for the caller to see something happened.
        return ElsaApiJson.Ok(new { resumed = runs.Count, started });
    }

    private static string? LiteralEventName(Activity trigger) =>
        trigger.GetProperty("EventName") is JsonObject { } input && input["expression"] is JsonObject { } expression
            && (string?)expression["type"] == "Literal" && expression["value"] is JsonValue value && value.TryGetValue<string>(out var name)
            ? name
            : null;

    /// <summary>Elsa's trigger request; <c>workflowExecutionMode</c> is accepted, and every trigger runs before the answer.</summary>
    private sealed record TriggerRequest(string? CorrelationId, string? WorkflowInstanceId, string? ActivityInstanceId, JsonObject? Input, string? WorkflowExecutionMode);
}
