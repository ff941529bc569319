using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Workflows.Alterations;
using Hotline.Workflows.Instances;

namespace Hotline.Server.ElsaApi.Alterations;

/// <summary>
/// Elsa's alterations API for process owners (流程管理员): <c>POST /alterations/run</c> applies <c>Migrate</c> and
/// <c>ModifyVariable</c> to the caller's tenant's instances at once, and <c>POST /alterations/dry-run</c> answers which
/// instances a filter selects. Another tenant's instance is "not found" in the result, as a missing one is.
/// </summary>
internal static class AlterationEndpoints
{
    public const string Unsupported = "alteration.unsupported";
    private const int MaxInstances = 1000;

    // Elsa's other alteration types; this server refuses them by name instead of ignoring them.
    private static readonly string[] ElsaOnlyTypes = ["ScheduleActivity", "CancelActivity", "Cancel"];

    public static void MapAlterations(this IEndpointRouteBuilder api)
    {
        var alterations = api.MapGroup("/alterations").RequireAuthorization(HotlinePolicies.DesignWorkflows);
        alterations.MapPost("/run", Run);
        alterations.MapPost("/dry-run", DryRun);
    }

    private static Task<IResult> Run(HttpContext http, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<RunRequest>(http.Request, async request =>
        {
            var ids = request.WorkflowInstanceIds?.Where(id => !string.IsNullOrWhiteSpace(id)).Distinct(StringComparer.Ordinal).ToList() ?? [];
            if (ids.Count is 0 or > MaxInstances)
            {
                return ElsaProblems.Validation("workflowInstanceIds", $"Name between 1 and {MaxInstances} workflow instance ids.");
            }

            var (alterations, problem) = Read(request.Alterations);
            if (problem is not null)
            {
                return problem;
            }

            var results = await http.RequestServices.GetRequiredService<WorkflowAlterations>()
                .RunAsync(ids, alterations, StudioCaller.From(http).UserName, cancellationToken);
            return ElsaApiJson.Ok(new
            {
                results = results.Select(r => new
                {
                    workflowInstanceId = r.WorkflowInstanceId,
                    log = new { logEntries = r.Log },
                    // Nothing is scheduled: an altered instance continues on its next stimulus (its bookmarks stay).
                    workflowHasScheduledWork = false,
                    isSuccessful = r.IsSuccessful,
                }),
            });
        }, cancellationToken);

    private static Task<IResult> DryRun(HttpContext http, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<DryRunRequest>(http.Request, async request =>
        {
            if (request.TimestampFilters is JsonArray { Count: > 0 } || request.ActivityFilters is JsonArray { Count: > 0 } || request.Names is { Count: > 0 } || !string.IsNullOrWhiteSpace(request.SearchTerm))
            {
                return ElsaProblems.Refused(Unsupported, "filter", "This server filters by instance, correlation, definition and version ids, statuses and incidents only; leave out timestampFilters, activityFilters, names and searchTerm.");
            }

            var ids = await http.RequestServices.GetRequiredService<WorkflowAlterations>().FindAsync(new AlterationTargets
            {
                EmptyFilterSelectsAll = request.EmptyFilterSelectsAll,
                WorkflowInstanceIds = request.WorkflowInstanceIds,
                CorrelationIds = request.CorrelationIds,
                DefinitionIds = request.DefinitionIds,
                DefinitionVersionIds = request.DefinitionVersionIds,
                Statuses = request.Statuses,
                SubStatuses = request.SubStatuses,
                HasIncidents = request.HasIncidents,
            }, cancellationToken);
            return ElsaApiJson.Ok(new { workflowInstanceIds = ids });
        }, cancellationToken);

    /// <summary>Elsa's polymorphic alterations (<c>type</c> discriminator), read into the engine's types.</summary>
    private static (IReadOnlyList<Alteration> Alterations, IResult? Problem) Read(JsonArray? items)
    {
        if (items is not { Count: > 0 })
        {
            return ([], ElsaProblems.Validation("alterations", "Give at least one alteration, e.g. {\"type\":\"Migrate\",\"targetVersion\":2}."));
        }

        var alterations = new List<Alteration>(items.Count);
        foreach (var item in items)
        {
            var type = item is JsonObject o && o["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
            Alteration? alteration = type switch
            {
                "Migrate" when item!["targetVersion"] is JsonValue v && v.TryGetValue<int>(out var version) && version >= 1 => new Migrate(version),
                "ModifyVariable" when item!["variableId"] is JsonValue v && v.TryGetValue<string>(out var id) && id.Length > 0 => new ModifyVariable(id, item["value"]?.DeepClone()),
                _ => null,
            };
            if (alteration is not null)
            {
                alterations.Add(alteration);
                continue;
            }

            return ([], type switch
            {
                "Migrate" => ElsaProblems.Validation("alterations", "Migrate needs targetVersion, a version number of at least 1."),
                "ModifyVariable" => ElsaProblems.Validation("alterations", "ModifyVariable needs variableId."),
                _ when ElsaOnlyTypes.Contains(type) => ElsaProblems.Refused(Unsupported, "alterations", $"This server applies Migrate and ModifyVariable only, not {type}."),
                _ => ElsaProblems.Validation("alterations", $"'{type}' is not an alteration type: use Migrate or ModifyVariable."),
            });
        }

        return (alterations, null);
    }

    private sealed record RunRequest(JsonArray? Alterations, IReadOnlyList<string>? WorkflowInstanceIds);

    private sealed record DryRunRequest(
        bool EmptyFilterSelectsAll,
        IReadOnlyCollection<string>? WorkflowInstanceIds,
        IReadOnlyCollection<string>? CorrelationIds,
        IReadOnlyCollection<string>? DefinitionIds,
        IReadOnlyCollection<string>? DefinitionVersionIds,
        IReadOnlyCollection<WorkflowStatus>? Statuses,
        IReadOnlyCollection<WorkflowSubStatus>? SubStatuses,
        bool? HasIncidents,
        JsonNode? TimestampFilters,
        JsonNode? ActivityFilters,
        IReadOnlyCollection<string>? Names,
        string? SearchTerm);
}
