using System.Text.Json.Nodes;
using Hotline.Workflows.Journal;

namespace Hotline.Server.ElsaApi.ActivityExecutions;

/// <summary>
/// One run of one activity (活动执行记录) as the viewer's details panel reads it. Key casing inside
/// <see cref="ActivityState"/>, <see cref="Outputs"/> and <see cref="Payload"/> is kept as the engine wrote it
/// (descriptor input names, <c>Outcomes</c>), because Studio looks those keys up case-sensitively.
/// </summary>
public sealed record ActivityExecution(
    string Id,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    JsonNode? ActivityState,
    JsonNode? Outputs,
    JsonNode? Payload,
    JsonObject Properties,
    JsonObject Metadata,
    JsonNode? Exception,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    bool HasBookmarks,
    ActivityStatus Status,
    int AggregateFaultCount,
    string? SchedulingActivityExecutionId,
    string? SchedulingActivityId,
    string? SchedulingWorkflowInstanceId,
    int CallStackDepth);

/// <summary>The same record without its data, for the viewer's lists.</summary>
public sealed record ActivityExecutionSummary(
    string Id,
    string WorkflowInstanceId,
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    int ActivityTypeVersion,
    string? ActivityName,
    DateTimeOffset StartedAt,
    bool HasBookmarks,
    ActivityStatus Status,
    JsonObject Metadata,
    DateTimeOffset? CompletedAt);

/// <summary>Per-node counts that drive the viewer's badges and colours.</summary>
public sealed record ActivityExecutionStats(
    string ActivityId,
    string ActivityNodeId,
    int StartedCount,
    int CompletedCount,
    int UncompletedCount,
    bool IsBlocked,
    bool IsFaulted,
    int AggregateFaultCount,
    JsonObject Metadata);

internal static class ActivityExecutionViews
{
    public static ActivityExecution Full(ActivityExecutionRecord r) => new(
        r.Id, r.WorkflowInstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
        Instances.InstanceViews.Parse(r.ActivityStateJson), Instances.InstanceViews.Parse(r.OutputsJson), Instances.InstanceViews.Parse(r.PayloadJson),
        [], [], Instances.InstanceViews.Parse(r.ExceptionJson), r.StartedAt, r.CompletedAt, r.HasBookmarks, r.Status, r.AggregateFaultCount,
        r.SchedulingActivityExecutionId, r.SchedulingActivityId, null, r.CallStackDepth);

    public static ActivityExecutionSummary Summary(ActivityExecutionRecord r) => new(
        r.Id, r.WorkflowInstanceId, r.ActivityId, r.ActivityNodeId, r.ActivityType, r.ActivityTypeVersion, r.ActivityName,
        r.StartedAt, r.HasBookmarks, r.Status, [], r.CompletedAt);

    /// <summary>Elsa's rules: completed means it has a completion time, blocked means it waits on a bookmark.</summary>
    public static ActivityExecutionStats Stats(string nodeId, IReadOnlyCollection<ActivityExecutionRecord> records)
    {
        var completed = records.Count(r => r.CompletedAt is not null);
        return new(
            records.FirstOrDefault()?.ActivityId ?? nodeId[(nodeId.LastIndexOf(':') + 1)..],
            nodeId,
            records.Count,
            completed,
            records.Count - completed,
            records.Any(r => r.HasBookmarks),
            records.Any(r => r.Status == ActivityStatus.Faulted),
            records.Sum(r => r.AggregateFaultCount),
            []);
    }
}
