using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Tickets.Persistence;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Runtime;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Server.ElsaApi.Instances;

/// <summary>
/// Running a definition as Elsa 3.8's <c>Execute</c> (POST and GET) and <c>Dispatch</c> endpoints do. Execute answers the
/// instance's <c>workflowState</c> once it waits or ends (500 with the state when it faulted); Dispatch answers its id.
/// </summary>
internal static class ExecuteEndpoints
{
    public const string InstanceIdHeader = "x-elsa-workflow-instance-id";
    public const string CannotStartHeader = "x-elsa-workflow-cannot-start";
    public const string ForeignCorrelation = "workflow.correlation-foreign-ticket";

    public static void MapExecute(this IEndpointRouteBuilder api)
    {
        api.MapPost("/workflow-definitions/{definitionId}/execute", ExecutePost).RequireAuthorization(HotlinePolicies.DesignWorkflows);
        api.MapGet("/workflow-definitions/{definitionId}/execute", ExecuteGet).RequireAuthorization(HotlinePolicies.DesignWorkflows);
        api.MapPost("/workflow-definitions/{definitionId}/dispatch", Dispatch).RequireAuthorization(HotlinePolicies.DesignWorkflows);
    }

    // Elsa reads the body only when it is JSON and not blank; anything else runs with no options.
    private static async Task<IResult> ExecutePost(string definitionId, HttpContext http, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadOptionalBodyAsync<ExecuteRequest>(http.Request, cancellationToken);
        return problem ?? await ExecuteAsync(definitionId, request ?? new ExecuteRequest(), http, cancellationToken);
    }

    private static async Task<IResult> ExecuteGet(string definitionId, HttpContext http, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        var input = query.String("input") is { Length: > 0 } text ? ParseInput(text, query) : null;
        if (!query.IsValid)
        {
            return query.Problem();
        }

        var request = new ExecuteRequest(query.String("correlationId"), query.String("triggerActivityId"), query.String("versionOptions"), input);
        return await ExecuteAsync(definitionId, request, http, cancellationToken);
    }

    private static async Task<IResult> Dispatch(string definitionId, HttpContext http, CancellationToken cancellationToken)
    {
        var (request, problem) = await ReadOptionalBodyAsync<DispatchRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request?.InstanceId is { Length: > 0 })
        {
            // Instance ids are the server's: a chosen id could collide with another county's instance.
            return ElsaProblems.Validation("instanceId", "This server chooses instance ids; leave instanceId out.");
        }

        var (run, refusal) = await StartAsync(definitionId, request?.ToExecute() ?? new ExecuteRequest(), http, cancellationToken);
        return refusal ?? ElsaApiJson.Ok(new { workflowInstanceId = run!.Instance.Id });
    }

    private static async Task<IResult> ExecuteAsync(string definitionId, ExecuteRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        var (run, refusal) = await StartAsync(definitionId, request, http, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        // Elsa's header values are .NET's bool.ToString(): True/False.
        http.Response.Headers[CannotStartHeader] = bool.FalseString;
        http.Response.Headers[InstanceIdHeader] = run!.Instance.Id;
        http.Response.Headers["x-elsa-response"] = "true";
        var model = InstanceViews.Model(run.Instance, run.CreatedBookmarks);
        var body = new JsonObject { ["workflowState"] = model["workflowState"]!.DeepClone() };
        return run.Instance.SubStatus == WorkflowSubStatus.Faulted
            ? Results.Json(body, ElsaApiJson.Options, statusCode: StatusCodes.Status500InternalServerError)
            : ElsaApiJson.Ok(body);
    }

    private static async Task<(WorkflowRun? Run, IResult? Refusal)> StartAsync(string definitionId, ExecuteRequest request, HttpContext http, CancellationToken cancellationToken)
    {
        // Studio runs what is on screen (versionOptions "Latest", so drafts run); other callers get the published version.
        if (!VersionOptions.TryParse(string.IsNullOrWhiteSpace(request.VersionOptions) ? nameof(VersionOptions.Published) : request.VersionOptions, out var versionOptions))
        {
            return (null, ElsaProblems.Validation("versionOptions", $"'{request.VersionOptions}' is not a version option."));
        }

        var caller = StudioCaller.From(http);
        if (await RefuseForeignTicketAsync(request.CorrelationId, http, cancellationToken) is { } foreign)
        {
            return (null, foreign);
        }

        try
        {
            // Resolved only once allowed: a unit of work resolved and never used fails while the request scope is disposed.
            var runtime = http.RequestServices.GetRequiredService<WorkflowRuntime>();
            return (await runtime.StartAsync(definitionId, new StartWorkflow
            {
                VersionOptions = versionOptions,
                CorrelationId = request.CorrelationId,
                Input = request.Input?.ToDictionary(p => p.Key, p => (object?)p.Value?.DeepClone()),
                Actor = caller.UserName,
            }, cancellationToken), null);
        }
        catch (WorkflowDefinitionNotFoundException e)
        {
            // As Elsa: no such version is a plain 404, without the cannot-start header.
            return (null, Results.Problem(statusCode: StatusCodes.Status404NotFound, title: e.Message));
        }
    }

    /// <summary>
    /// 422 when <paramref name="correlationId"/> is another tenant's ticket number. The engine keeps tenants apart anyway;
    /// naming another county's ticket is refused outright.
    /// </summary>
    public static async Task<IResult?> RefuseForeignTicketAsync(string? correlationId, HttpContext http, CancellationToken cancellationToken)
    {
        var tenant = StudioCaller.From(http).TenantId;
        // Across tenants by design: the check looks for the number among the other counties' tickets.
        return correlationId is { Length: > 0 }
            && await http.RequestServices.GetRequiredService<HotlineDbContext>().Tickets.IgnoreQueryFilters([HotlineDbContext.TenantFilter]).AnyAsync(t => t.Number == correlationId && t.TenantId != tenant, cancellationToken)
            ? ElsaProblems.Refused(ForeignCorrelation, "correlationId", $"Correlation id '{correlationId}' names another tenant's ticket; run workflows for your own tickets only.")
            : null;
    }

    /// <summary>The body when it is JSON and not blank, as Elsa reads it; otherwise nothing (and no problem).</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadOptionalBodyAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType?.Contains("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            return (null, null);
        }

        request.EnableBuffering();
        using var reader = new StreamReader(request.Body, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        request.Body.Position = 0;
        return await ElsaApiJson.ReadAsync<T>(request, cancellationToken);
    }

    private static JsonObject? ParseInput(string text, StudioQuery query)
    {
        try
        {
            if (JsonNode.Parse(text) is JsonObject input)
            {
                return input;
            }
        }
        catch (JsonException)
        {
        }

        query.Fail("input", "input must be a JSON object, e.g. {\"name\":\"value\"}.");
        return null;
    }

    /// <summary>Elsa's execute request (Studio's ▶ Run sends all four keys, mostly null).</summary>
    private sealed record ExecuteRequest(string? CorrelationId = null, string? TriggerActivityId = null, string? VersionOptions = null, JsonObject? Input = null);

    /// <summary>Elsa's dispatch request; <c>channel</c> is accepted and has no meaning here.</summary>
    private sealed record DispatchRequest(string? InstanceId, string? CorrelationId, string? TriggerActivityId, string? VersionOptions, JsonObject? Input, string? Channel)
    {
        public ExecuteRequest ToExecute() => new(CorrelationId, TriggerActivityId, VersionOptions, Input);
    }
}
