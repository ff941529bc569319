using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Hotline.Workflows.Serialization;

namespace Hotline.Workflows.Execution;

/// <summary>
/// The executor's state of one instance, stored in <c>WorkflowInstance.StateJson</c>: variables per
/// scope, workflow input and output, incidents, the live activity contexts (running containers,
/// suspended activities, waiting joins), flowchart counters and the open bookmarks. Other parts
/// read it to show an instance (Studio's <c>workflowState</c>, the variables tab).
/// </summary>
public sealed class WorkflowState
{
    /// <summary>Variable values: scope nodeId (<c>Workflow1</c> for the definition's variables) → variable id → value.</summary>
    public Dictionary<string, Dictionary<string, JsonNode?>> Variables { get; set; } = [];

    public JsonObject Input { get; set; } = [];
    public JsonObject Output { get; set; } = [];
    public List<Incident> Incidents { get; set; } = [];
    public WorkflowFault? Fault { get; set; }

    /// <summary>The last journal sequence number written for the instance.</summary>
    public long Sequence { get; set; }

    public List<ActivityContextState> Contexts { get; set; } = [];

    /// <summary>Counter-based flow state per running container context id.</summary>
    public Dictionary<string, FlowScope> FlowScopes { get; set; } = [];

    public List<BookmarkState> Bookmarks { get; set; } = [];

    /// <summary>Run properties chosen on start, as Elsa's <c>WorkflowState.Properties</c> (e.g. <c>Flowchart:ExecutionMode</c>).</summary>
    public JsonObject Properties { get; set; } = [];

    public static WorkflowState Read(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new WorkflowState() : JsonSerializer.Deserialize<WorkflowState>(json, WorkflowJson.Options) ?? new WorkflowState();

    public string Write() => JsonSerializer.Serialize(this, WorkflowJson.Options);

    /// <summary>
    /// Gives every activity instance and every bookmark a new id from <paramref name="newId"/>, each reference following
    /// its key: the contexts, their parents and the activities that scheduled them, the flow scopes of containers, the
    /// bookmarks' activity instances. An activity instance id is also its execution record's key, so a copy of an instance
    /// (an import) runs under keys of its own and never names a row of the instance it was copied from.
    /// </summary>
    internal void RenewKeys(Func<string> newId)
    {
        // One map for every reference, so a key named in several places (or by a record the copy does not have) stays one key.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        string Renew(string key) => keys.TryGetValue(key, out var renewed) ? renewed : keys[key] = newId();

        foreach (var context in Contexts)
        {
            context.Id = Renew(context.Id);
            context.ParentId = context.ParentId is { } parent ? Renew(parent) : null;
            context.SchedulingActivityExecutionId = context.SchedulingActivityExecutionId is { } scheduler ? Renew(scheduler) : null;
        }

        FlowScopes = FlowScopes.ToDictionary(scope => Renew(scope.Key), scope => scope.Value, StringComparer.Ordinal);
        Bookmarks = [.. Bookmarks.Select(b => b with { Id = newId(), ActivityInstanceId = Renew(b.ActivityInstanceId) })];
    }
}

/// <summary>Status of a live activity context.</summary>
public enum ActivityContextStatus
{
    /// <summary>Executing, or waiting for children or join branches without a bookmark.</summary>
    Running,

    /// <summary>Waiting on bookmarks.</summary>
    Suspended,
}

/// <summary>One activity run that has not finished yet; also the source for its execution record.</summary>
public sealed class ActivityContextState
{
    /// <summary>The activity instance id, equal to its ActivityExecutionRecord id.</summary>
    public required string Id { get; set; }

    public string? ParentId { get; set; }
    public required string ActivityId { get; set; }
    public required string NodeId { get; set; }
    public required string ActivityType { get; set; }
    public int ActivityTypeVersion { get; set; } = 1;
    public string? ActivityName { get; set; }
    public ActivityContextStatus Status { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public string? ActivityStateJson { get; set; }
    public string? SchedulingActivityExecutionId { get; set; }
    public string? SchedulingActivityId { get; set; }
    public int CallStackDepth { get; set; }

    /// <summary>Scheduled through a backward connection (a loop), so its visit is not counted again.</summary>
    public bool ViaBackwardConnection { get; set; }

    public bool HasBookmarks { get; set; }
}

/// <summary>An open bookmark as the instance state lists it (Studio's <c>workflowState.bookmarks</c>).</summary>
public sealed record BookmarkState(
    string Id,
    string Name,
    string Hash,
    JsonNode? Payload,
    string ActivityNodeId,
    string ActivityInstanceId,
    DateTimeOffset? DueAt)
{
    public bool AutoBurn { get; init; } = true;
}

/// <summary>
/// Visit counters of one flowchart run, as Elsa's counter-based flowchart keeps them: how often each
/// activity and each connection was visited, and whether a connection's last visit was followed.
/// </summary>
public sealed class FlowScope
{
    /// <summary>The flowchart runs token-based (merge modes) rather than counter-based.</summary>
    public bool TokenBased { get; set; }

    /// <summary>Token-based flow: one token per followed connection, consumed when its target runs.</summary>
    public List<FlowToken> Tokens { get; set; } = [];

    [JsonInclude] public Dictionary<string, long> ActivityVisits { get; private set; } = [];
    [JsonInclude] public Dictionary<string, long> ConnectionVisits { get; private set; } = [];
    [JsonInclude] public Dictionary<string, bool> ConnectionFollowed { get; private set; } = [];

    public void RegisterActivityVisit(string activityId) => ActivityVisits[activityId] = ActivityVisits.GetValueOrDefault(activityId) + 1;

    public void RegisterConnectionVisit(Model.Connection connection, bool followed)
    {
        ConnectionVisits[connection.Key] = ConnectionVisits.GetValueOrDefault(connection.Key) + 1;
        ConnectionFollowed[connection.Key] = followed;
    }

    public long ActivityVisitCount(string activityId) => ActivityVisits.GetValueOrDefault(activityId);

    private long ConnectionVisitCount(Model.Connection connection) => ConnectionVisits.GetValueOrDefault(connection.Key);

    /// <summary>Every forward inbound connection was visited since the activity last ran.</summary>
    public bool AllInboundVisited(IReadOnlyList<Model.Connection> forwardInbound, string activityId) =>
        forwardInbound.Count == 0 || forwardInbound.Min(ConnectionVisitCount) > ActivityVisitCount(activityId);

    /// <summary>The latest round of inbound visits includes a followed connection.</summary>
    public bool HasFollowedInbound(IReadOnlyList<Model.Connection> forwardInbound, string activityId)
    {
        if (forwardInbound.Count == 0)
            return false;
        var max = forwardInbound.Max(ConnectionVisitCount);
        return max > ActivityVisitCount(activityId)
            && forwardInbound.Any(c => ConnectionVisitCount(c) == max && ConnectionFollowed.GetValueOrDefault(c.Key));
    }

    /// <summary>A visit that arrives after the join already fired for this round (WaitAny) is ignored.</summary>
    public bool ShouldIgnore(Model.Connection connection, string activityId) =>
        ConnectionVisitCount(connection) <= ActivityVisitCount(activityId);
}

/// <summary>A token on a followed connection (token-based flowcharts). A blocked token stands for a Race or Cascade arrival still to be absorbed.</summary>
public sealed class FlowToken
{
    public required string From { get; set; }
    public required string Outcome { get; set; }
    public required string To { get; set; }
    public bool Consumed { get; set; }
    public bool Blocked { get; set; }

    public bool IsLive => !Consumed && !Blocked;

    public bool Travels(Model.Connection connection) =>
        From == connection.SourceActivityId && To == connection.TargetActivityId && Outcome == connection.SourcePort;
}
