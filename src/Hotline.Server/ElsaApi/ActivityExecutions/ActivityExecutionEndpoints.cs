using Hotline.Server.ElsaApi.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.ElsaApi.ActivityExecutions;

/// <summary>The viewer's activity-execution routes: lists per node, one record, the per-node report and the call stack.</summary>
internal static class ActivityExecutionEndpoints
{
    public static void MapActivityExecutions(this IEndpointRouteBuilder api)
    {
        api.MapGet("/activity-executions/list", (HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken ct) =>
            ListAsync(http, runtime, ActivityExecutionViews.Full, ct));
        api.MapGet("/activity-execution-summaries/list", (HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken ct) =>
            ListAsync(http, runtime, ActivityExecutionViews.Summary, ct));
        api.MapGet("/activity-executions/by-id", ById);
        api.MapPost("/activity-executions/report", Report);
        api.MapGet("/activity-executions/{id}/call-stack", CallStack);
    }

    private static async Task<IResult> ListAsync<T>(HttpContext http, WorkflowRuntime runtime, Func<ActivityExecutionRecord, T> view, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        if (query.String("WorkflowInstanceId") is not { Length: > 0 } instanceId)
        {
            return ElsaProblems.Validation("WorkflowInstanceId", "Name the workflow instance.");
        }

        if (await InstanceEndpoints.FindVisibleAsync(runtime, instanceId, http, cancellationToken) is null)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        var nodeId = query.String("ActivityNodeId");
        var records = await runtime.ListActivityExecutionsAsync(instanceId, string.IsNullOrEmpty(nodeId) ? null : nodeId, cancellationToken);
        return ElsaApiJson.Ok(new ListResponse<T>(records.Select(view).ToList()));
    }

    private static async Task<IResult> ById(HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var id = new StudioQuery(http.Request.Query).String("id") ?? "";
        return await FindVisibleAsync(runtime, id, http, cancellationToken) is { } record
            ? ElsaApiJson.Ok(ActivityExecutionViews.Full(record))
            : ElsaProblems.NotFound("Activity execution", id);
    }

    private static Task<IResult> Report(HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<ReportRequest>(http.Request, async request =>
        {
            if (request.WorkflowInstanceId is not { Length: > 0 } instanceId
                || await InstanceEndpoints.FindVisibleAsync(runtime, instanceId, http, cancellationToken) is null)
            {
                return ElsaProblems.NotFound("Workflow instance", request.WorkflowInstanceId ?? "");
            }

            var byNode = (await runtime.ListActivityExecutionsAsync(instanceId, cancellationToken: cancellationToken)).ToLookup(r => r.ActivityNodeId);
            var stats = (request.ActivityNodeIds ?? [])
                .Where(byNode.Contains)
                .Select(nodeId => ActivityExecutionViews.Stats(nodeId, [.. byNode[nodeId]]))
                .ToList();
            return ElsaApiJson.Ok(new { stats });
        }, cancellationToken);

    /// <summary>The chain of activities that scheduled this one, root first, as the "Activity Call Stack" tab shows it.</summary>
    private static async Task<IResult> CallStack(string id, HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(runtime, id, http, cancellationToken) is not { } record)
        {
            return ElsaProblems.NotFound("Activity execution", id);
        }

        var byId = (await runtime.ListActivityExecutionsAsync(record.WorkflowInstanceId, cancellationToken: cancellationToken)).ToDictionary(r => r.Id);
        var chain = new List<ActivityExecutionRecord> { record };
        while (chain[^1].SchedulingActivityExecutionId is { } parent && byId.TryGetValue(parent, out var scheduler) && !chain.Contains(scheduler))
        {
            chain.Add(scheduler);
        }

        chain.Reverse();
        var query = new StudioQuery(http.Request.Query);
        var page = chain.Skip(query.Int("skip", min: 0) ?? 0).Take(query.Int("take", min: 0) ?? chain.Count).Select(ActivityExecutionViews.Full).ToList();
        return ElsaApiJson.Ok(new { activityExecutionId = id, items = page, totalCount = chain.Count });
    }

    private static async Task<ActivityExecutionRecord?> FindVisibleAsync(WorkflowRuntime runtime, string id, HttpContext http, CancellationToken cancellationToken) =>
        await runtime.FindActivityExecutionAsync(id, cancellationToken) is { } record
        && await InstanceEndpoints.FindVisibleAsync(runtime, record.WorkflowInstanceId, http, cancellationToken) is not null
            ? record
            : null;

    private sealed record ReportRequest(string? WorkflowInstanceId, IReadOnlyList<string>? ActivityNodeIds);
}
