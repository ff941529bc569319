using System.Text.Json;
using System.Text.Json.Nodes;
using Hotline.Workflows.Activities;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.LogPersistence;
using Hotline.Workflows.Model;
using Hotline.Workflows.Serialization;

namespace Hotline.Workflows.Execution;

/// <summary>Journal lines, execution records, bookmarks, incidents and variables.</summary>
internal sealed partial class WorkflowRun
{
    private void Journal(ActivityContextState context, string eventName, string? message = null, JsonObject? payload = null) =>
        _journal.Add(new WorkflowExecutionLogRecord
        {
            Id = NewId(),
            WorkflowInstanceId = Instance.Id,
            ActivityInstanceId = context.Id,
            ParentActivityInstanceId = context.ParentId,
            ActivityId = context.ActivityId,
            ActivityType = context.ActivityType,
            ActivityTypeVersion = context.ActivityTypeVersion,
            ActivityName = context.ActivityName,
            NodeId = context.NodeId,
            Timestamp = Now,
            Sequence = ++State.Sequence,
            EventName = eventName,
            Message = StoredText(message),
            Actor = Request.Actor,
            ActivityStateJson = eventName is "Started" or "Completed" ? context.ActivityStateJson : null,
            PayloadJson = StoredJson(payload),
        });

    private void SaveRecord(
        ActivityContextState context,
        ActivityStatus status,
        DateTimeOffset? completedAt = null,
        JsonObject? payload = null,
        IReadOnlyDictionary<string, JsonNode?>? outputs = null,
        ExceptionInfo? exception = null)
    {
        var previous = _records.GetValueOrDefault(context.Id);
        var policy = LogPolicy(context);
        var kept = outputs?.Where(o => policy.KeepsOutput(o.Key)).ToDictionary(o => o.Key, o => StoredValue(o.Value));
        _records[context.Id] = new ActivityExecutionRecord
        {
            Id = context.Id,
            WorkflowInstanceId = Instance.Id,
            ActivityId = context.ActivityId,
            ActivityNodeId = context.NodeId,
            ActivityType = context.ActivityType,
            ActivityTypeVersion = context.ActivityTypeVersion,
            ActivityName = context.ActivityName,
            ActivityStateJson = context.ActivityStateJson,
            OutputsJson = kept is { Count: > 0 } ? JsonSerializer.Serialize(kept, WorkflowJson.Options) : previous?.OutputsJson,
            PayloadJson = policy.KeepsInternalState ? StoredJson(payload) ?? previous?.PayloadJson : null,
            ExceptionJson = exception is null ? previous?.ExceptionJson : StoredJson(JsonSerializer.SerializeToNode(exception, WorkflowJson.Options)),
            StartedAt = context.StartedAt,
            CompletedAt = completedAt,
            HasBookmarks = context.HasBookmarks,
            Status = status,
            AggregateFaultCount = status == ActivityStatus.Faulted ? 1 : 0,
            SchedulingActivityExecutionId = context.SchedulingActivityExecutionId,
            SchedulingActivityId = context.SchedulingActivityId,
            CallStackDepth = context.CallStackDepth,
        };
    }

    /// <summary>What this activity's records keep (<c>logPersistenceConfig</c>/<c>logPersistenceMode</c>), read once per run.</summary>
    private ActivityLogPolicy LogPolicy(ActivityContextState context)
    {
        if (!_logPolicies.TryGetValue(context.Id, out var policy))
        {
            var activity = context.ActivityType == WorkflowType ? null : Node(context.NodeId);
            policy = ActivityLogPolicy.For(
                _definition.CustomProperties,
                activity,
                _settings.LogPersistenceMode,
                expression => _expressions.Evaluate(expression["type"]?.ToString() ?? Expressions.ExpressionTypes.Literal, expression["value"], Variables(context)));
            _logPolicies[context.Id] = policy;
        }

        return policy;
    }

    /// <summary>Records an incident, faults the instance and stops the run; bookmarks go, since a faulted instance cannot resume.</summary>
    private void Fault(ActivityContextState context, Exception exception, string? inputName = null, string? code = null, string? category = null)
    {
        var message = StoredText(inputName is null ? exception.Message : $"Input '{inputName}' of activity '{context.ActivityId}': {exception.Message}")!;
        var limit = exception as WorkflowLimitException ?? exception.InnerException as WorkflowLimitException;
        code ??= limit?.Code;
        category ??= limit is null ? null : BurstBudget.Category;
        var info = StoredException(ExceptionInfo.From(exception));
        State.Contexts.Remove(context);
        SaveRecord(context, ActivityStatus.Faulted, exception: info);
        Journal(context, "Faulted", message, new JsonObject { ["Exception"] = JsonSerializer.SerializeToNode(info, WorkflowJson.Options) });
        State.Incidents.Add(new Incident(context.ActivityId, context.NodeId, context.ActivityType, message, info, Now)
        {
            Code = code,
            Category = category,
            InputName = inputName,
        });
        State.Fault = new WorkflowFault(info, message, context.ActivityId);

        var workflow = State.Contexts.Find(c => c.ActivityType == WorkflowType && c.ParentId is null);
        if (workflow is not null)
        {
            SaveRecord(workflow, ActivityStatus.Faulted, exception: info);
            Journal(workflow, "Faulted", message);
        }

        RemoveAllBookmarks();
        Transition(WorkflowSubStatus.Faulted);
    }

    private void CreateBookmark(ActivityContextState context, Activity activity, BookmarkRequest request)
    {
        var name = request.Name ?? activity.Type;
        var bookmark = new Bookmark
        {
            Id = NewId(),
            WorkflowInstanceId = Instance.Id,
            Name = name,
            Hash = BookmarkHash.Compute(name, request.Payload),
            PayloadJson = request.Payload?.ToJsonString(WorkflowJson.Options),
            ActivityNodeId = context.NodeId,
            ActivityInstanceId = context.Id,
            CorrelationId = request.CorrelationId ?? Instance.CorrelationId,
            TenantId = Instance.TenantId,
            // In UTC: the due-timer query compares stored instants, which must share one offset to order correctly.
            DueAt = request.DueAt?.ToUniversalTime(),
            CreatedAt = Now,
        };
        _created.Add(bookmark);
        State.Bookmarks.Add(new BookmarkState(bookmark.Id, name, bookmark.Hash, request.Payload?.DeepClone(), context.NodeId, context.Id, request.DueAt));
    }

    private void RemoveBookmarks(ActivityContextState context)
    {
        foreach (var bookmark in State.Bookmarks.Where(b => b.ActivityInstanceId == context.Id).ToList())
            RemoveBookmark(bookmark);
    }

    private void RemoveAllBookmarks()
    {
        foreach (var bookmark in State.Bookmarks.ToList())
            RemoveBookmark(bookmark);
    }

    private void RemoveBookmark(BookmarkState bookmark)
    {
        State.Bookmarks.Remove(bookmark);

        // A bookmark created and consumed within one run never reaches the store.
        if (_created.RemoveAll(b => b.Id == bookmark.Id) == 0)
            _removed.Add(bookmark.Id);
    }

    private void InitializeVariables(string scopeNodeId)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var variable in _declarations.GetValueOrDefault(scopeNodeId) ?? [])
            values[variable.Id] = Expressions.ValueConverter.FromStored(variable.Value, variable.TypeName);
        State.Variables[scopeNodeId] = values;
    }

    private void BindOutputs(ActivityContextState context, Activity activity, IReadOnlyDictionary<string, JsonNode?> outputs)
    {
        foreach (var (name, value) in outputs)
        {
            if (activity.GetProperty(name) is JsonObject binding
                && binding["memoryReference"] is JsonObject reference
                && reference["id"]?.ToString() is { Length: > 0 } variableId)
            {
                Variables(context).SetVariable(variableId, value);
            }
        }
    }

    /// <summary>Variable access for expressions and activities along one scope chain.</summary>
    private sealed class VariableScope(WorkflowRun run, IReadOnlyList<string> chain) : Expressions.IExpressionScope
    {
        public JsonObject WorkflowInput => run.State.Input;

        public IReadOnlyList<string> WorkflowInputNames =>
            [.. run._definition.Inputs.Select(i => (i as JsonObject)?["name"]?.ToString()).OfType<string>()];

        public CancellationToken CancellationToken => run.CancellationToken;

        public IReadOnlyDictionary<string, JsonNode?> VisibleVariables()
        {
            var visible = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            foreach (var scope in chain.Reverse())
            {
                var values = run.State.Variables.GetValueOrDefault(scope) ?? [];
                var declared = run._declarations.GetValueOrDefault(scope) ?? [];
                foreach (var (key, value) in values)
                    visible[declared.Find(v => v.Id == key)?.Name ?? key] = value;
            }

            return visible;
        }

        public JsonNode? GetVariable(string idOrName)
        {
            var (scope, id) = Resolve(idOrName)
                ?? throw new Expressions.ExpressionException($"unknown variable '{idOrName}'");
            return run.State.Variables.GetValueOrDefault(scope)?.GetValueOrDefault(id);
        }

        public void SetVariable(string idOrName, JsonNode? value)
        {
            var (scope, id) = Resolve(idOrName) ?? (WorkflowDefinitionSerializer.WorkflowNodeId, idOrName);
            run.CheckVariableSize(idOrName, value);
            var declared = run._declarations.GetValueOrDefault(scope)?.Find(v => v.Id == id);
            if (!run.State.Variables.TryGetValue(scope, out var values))
                run.State.Variables[scope] = values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
            values[id] = declared is null ? value?.DeepClone() : Expressions.ValueConverter.ToTyped(value?.DeepClone(), declared.TypeName);
        }

        private (string Scope, string Id)? Resolve(string idOrName)
        {
            foreach (var scope in chain)
            {
                if (run._declarations.GetValueOrDefault(scope)?.Find(v => v.Id == idOrName) is { } byId)
                    return (scope, byId.Id);
            }

            foreach (var scope in chain)
            {
                if (run._declarations.GetValueOrDefault(scope)?.Find(v => v.Name == idOrName) is { } byName)
                    return (scope, byName.Id);
                if (run.State.Variables.GetValueOrDefault(scope)?.ContainsKey(idOrName) == true)
                    return (scope, idOrName);
            }

            return null;
        }
    }
}
