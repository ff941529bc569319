using System.Text.Json.Nodes;
using Hotline.Workflows.Activities.Flow;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.Execution;

/// <summary>Flowchart semantics: counter-based here (Elsa 3.8's default), token-based in WorkflowRun.Tokens.</summary>
internal sealed partial class WorkflowRun
{
    private static readonly IReadOnlyList<string> NoOutcomes = [];

    private void StartContainer(ActivityContextState context, Activity container)
    {
        InitializeVariables(container.NodeId);
        State.FlowScopes[context.Id] = new FlowScope { TokenBased = UsesTokens() };
        var trigger = Request.TriggerActivityId is { } triggerId && container == _definition.Root
            ? container.Activities?.Find(a => a.Id == triggerId)
            : null;
        var start = trigger ?? Graph(context).Start;
        if (start is null)
            Complete(context, container, new Dictionary<string, JsonNode?>(), DoneOutcome);
        else
            Enqueue(start, context, scheduledBy: context, asTrigger: trigger is not null);
    }

    /// <summary>Completes an activity and lets its container follow the outcomes.</summary>
    private void Complete(ActivityContextState context, Activity? activity, IReadOnlyDictionary<string, JsonNode?> outputs, IReadOnlyList<string> outcomes, bool propagate = true, string? message = null)
    {
        State.Contexts.Remove(context);
        State.FlowScopes.Remove(context.Id);
        if (activity is not null)
            BindOutputs(context, activity, outputs);
        var payload = new JsonObject { ["Outcomes"] = new JsonArray([.. outcomes.Select(o => (JsonNode?)o)]) };
        SaveRecord(context, ActivityStatus.Completed, completedAt: Now, payload: payload, outputs: outputs);
        Journal(context, "Completed", message, payload);
        if (!propagate)
            return;

        var owner = Find(context.ParentId);
        if (owner is null)
        {
            // The workflow itself completed.
            RemoveAllBookmarks();
            Transition(WorkflowSubStatus.Finished);
        }
        else if (owner.ActivityType == WorkflowType)
        {
            Complete(owner, null, new Dictionary<string, JsonNode?>(), DoneOutcome);
        }
        else if (activity is not null)
        {
            OnChildCompleted(owner, context, activity, outcomes);
        }
    }

    private void OnChildCompleted(ActivityContextState container, ActivityContextState child, Activity activity, IReadOnlyList<string> outcomes)
    {
        if (_registry.Find(activity.Type, activity.Version) is { IsTerminal: true })
        {
            // End (a terminal node) completes its flowchart at once.
            CompleteContainerNow(container);
            return;
        }

        if (State.FlowScopes[container.Id].TokenBased)
        {
            OnChildCompletedTokenBased(container, child, activity, outcomes);
            return;
        }

        var scheduled = ScheduleOutbound(container, activity, outcomes, child.ViaBackwardConnection, child);
        if (!scheduled)
            CompleteIfNoPendingWork(container);
    }

    private bool ScheduleOutbound(ActivityContextState container, Activity activity, IReadOnlyList<string> outcomes, bool viaBackwardConnection, ActivityContextState? completed)
    {
        var graph = Graph(container);
        var scope = State.FlowScopes[container.Id];
        if (!viaBackwardConnection)
            scope.RegisterActivityVisit(activity.Id);

        var scheduled = false;
        foreach (var connection in graph.Outbound(activity.Id))
        {
            var followed = outcomes.Contains(connection.SourcePort, StringComparer.Ordinal);
            scope.RegisterConnectionVisit(connection, followed);
            var target = graph.Activity(connection.TargetActivityId);
            if (graph.IsBackward(connection))
            {
                if (followed)
                {
                    Enqueue(target, container, completed, viaBackwardConnection: true);
                    scheduled = true;
                }
            }
            else if (IsJoin(target))
            {
                scheduled |= ScheduleJoin(container, graph, scope, connection, target, completed);
            }
            else
            {
                scheduled |= ScheduleNonJoin(container, graph, scope, target, completed);
            }
        }

        return scheduled;
    }

    /// <summary>An ordinary activity runs once every forward inbound connection was visited and one was followed.</summary>
    private bool ScheduleNonJoin(ActivityContextState container, FlowGraph graph, FlowScope scope, Activity target, ActivityContextState? completed)
    {
        var inbound = graph.ForwardInbound(target.Id);
        if (!scope.AllInboundVisited(inbound, target.Id))
            return false;
        if (scope.HasFollowedInbound(inbound, target.Id))
        {
            Enqueue(target, container, completed);
            return true;
        }

        // Every way in was skipped: the skip propagates downstream (dead path).
        return ScheduleOutbound(container, target, NoOutcomes, viaBackwardConnection: false, completed: null);
    }

    /// <summary>A join runs on the first followed inbound connection and re-runs on each later one until it completes.</summary>
    private bool ScheduleJoin(ActivityContextState container, FlowGraph graph, FlowScope scope, Connection connection, Activity target, ActivityContextState? completed)
    {
        if (scope.ShouldIgnore(connection, target.Id))
            return false;
        var inbound = graph.ForwardInbound(target.Id);
        if (!scope.HasFollowedInbound(inbound, target.Id))
        {
            return scope.AllInboundVisited(inbound, target.Id)
                && ScheduleOutbound(container, target, NoOutcomes, viaBackwardConnection: false, completed: null);
        }

        if (_queue.Exists(i => i.Owner == container && i.Activity.Id == target.Id))
            return true;
        var waiting = State.Contexts.Find(c => c.ParentId == container.Id && c.ActivityId == target.Id);
        Enqueue(target, container, completed, existing: waiting);
        return true;
    }

    private bool IsJoin(Activity activity) => _registry.FindBehavior(activity.Type, activity.Version) is IJoinActivity;

    /// <summary>WaitAny: the other branches leading into the join are cancelled and count as skipped.</summary>
    private void CancelInboundBranches(ActivityContextState join, Activity activity)
    {
        var container = Find(join.ParentId);
        if (container is null || State.FlowScopes.GetValueOrDefault(container.Id) is not { TokenBased: false })
            return; // token-based flowcharts cancel Race branches when scheduling
        var graph = Graph(container);
        var ancestors = graph.Ancestors(activity.Id);
        _queue.RemoveAll(i => i.Owner == container && ancestors.Contains(i.Activity.Id));
        foreach (var branch in State.Contexts.Where(c => c.ParentId == container.Id && ancestors.Contains(c.ActivityId)).ToList())
        {
            CancelWithDescendants(branch);
            ScheduleOutbound(container, graph.Activity(branch.ActivityId), NoOutcomes, branch.ViaBackwardConnection, completed: null);
        }

        CompleteIfNoPendingWork(container);
    }

    private void CompleteIfNoPendingWork(ActivityContextState container)
    {
        if (_halted || !State.Contexts.Contains(container))
            return;
        if (State.Contexts.Exists(c => c.ParentId == container.Id) || _queue.Exists(i => i.Owner == container))
            return;
        Complete(container, Node(container.NodeId), new Dictionary<string, JsonNode?>(), DoneOutcome);
    }

    /// <summary>Cancels everything still running inside a container, then completes it.</summary>
    private void CompleteContainerNow(ActivityContextState container)
    {
        foreach (var child in State.Contexts.Where(c => c.ParentId == container.Id).ToList())
            CancelWithDescendants(child);
        Complete(container, Node(container.NodeId), new Dictionary<string, JsonNode?>(), DoneOutcome);
    }

    private void CancelWithDescendants(ActivityContextState context)
    {
        foreach (var child in State.Contexts.Where(c => c.ParentId == context.Id).ToList())
            CancelWithDescendants(child);
        State.Contexts.Remove(context);
        State.FlowScopes.Remove(context.Id);
        RemoveBookmarks(context);
        SaveRecord(context, ActivityStatus.Canceled);
        Journal(context, "Canceled");
    }

    private FlowGraph Graph(ActivityContextState container)
    {
        if (!_graphs.TryGetValue(container.NodeId, out var graph))
        {
            var activity = Node(container.NodeId)
                ?? throw new InvalidOperationException($"Container '{container.NodeId}' is not in definition version '{_definition.Id}'.");
            graph = new FlowGraph(activity);
            _graphs[container.NodeId] = graph;
        }

        return graph;
    }
}
