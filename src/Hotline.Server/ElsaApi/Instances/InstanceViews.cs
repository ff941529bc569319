using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;

namespace Hotline.Server.ElsaApi.Instances;

/// <summary>A row of Studio's instance list (<c>WorkflowInstanceSummary</c>) of a workflow instance (流程实例).</summary>
public sealed record InstanceSummary(
    string Id,
    string DefinitionId,
    string DefinitionVersionId,
    int Version,
    WorkflowStatus Status,
    WorkflowSubStatus SubStatus,
    string? CorrelationId,
    string? Name,
    int IncidentCount,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? FinishedAt);

/// <summary>What the viewer polls while an instance runs; Studio reads <c>workflowSubStatus</c>, Elsa sends <c>subStatus</c>.</summary>
public sealed record InstanceExecutionState(WorkflowStatus Status, WorkflowSubStatus SubStatus, WorkflowSubStatus WorkflowSubStatus, DateTimeOffset UpdatedAt);

/// <summary>
/// A journal line (执行日志) as the viewer's timeline reads it, with the actor auditors need: <c>actor</c> is the name staff
/// know (王芳（审核员）), <c>actorId</c> the label the engine recorded (<c>Reviewer:&lt;user id&gt;</c>).
/// </summary>
public sealed record JournalEntry(
    string Id,
    string ActivityInstanceId,
    string? ParentActivityInstanceId,
    string ActivityId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    string NodeId,
    DateTimeOffset Timestamp,
    long Sequence,
    string EventName,
    string? Message,
    string? Source,
    string? Actor,
    JsonNode? ActivityState,
    JsonNode? Payload,
    string? ActorId = null);

/// <summary>A variable's current value in an instance.</summary>
public sealed record InstanceVariable(string Id, string Name, JsonNode? Value);

/// <summary>Turns the engine's rows into Studio's instance shapes.</summary>
internal static class InstanceViews
{
    /// <summary>The scope key of the definition's own variables in the executor's state.</summary>
    private const string WorkflowScope = "Workflow1";

    public static InstanceSummary Summary(WorkflowInstance i) => new(
        i.Id, i.DefinitionId, i.DefinitionVersionId, i.Version, i.Status, i.SubStatus, i.CorrelationId, i.Name, i.IncidentCount, i.CreatedAt, i.UpdatedAt, i.FinishedAt);

    /// <summary>The summary plus <c>workflowState</c>, which the viewer requires and dumps as JSON.</summary>
    public static JsonObject Model(WorkflowInstance instance, IReadOnlyList<Bookmark> bookmarks)
    {
        var state = WorkflowState.Read(instance.StateJson);
        var model = ElsaApiJson.ToNode(Summary(instance))!.AsObject();
        model["isSystem"] = false;
        model["workflowState"] = new JsonObject
        {
            ["id"] = instance.Id,
            ["definitionId"] = instance.DefinitionId,
            ["definitionVersionId"] = instance.DefinitionVersionId,
            ["definitionVersion"] = instance.Version,
            ["correlationId"] = instance.CorrelationId,
            ["status"] = instance.Status.ToString(),
            ["subStatus"] = instance.SubStatus.ToString(),
            ["bookmarks"] = new JsonArray([.. bookmarks.Select(b => (JsonNode)Bookmark(b))]),
            ["incidents"] = ElsaApiJson.ToNode(state.Incidents),
            ["fault"] = ElsaApiJson.ToNode(state.Fault),
            ["completionCallbacks"] = new JsonArray(),
            ["activityExecutionContexts"] = new JsonArray([.. state.Contexts.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id,
                ["parentContextId"] = c.ParentId,
                ["scheduledActivityNodeId"] = c.NodeId,
                ["ownerActivityNodeId"] = null,
                ["properties"] = new JsonObject(),
                ["activityState"] = Parse(c.ActivityStateJson) ?? new JsonObject(),
                ["dynamicVariables"] = new JsonArray(),
            })]),
            ["input"] = state.Input.DeepClone(),
            ["output"] = state.Output.DeepClone(),
            ["properties"] = new JsonObject(),
            ["createdAt"] = instance.CreatedAt,
            ["updatedAt"] = instance.UpdatedAt,
            ["finishedAt"] = instance.FinishedAt,
        };
        return model;
    }

    /// <summary>The line as stored, for an export that another server imports.</summary>
    public static JournalEntry Journal(WorkflowExecutionLogRecord r) => new(
        r.Id, r.ActivityInstanceId, r.ParentActivityInstanceId, r.ActivityId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName, r.NodeId,
        r.Timestamp, r.Sequence, r.EventName, r.Message, r.Source, r.Actor, Parse(r.ActivityStateJson), Parse(r.PayloadJson), r.Actor);

    /// <summary>
    /// The line as staff read it: the actor by name (<see cref="Hotline.Application.Names.ActorNames"/>), also in the
    /// payload, which is what Studio's event panel lists (as "Actor").
    /// </summary>
    public static JournalEntry Journal(WorkflowExecutionLogRecord r, IReadOnlyDictionary<string, string> actorNames)
    {
        var line = Journal(r);
        if (r.Actor is null || !actorNames.TryGetValue(r.Actor, out var name))
        {
            return line;
        }

        var payload = line.Payload as JsonObject ?? new JsonObject();
        payload.TryAdd("actor", name);
        return line with { Actor = name, Payload = payload };
    }

    /// <summary>The definition's variables with the values the instance holds (workflow scope).</summary>
    public static IReadOnlyList<InstanceVariable> Variables(WorkflowInstance instance, JsonArray? declared)
    {
        var values = WorkflowState.Read(instance.StateJson).Variables.GetValueOrDefault(WorkflowScope) ?? [];
        return [.. (declared ?? []).OfType<JsonObject>()
            .Where(v => v["id"] is JsonValue)
            .Select(v => new InstanceVariable((string)v["id"]!, (string?)v["name"] ?? (string)v["id"]!, values.GetValueOrDefault((string)v["id"]!)?.DeepClone()))];
    }

    /// <summary>A node id is the path of activity ids from the workflow down (<c>Workflow1:flowchart1:review</c>).</summary>
    public static string ActivityIdOf(string nodeId) => nodeId[(nodeId.LastIndexOf(':') + 1)..];

    public static JsonNode? Parse(string? json) => string.IsNullOrWhiteSpace(json) ? null : JsonNode.Parse(json);

    /// <summary>A bookmark as Elsa's <c>Bookmark</c> serializes: the activity's id beside its node id (the node id's last segment).</summary>
    public static JsonObject Bookmark(Bookmark b) => new()
    {
        ["id"] = b.Id,
        ["name"] = b.Name,
        ["hash"] = b.Hash,
        ["payload"] = Parse(b.PayloadJson),
        ["activityId"] = ActivityIdOf(b.ActivityNodeId),
        ["activityNodeId"] = b.ActivityNodeId,
        ["activityInstanceId"] = b.ActivityInstanceId,
        ["createdAt"] = b.CreatedAt,
        ["autoBurn"] = true,
        ["callbackMethodName"] = null,
        ["metadata"] = b.DueAt is { } due ? new JsonObject { ["dueAt"] = due } : null,
    };
}
