using System.Text.Json.Nodes;
using Hotline.Application.Names;
using Hotline.Server.Access;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Runtime;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.ElsaApi.Instances;

/// <summary>
/// Run a definition, and the instance list and viewer: instance with <c>workflowState</c>, journal, variables,
/// execution state, cancel. A caller sees only its tenant's instances (<see cref="CallerTenant"/>); others are 404 to
/// it, and a unit's staff see none (<see cref="StudioCaller.SeesInstances"/>).
/// </summary>
internal static class InstanceEndpoints
{
    public static void MapInstances(this IEndpointRouteBuilder api)
    {
        api.MapExecute();
        api.MapInstanceTransfer();
        api.MapPost("/cancel/workflow-instances/{instanceId}", Cancel).RequireAuthorization(HotlinePolicies.DesignWorkflows);
        api.MapPost("/bulk-actions/cancel/workflow-instances", BulkCancel).RequireAuthorization(HotlinePolicies.DesignWorkflows);
        api.MapDelete("/workflow-instances/{instanceId}", Delete).RequireAuthorization(HotlinePolicies.DesignWorkflows);
        api.MapPost("/bulk-actions/delete/workflow-instances/by-id", BulkDelete).RequireAuthorization(HotlinePolicies.DesignWorkflows);

        var instances = api.MapGroup("/workflow-instances");
        instances.MapPost("", List);
        instances.MapGet("/{instanceId}", Get);
        instances.MapGet("/{instanceId}/execution-state", ExecutionState);
        instances.MapPost("/{instanceId}/journal", JournalFiltered);
        instances.MapGet("/{instanceId}/journal", Journal);
        instances.MapGet("/{instanceId}/variables", Variables);
    }

    /// <summary>The instance if it exists and the caller may see it.</summary>
    public static async Task<WorkflowInstance?> FindVisibleAsync(WorkflowRuntime runtime, string instanceId, HttpContext http, CancellationToken cancellationToken) =>
        StudioCaller.From(http).SeesInstances ? await runtime.FindInstanceAsync(instanceId, cancellationToken) : null;

    private static Task<IResult> List(HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<InstanceListRequest>(http.Request, async request =>
        {
            var caller = StudioCaller.From(http);
            if (request.ToQuery(caller) is not { } query)
            {
                return ElsaProblems.Validation("orderBy", $"'{request.OrderBy}' is not an order: use Created, LastExecuted, UpdatedAt, Finished or Name.");
            }

            if (request.Page < 0 || request.PageSize < 1)
            {
                return ElsaProblems.Validation("page", "Page starts at 0 and pageSize at 1.");
            }

            var result = caller.SeesInstances
                ? await runtime.ListInstancesAsync(query, new PageRequest(request.Page, request.PageSize), cancellationToken)
                : new PagedList<WorkflowInstance>([], 0);
            return ElsaApiJson.Ok(new PagedListResponse<InstanceSummary>(result.Items.Select(InstanceViews.Summary).ToList(), result.TotalCount, []));
        }, cancellationToken);

    private static async Task<IResult> Get(string instanceId, HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is not { } instance)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        return ElsaApiJson.Ok(InstanceViews.Model(instance, await runtime.ListBookmarksAsync(instanceId, cancellationToken)));
    }

    private static async Task<IResult> ExecutionState(string instanceId, HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is { } i
            ? ElsaApiJson.Ok(new InstanceExecutionState(i.Status, i.SubStatus, i.SubStatus, i.UpdatedAt))
            : ElsaProblems.NotFound("Workflow instance", instanceId);

    private static Task<IResult> JournalFiltered(string instanceId, HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<JournalRequest>(http.Request, request => JournalPage(instanceId, request.Filter, http, runtime, cancellationToken), cancellationToken);

    private static Task<IResult> Journal(string instanceId, HttpContext http, [FromServices] WorkflowRuntime runtime, CancellationToken cancellationToken) =>
        JournalPage(instanceId, null, http, runtime, cancellationToken);

    private static async Task<IResult> JournalPage(string instanceId, JournalFilter? filter, HttpContext http, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        // While scrolling the viewer asks for skip = first visible index - 1, which is -1 at the top.
        var skip = Math.Max(query.Int("skip") ?? 0, 0);
        var take = query.Int("take", min: 0);
        if (!query.IsValid)
        {
            return query.Problem();
        }

        if (await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is not { } instance)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        var page = await runtime.ListJournalAsync(instanceId, filter, skip, take, cancellationToken);
        // Names of the instance's own tenant only: a journal never shows another county's people.
        var names = await http.RequestServices.GetRequiredService<ActorNames>()
            .ResolveAsync(instance.TenantId ?? "", page.Items.Select(r => r.Actor), cancellationToken);
        return ElsaApiJson.Ok(new PagedListResponse<JournalEntry>(page.Items.Select(r => InstanceViews.Journal(r, names)).ToList(), page.TotalCount, []));
    }

    private static async Task<IResult> Variables(string instanceId, HttpContext http, [FromServices] WorkflowRuntime runtime, [FromServices] WorkflowDefinitionStore definitions, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is not { } instance)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        var version = await definitions.FindByIdAsync(instance.DefinitionVersionId, cancellationToken);
        var declared = version is null ? null : DefinitionDocument.ToDocument(version)["variables"] as JsonArray;
        return ElsaApiJson.Ok(new ListResponse<InstanceVariable>(InstanceViews.Variables(instance, declared)));
    }

    private static async Task<IResult> Cancel(string instanceId, HttpContext http, CancellationToken cancellationToken)
    {
        var runtime = Runtime(http);
        if (await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is null)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        await runtime.CancelAsync(instanceId, StudioCaller.From(http).UserName, cancellationToken);
        return Results.Ok();
    }

    private static Task<IResult> BulkCancel(HttpContext http, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<BulkCancelRequest>(http.Request, async request =>
        {
            var runtime = Runtime(http);
            var caller = StudioCaller.From(http);
            var ids = request.Ids ?? [];
            if (request.DefinitionVersionId is { } versionId)
            {
                var running = await runtime.ListInstancesAsync(
                    new InstanceQuery { DefinitionVersionId = versionId, Statuses = [WorkflowStatus.Running] },
                    cancellationToken: cancellationToken);
                ids = [.. ids, .. running.Items.Select(i => i.Id)];
            }

            var cancelled = 0;
            foreach (var id in ids.Distinct())
            {
                if (await FindVisibleAsync(runtime, id, http, cancellationToken) is { Status: WorkflowStatus.Running })
                {
                    await runtime.CancelAsync(id, caller.UserName, cancellationToken);
                    cancelled++;
                }
            }

            return ElsaApiJson.Ok(new { cancelledCount = cancelled });
        }, cancellationToken);

    private static async Task<IResult> Delete(string instanceId, HttpContext http, CancellationToken cancellationToken)
    {
        var runtime = Runtime(http);
        if (await FindVisibleAsync(runtime, instanceId, http, cancellationToken) is null)
        {
            return ElsaProblems.NotFound("Workflow instance", instanceId);
        }

        await runtime.DeleteInstancesAsync([instanceId], cancellationToken);
        return Results.NoContent();
    }

    private static Task<IResult> BulkDelete(HttpContext http, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<BulkDeleteRequest>(http.Request, async request =>
        {
            var runtime = Runtime(http);
            var visible = new List<string>();
            foreach (var id in (request.Ids ?? []).Distinct(StringComparer.Ordinal))
            {
                if (await FindVisibleAsync(runtime, id, http, cancellationToken) is not null)
                {
                    visible.Add(id);
                }
            }

            return ElsaApiJson.Ok(new { deletedCount = await runtime.DeleteInstancesAsync(visible, cancellationToken) });
        }, cancellationToken);

    // Routes behind DesignWorkflows resolve the runtime only once allowed: a unit of work resolved and never used
    // fails while the request scope is disposed (reported to the engine).
    private static WorkflowRuntime Runtime(HttpContext http) => http.RequestServices.GetRequiredService<WorkflowRuntime>();

    private sealed record JournalRequest(JournalFilter? Filter);

    private sealed record BulkCancelRequest(IReadOnlyList<string>? Ids, string? DefinitionVersionId);

    private sealed record BulkDeleteRequest(IReadOnlyList<string>? Ids);
}
