using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Persistence;
using Microsoft.AspNetCore.Mvc;

namespace Hotline.Server.ElsaApi.Definitions;

/// <summary>
/// Definition routes: the list, the designer's load/save/publish/retract, version history, import and export, and
/// the bulk actions of the list. Versioning itself is <see cref="WorkflowDefinitionStore"/>'s job.
/// </summary>
internal static class DefinitionEndpoints
{
    public static void MapDefinitions(this IEndpointRouteBuilder api)
    {
        var read = api.MapGroup("");
        read.MapGet("/workflow-definitions", List);
        read.MapGet("/workflow-definitions/by-definition-id/{definitionId}", ByDefinitionId);
        read.MapGet("/workflow-definitions/by-id/{versionId}", ById);
        read.MapGet("/workflow-definitions/many-by-id", ManyById);
        read.MapGet("/workflow-definitions/query/count", Count);
        read.MapGet("/workflow-definitions/validation/is-name-unique", IsNameUnique);
        read.MapGet("/workflow-definitions/{definitionId}/export", Export);
        read.MapPost("/bulk-actions/export/workflow-definitions", BulkExport);

        var write = api.MapGroup("").RequireAuthorization(HotlinePolicies.DesignWorkflows);
        write.MapPost("/workflow-definitions", Save);
        write.MapPost("/workflow-definitions/import", Import);
        write.MapPost("/workflow-definitions/{definitionId}/publish", Publish);
        write.MapPost("/workflow-definitions/{definitionId}/retract", Retract);
        write.MapDelete("/workflow-definitions/{definitionId}", Delete);
        write.MapPost("/workflow-definitions/{definitionId}/revert/{version:int}", Revert);
        write.MapDelete("/workflow-definition-versions/{versionId}", DeleteVersion);
        write.MapPost("/bulk-actions/publish/workflow-definitions/by-definition-ids", BulkPublish);
        write.MapPost("/bulk-actions/retract/workflow-definitions/by-definition-ids", BulkRetract);
        write.MapPost("/bulk-actions/delete/workflow-definitions/by-definition-id", BulkDeleteByDefinitionId);
        write.MapPost("/bulk-actions/delete/workflow-definitions/by-id", BulkDeleteById);
    }

    private static async Task<IResult> List(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        var versionOptions = VersionOptionsOf(query, VersionOptions.AllVersions);
        var page = query.Int("Page", min: 0);
        var pageSize = query.Int("PageSize", min: 1);
        var orderBy = query.Enum<DefinitionOrder>("OrderBy") ?? DefinitionOrder.Name;
        var direction = query.Enum<SortDirection>("OrderDirection") ?? SortDirection.Ascending;
        var isSystem = query.Bool("IsSystem");
        if (!query.IsValid)
        {
            return query.Problem();
        }

        var caller = StudioCaller.From(http);
        var result = await store.ListAsync(
            new DefinitionQuery
            {
                VersionOptions = versionOptions,
                SearchTerm = query.String("SearchTerm"),
                IsSystem = isSystem,
                DefinitionIds = query.All("DefinitionIds"),
                Ids = query.All("Ids"),
                OrderBy = orderBy,
                Descending = direction == SortDirection.Descending,
            },
            new PageRequest(page, pageSize),
            cancellationToken);
        return ElsaApiJson.Ok(new PagedListResponse<DefinitionSummary>(
            result.Items.Select(r => DefinitionViews.Summary(r, caller)).ToList(), result.TotalCount, DefinitionViews.ListLinks(caller)));
    }

    private static async Task<IResult> ByDefinitionId(string definitionId, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        var versionOptions = OneVersionOf(query);
        if (!query.IsValid)
        {
            return query.Problem();
        }

        var record = await store.FindAsync(definitionId, versionOptions, cancellationToken);
        return record is null
            ? ElsaProblems.NotFound("Workflow definition", definitionId)
            : ElsaApiJson.Ok(DefinitionViews.Full(record, StudioCaller.From(http)));
    }

    private static async Task<IResult> ById(string versionId, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var record = await store.FindByIdAsync(versionId, cancellationToken);
        return record is null
            ? ElsaProblems.NotFound("Workflow definition version", versionId)
            : ElsaApiJson.Ok(DefinitionViews.Full(record, StudioCaller.From(http)));
    }

    private static async Task<IResult> ManyById(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var ids = new StudioQuery(http.Request.Query).All("ids");
        var caller = StudioCaller.From(http);
        var result = ids.Count == 0 ? null : await store.ListAsync(new DefinitionQuery { Ids = ids }, cancellationToken: cancellationToken);
        return ElsaApiJson.Ok(new ListResponse<JsonObject>(result?.Items.Select(r => DefinitionViews.Full(r, caller)).ToList() ?? []));
    }

    private static async Task<IResult> Count([FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var result = await store.ListAsync(new DefinitionQuery { VersionOptions = VersionOptions.Latest }, new PageRequest(0, 1), cancellationToken);
        return ElsaApiJson.Ok(new { count = result.TotalCount });
    }

    private static async Task<IResult> IsNameUnique(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        var name = query.String("name");
        if (string.IsNullOrWhiteSpace(name))
        {
            return ElsaProblems.Validation("name", "Give the name to check.");
        }

        return ElsaApiJson.Ok(new { isUnique = await store.IsNameUniqueAsync(name, query.String("definitionId"), cancellationToken) });
    }

    private static async Task<IResult> Save(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var (request, problem) = await ElsaApiJson.ReadAsync<SaveDefinitionRequest>(http.Request, cancellationToken);
        if (request?.Model is not { } model)
        {
            return problem ?? ElsaProblems.Validation("model", "The body must carry the workflow definition in 'model'.");
        }

        var result = await store.SaveAsync(model, request.Publish, cancellationToken);
        return Saved(result, http);
    }

    private static Task<IResult> Import(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<JsonObject>(http.Request, async model =>
        {
            var result = await store.ImportAsync(model, cancellationToken);
            var definition = DefinitionViews.Full(result.Definition, StudioCaller.From(http));
            return result.Created
                ? Results.Json(definition, ElsaApiJson.Options, statusCode: StatusCodes.Status201Created)
                : ElsaApiJson.Ok(definition);
        }, cancellationToken);

    private static async Task<IResult> Publish(string definitionId, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        Saved(await store.PublishAsync(definitionId, cancellationToken), http);

    private static async Task<IResult> Retract(string definitionId, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.Ok(DefinitionViews.Full(await store.RetractAsync(definitionId, cancellationToken), StudioCaller.From(http)));

    private static async Task<IResult> Delete(string definitionId, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        await store.DeleteAsync(definitionId, cancellationToken) > 0 ? Results.NoContent() : ElsaProblems.NotFound("Workflow definition", definitionId);

    private static async Task<IResult> DeleteVersion(string versionId, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        await store.DeleteVersionAsync(versionId, cancellationToken) ? Results.NoContent() : ElsaProblems.NotFound("Workflow definition version", versionId);

    private static async Task<IResult> Revert(string definitionId, int version, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.Ok(DefinitionViews.Summary(await store.RevertAsync(definitionId, version, cancellationToken), StudioCaller.From(http)));

    private static async Task<IResult> Export(string definitionId, HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken)
    {
        var query = new StudioQuery(http.Request.Query);
        var versionOptions = OneVersionOf(query);
        if (!query.IsValid)
        {
            return query.Problem();
        }

        var document = await store.ExportAsync(definitionId, versionOptions, cancellationToken);
        return Results.File(ExportBytes(document), "application/json", ExportFileName(document));
    }

    private static Task<IResult> BulkExport(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<IdsRequest>(http.Request, async request =>
        {
            var records = await store.ListAsync(new DefinitionQuery { Ids = request.Ids ?? [] }, cancellationToken: cancellationToken);
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            {
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var record in request.Ids is { Count: > 0 } ? records.Items : [])
                {
                    var document = DefinitionDocument.ToDocument(record, withSchema: true);
                    var entry = archive.CreateEntry(ZipEntryName(record, names));
                    await using var stream = await entry.OpenAsync(cancellationToken);
                    await stream.WriteAsync(ExportBytes(document), cancellationToken);
                }
            }

            return Results.File(zip.ToArray(), "application/zip", "workflow-definitions.zip");
        }, cancellationToken);

    private static Task<IResult> BulkPublish(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<DefinitionIdsRequest>(http.Request, async request =>
        {
            List<string> published = [], alreadyPublished = [], notFound = [];
            foreach (var definitionId in request.DefinitionIds ?? [])
            {
                if (await store.FindAsync(definitionId, VersionOptions.Latest, cancellationToken) is null)
                {
                    notFound.Add(definitionId);
                    continue;
                }

                var result = await store.PublishAsync(definitionId, cancellationToken);
                (result.AlreadyPublished ? alreadyPublished : published).Add(definitionId);
            }

            return ElsaApiJson.Ok(new { published, alreadyPublished, notFound, updatedConsumers = Array.Empty<string>() });
        }, cancellationToken);

    private static Task<IResult> BulkRetract(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<DefinitionIdsRequest>(http.Request, async request =>
        {
            List<string> retracted = [], alreadyRetracted = [], notFound = [];
            foreach (var definitionId in request.DefinitionIds ?? [])
            {
                if (await store.FindAsync(definitionId, VersionOptions.Latest, cancellationToken) is null)
                {
                    notFound.Add(definitionId);
                }
                else if (await store.FindAsync(definitionId, VersionOptions.Published, cancellationToken) is null)
                {
                    alreadyRetracted.Add(definitionId);
                }
                else
                {
                    await store.RetractAsync(definitionId, cancellationToken);
                    retracted.Add(definitionId);
                }
            }

            return ElsaApiJson.Ok(new { retracted, alreadyRetracted, notFound });
        }, cancellationToken);

    private static Task<IResult> BulkDeleteByDefinitionId(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<DefinitionIdsRequest>(http.Request, async request =>
        {
            var deleted = 0;
            foreach (var definitionId in request.DefinitionIds ?? [])
            {
                deleted += await store.DeleteAsync(definitionId, cancellationToken) > 0 ? 1 : 0;
            }

            return ElsaApiJson.Ok(new { deleted });
        }, cancellationToken);

    private static Task<IResult> BulkDeleteById(HttpContext http, [FromServices] WorkflowDefinitionStore store, CancellationToken cancellationToken) =>
        ElsaApiJson.WithBodyAsync<IdsRequest>(http.Request, async request =>
        {
            var deleted = 0;
            foreach (var versionId in request.Ids ?? [])
            {
                deleted += await store.DeleteVersionAsync(versionId, cancellationToken) ? 1 : 0;
            }

            return ElsaApiJson.Ok(new { deleted });
        }, cancellationToken);

    private static IResult Saved(DefinitionSaveResult result, HttpContext http) =>
        ElsaApiJson.Ok(new DefinitionSaved(DefinitionViews.Full(result.Definition, StudioCaller.From(http)), result.AlreadyPublished, 0));

    // Where one version is wanted, an empty versionOptions means the latest, not every version.
    private static VersionOptions OneVersionOf(StudioQuery query) =>
        string.IsNullOrWhiteSpace(query.String("versionOptions")) ? VersionOptions.Latest : VersionOptionsOf(query, VersionOptions.Latest);

    private static VersionOptions VersionOptionsOf(StudioQuery query, VersionOptions fallback)
    {
        if (!query.Has("versionOptions"))
        {
            return fallback;
        }

        var text = query.String("versionOptions");
        if (VersionOptions.TryParse(text, out var options))
        {
            return options;
        }

        query.Fail("versionOptions", $"'{text}' is not a version option: use Latest, Published, LatestOrPublished, LatestAndPublished, Draft, AllVersions or a version number.");
        return fallback;
    }

    private static byte[] ExportBytes(JsonObject document) =>
        Encoding.UTF8.GetBytes(document.ToJsonString(new JsonSerializerOptions(ElsaApiJson.Options) { WriteIndented = true }));

    private static string ExportFileName(JsonObject document) =>
        $"{DefinitionRules.FileNamePart((string?)document["name"] ?? (string?)document["definitionId"], "workflow", unicodeLetters: true)}.json";

    // Whatever a legacy row holds, an entry names a file at the archive's top level, and no two entries collide.
    private static string ZipEntryName(WorkflowDefinitionRecord record, HashSet<string> taken)
    {
        var stem = $"{DefinitionRules.FileNamePart(record.DefinitionId, "workflow")}-v{record.Version}";
        var name = $"{stem}.json";
        for (var n = 2; !taken.Add(name); n++)
        {
            name = $"{stem}-{n}.json";
        }

        return name;
    }

    private enum SortDirection
    {
        Ascending,
        Descending,
    }

    /// <summary>What Studio posts to save: the whole model, and whether to publish it.</summary>
    private sealed record SaveDefinitionRequest(JsonObject? Model, bool Publish);

    private sealed record DefinitionIdsRequest(IReadOnlyList<string>? DefinitionIds);

    private sealed record IdsRequest(IReadOnlyList<string>? Ids);
}
