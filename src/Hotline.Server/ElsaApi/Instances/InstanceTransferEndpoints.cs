using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Server.Access;
using Hotline.Server.ElsaApi.ActivityExecutions;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Runtime;

namespace Hotline.Server.ElsaApi.Instances;

/// <summary>
/// Elsa's instance export (<c>/workflow-instances/{id}/export</c>, <c>/bulk-actions/export/workflow-instances</c>, GET or
/// POST) and import (<c>POST /bulk-actions/import/workflow-instances</c>, JSON or zip files). The file is Elsa's
/// <c>ExportedWorkflowState</c>; this server's own executor state travels in <c>WorkflowState.properties</c> under
/// <see cref="EngineStateKey"/>, so only files this server exported import back.
/// </summary>
internal static class InstanceTransferEndpoints
{
    public const string EngineStateKey = "hotline:engineState";
    public const string ForeignFormat = "instance.import-foreign-format";
    private const int MaxFiles = 100;

    public static void MapInstanceTransfer(this IEndpointRouteBuilder api)
    {
        api.MapMethods("/workflow-instances/{id}/export", [HttpMethods.Get, HttpMethods.Post], ExportOne);
        api.MapMethods("/bulk-actions/export/workflow-instances", [HttpMethods.Get, HttpMethods.Post], ExportMany);
        api.MapPost("/bulk-actions/import/workflow-instances", Import).RequireAuthorization(HotlinePolicies.DesignWorkflows).DisableAntiforgery();
    }

    private static async Task<IResult> ExportOne(string id, HttpContext http, CancellationToken cancellationToken)
    {
        var (options, problem) = await OptionsAsync(http, cancellationToken);
        return problem ?? await ExportAsync([id], options!, http, cancellationToken);
    }

    private static async Task<IResult> ExportMany(HttpContext http, CancellationToken cancellationToken)
    {
        var (options, problem) = await OptionsAsync(http, cancellationToken);
        return problem ?? await ExportAsync(options!.Ids ?? [], options, http, cancellationToken);
    }

    private static async Task<IResult> ExportAsync(IReadOnlyList<string> ids, ExportRequest options, HttpContext http, CancellationToken cancellationToken)
    {
        var runtime = http.RequestServices.GetRequiredService<WorkflowRuntime>();
        var files = new List<(string Name, byte[] Bytes)>();
        foreach (var id in ids.Distinct(StringComparer.Ordinal).Take(MaxFiles * 10))
        {
            if (await InstanceEndpoints.FindVisibleAsync(runtime, id, http, cancellationToken) is { } instance)
            {
                var document = await DocumentAsync(instance, options, runtime, cancellationToken);
                files.Add(($"workflow-instance-{DefinitionRules.FileNamePart(instance.Id.ToLowerInvariant(), "instance")}.json", JsonSerializer.SerializeToUtf8Bytes(document, ElsaApiJson.Options)));
            }
        }

        if (files.Count == 1)
        {
            return Results.File(files[0].Bytes, "application/json", files[0].Name);
        }

        if (files.Count == 0)
        {
            // As Elsa: one id that is not there is 404; a bulk export of nothing is 204.
            return ids.Count == 1 ? ElsaProblems.NotFound("Workflow instance", ids[0]) : Results.NoContent();
        }

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in files)
            {
                await using var stream = await archive.CreateEntry(name, CompressionLevel.Optimal).OpenAsync(cancellationToken);
                await stream.WriteAsync(bytes, cancellationToken);
            }
        }

        return Results.File(zip.ToArray(), "application/zip", "workflow-instances.zip");
    }

    private static async Task<JsonObject> DocumentAsync(WorkflowInstance instance, ExportRequest options, WorkflowRuntime runtime, CancellationToken cancellationToken)
    {
        var bookmarks = await runtime.ListBookmarksAsync(instance.Id, cancellationToken);
        var state = InstanceViews.Model(instance, bookmarks)["workflowState"]!.DeepClone().AsObject();
        state["name"] = instance.Name;
        state["properties"] = new JsonObject { [EngineStateKey] = JsonNode.Parse(instance.StateJson) };
        var journal = options.IncludeWorkflowExecutionLog ? (await runtime.ListJournalAsync(instance.Id, cancellationToken: cancellationToken)).Items : null;
        var executions = options.IncludeActivityExecutionLog ? await runtime.ListActivityExecutionsAsync(instance.Id, cancellationToken: cancellationToken) : null;

        // Elsa writes this record with .NET's default (PascalCase) names.
        return new JsonObject
        {
            ["WorkflowState"] = state,
            ["Bookmarks"] = options.IncludeBookmarks ? new JsonArray([.. bookmarks.Select(b => (JsonNode)new JsonObject
            {
                ["id"] = b.Id,
                ["activityTypeName"] = b.Name,
                ["workflowInstanceId"] = b.WorkflowInstanceId,
                ["activityInstanceId"] = b.ActivityInstanceId,
                ["activityNodeId"] = b.ActivityNodeId,
                ["hash"] = b.Hash,
                ["correlationId"] = b.CorrelationId,
                ["createdAt"] = b.CreatedAt,
                ["payload"] = InstanceViews.Parse(b.PayloadJson),
                ["metadata"] = b.DueAt is { } due ? new JsonObject { ["dueAt"] = due } : null,
            })]) : null,
            ["ActivityExecutionRecords"] = executions is null ? null : ElsaApiJson.ToNode(executions.Select(ActivityExecutionViews.Full).ToList()),
            ["WorkflowExecutionLogRecords"] = journal is null ? null : ElsaApiJson.ToNode(journal.Select(InstanceViews.Journal).ToList()),
        };
    }

    private static async Task<IResult> Import(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return ElsaProblems.Validation("files", "Upload the exported files as multipart/form-data (JSON files or zip archives).");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        if (form.Files.Count is 0 or > MaxFiles)
        {
            return ElsaProblems.Validation("files", $"Upload between 1 and {MaxFiles} files.");
        }

        var documents = new List<(string Name, string Json)>();
        foreach (var file in form.Files)
        {
            await using var stream = file.OpenReadStream();
            if (file.ContentType == "application/json" || file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                documents.Add((file.FileName, await new StreamReader(stream).ReadToEndAsync(cancellationToken)));
                continue;
            }

            try
            {
                using var buffer = new MemoryStream();
                await stream.CopyToAsync(buffer, cancellationToken);
                buffer.Position = 0;
                using var archive = new ZipArchive(buffer, ZipArchiveMode.Read);
                foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)).Take(MaxFiles))
                {
                    await using var entryStream = await entry.OpenAsync(cancellationToken);
                    documents.Add((entry.FullName, await new StreamReader(entryStream).ReadToEndAsync(cancellationToken)));
                }
            }
            catch (Exception e) when (e is InvalidDataException or IOException or NotSupportedException)
            {
                return ElsaProblems.Validation("files", $"'{file.FileName}' is neither a JSON file nor a zip archive.");
            }
        }

        var instances = new List<ImportedInstance>(documents.Count);
        foreach (var (name, json) in documents)
        {
            if (Read(json) is not { } imported)
            {
                return ElsaProblems.Refused(ForeignFormat, "files", $"'{name}' is not an instance this server exported (Elsa's own state cannot run here); nothing was imported.");
            }

            // A copy correlated to another county's ticket is refused as running one would be.
            if (await ExecuteEndpoints.RefuseForeignTicketAsync(imported.CorrelationId, http, cancellationToken) is { } foreign)
            {
                return foreign;
            }

            instances.Add(imported);
        }

        try
        {
            var count = await http.RequestServices.GetRequiredService<InstanceImport>().ImportAsync(instances, cancellationToken);
            return ElsaApiJson.Ok(new { imported = count });
        }
        catch (InstanceImportException e)
        {
            return e.Code == InstanceImport.Exists
                ? Results.Problem(statusCode: StatusCodes.Status409Conflict, title: e.Message, extensions: new Dictionary<string, object?> { ["code"] = e.Code })
                : ElsaProblems.Refused(e.Code, "files", e.Message);
        }
    }

    private static ImportedInstance? Read(string json)
    {
        try
        {
            if (JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) is not JsonObject document
                || document["WorkflowState"] is not JsonObject state
                || state["properties"]?[EngineStateKey] is not JsonObject engine)
            {
                return null;
            }

            return new ImportedInstance(
                (string?)state["id"] ?? "",
                (string?)state["definitionId"] ?? "",
                (string?)state["definitionVersionId"] ?? "",
                (string?)state["correlationId"],
                (string?)state["name"],
                Enum.Parse<WorkflowStatus>((string?)state["status"] ?? "", ignoreCase: false),
                Enum.Parse<WorkflowSubStatus>((string?)state["subStatus"] ?? "", ignoreCase: false),
                state["createdAt"]?.GetValue<DateTimeOffset>() ?? throw new FormatException("createdAt is missing."),
                state["updatedAt"]?.GetValue<DateTimeOffset>() ?? throw new FormatException("updatedAt is missing."),
                state["finishedAt"]?.GetValue<DateTimeOffset>(),
                engine.ToJsonString());
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static async Task<(ExportRequest? Options, IResult? Problem)> OptionsAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var (body, problem) = await ExecuteEndpoints.ReadOptionalBodyAsync<ExportRequest>(http.Request, cancellationToken);
            return (body ?? new ExportRequest(null, false, false, false), problem);
        }

        var query = new StudioQuery(http.Request.Query);
        var options = new ExportRequest(query.All("ids"), query.Bool("includeBookmarks") ?? false, query.Bool("includeActivityExecutionLog") ?? false, query.Bool("includeWorkflowExecutionLog") ?? false);
        return query.IsValid ? (options, null) : (null, query.Problem());
    }

    private sealed record ExportRequest(IReadOnlyList<string>? Ids, bool IncludeBookmarks, bool IncludeActivityExecutionLog, bool IncludeWorkflowExecutionLog);
}
