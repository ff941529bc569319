using System.Text.Json.Nodes;
using Hotline.Workflows.Model;

namespace Hotline.Workflows.Execution;

/// <summary>
/// Token-based flowcharts, as Elsa 3.8 runs them when asked to: each followed connection carries a
/// token, and a target's <c>customProperties.mergeMode</c> decides when it runs (Stream, Merge,
/// Converge, Cascade, Race). A FlowJoin maps to Race (WaitAny) or Converge (WaitAll).
/// </summary>
internal sealed partial class WorkflowRun
{
    /// <summary>
    /// The run property Elsa reads to choose the flowchart mode (<c>TokenBased</c> or <c>CounterBased</c>). Elsa takes it
    /// from the run's options only; this server also reads it from the definition's <c>customProperties</c>.
    /// </summary>
    public const string ExecutionModeProperty = "Flowchart:ExecutionMode";

    private enum MergeMode
    {
        None,
        Stream,
        Merge,
        Converge,
        Cascade,
        Race,
    }

    /// <summary>
    /// The run's mode if it was started with one, else the definition's, else the server's (counter-based unless
    /// configured). An activity's <c>mergeMode</c> never chooses the mode: it only matters in a token-based run.
    /// </summary>
    private bool UsesTokens() =>
        (ParseMode(State.Properties[ExecutionModeProperty]) ?? ParseMode(_definition.CustomProperties[ExecutionModeProperty]) ?? _settings.FlowchartMode)
        == FlowchartMode.TokenBased;

    private static FlowchartMode? ParseMode(JsonNode? value) =>
        value is JsonValue text && Enum.TryParse<FlowchartMode>(text.ToString(), ignoreCase: true, out var mode) && Enum.IsDefined(mode) ? mode : null;

    private void OnChildCompletedTokenBased(ActivityContextState container, ActivityContextState child, Activity activity, IReadOnlyList<string> outcomes)
    {
        var scope = State.FlowScopes[container.Id];
        var tokens = scope.Tokens;
        var graph = Graph(container);

        var active = graph.Outbound(activity.Id).Where(c => outcomes.Contains(c.SourcePort, StringComparer.Ordinal)).ToList();
        foreach (var connection in active)
            tokens.Add(new FlowToken { From = connection.SourceActivityId, Outcome = connection.SourcePort, To = connection.TargetActivityId });
        foreach (var token in tokens.Where(t => t.To == activity.Id && t.IsLive))
            token.Consumed = true;

        foreach (var connection in active)
        {
            var target = graph.Activity(connection.TargetActivityId);
            var mode = MergeModeOf(target, child);
            switch (mode)
            {
                case MergeMode.Cascade:
                case MergeMode.Race:
                    if (mode == MergeMode.Race)
                        CancelInboundAncestors(container, graph, target);
                    var block = tokens.Find(t => t.Blocked && t.Travels(connection));
                    if (block is not null)
                    {
                        // This arrival was already answered by the one that went first.
                        block.Consumed = true;
                        break;
                    }

                    Enqueue(target, container, child);

                    // Cascade absorbs the other branches' later arrivals; Race has cancelled them, and a block
                    // left behind would swallow the next round's first arrival when the flow loops back.
                    if (mode == MergeMode.Cascade)
                    {
                        foreach (var other in graph.ForwardInbound(target.Id).Where(c => c.SourceActivityId != activity.Id))
                            tokens.Add(new FlowToken { From = other.SourceActivityId, Outcome = other.SourcePort, To = other.TargetActivityId, Blocked = true });
                    }

                    break;
                case MergeMode.Merge:
                    ScheduleWhenAllArrived(container, tokens, graph.ForwardInbound(target.Id), target, child);
                    break;
                case MergeMode.Converge:
                    ScheduleWhenAllArrived(container, tokens, graph.Inbound(target.Id), target, child);
                    break;
                default:
                    // Stream: flows on unless an upstream activity of the target still has work coming.
                    var upstreamPending = graph.ForwardInbound(target.Id).Any(inbound => tokens.Exists(t => t.IsLive && t.To == inbound.SourceActivityId));
                    if (!upstreamPending)
                        Enqueue(target, container, child);
                    break;
            }
        }

        tokens.RemoveAll(t => t.To == activity.Id && t.Consumed);
        CompleteIfNoPendingWork(container);
    }

    private void ScheduleWhenAllArrived(ActivityContextState container, List<FlowToken> tokens, IReadOnlyList<Connection> inbound, Activity target, ActivityContextState completed)
    {
        if (inbound.Count <= 1 || inbound.All(connection => tokens.Exists(t => t.IsLive && t.Travels(connection))))
            Enqueue(target, container, completed);
    }

    private void CancelInboundAncestors(ActivityContextState container, FlowGraph graph, Activity target)
    {
        var ancestors = graph.Ancestors(target.Id);
        _queue.RemoveAll(i => i.Owner == container && ancestors.Contains(i.Activity.Id));
        var tokens = State.FlowScopes[container.Id].Tokens;
        foreach (var branch in State.Contexts.Where(c => c.ParentId == container.Id && ancestors.Contains(c.ActivityId)).ToList())
        {
            CancelWithDescendants(branch);
            tokens.RemoveAll(t => t.From == branch.ActivityId || t.To == branch.ActivityId);
        }
    }

    private MergeMode MergeModeOf(Activity target, ActivityContextState scopeOwner)
    {
        if (target.Type != "Elsa.FlowJoin")
            return DeclaredMergeMode(target) ?? MergeMode.None;

        // A FlowJoin's mode maps onto merge modes, as in Elsa: WaitAny races, WaitAll converges.
        try
        {
            var mode = _expressions.EvaluateWrapped(target.GetProperty("Mode"), Variables(scopeOwner))?.ToString();
            return string.Equals(mode, "WaitAll", StringComparison.OrdinalIgnoreCase) ? MergeMode.Converge : MergeMode.Race;
        }
        catch (Expressions.ExpressionException)
        {
            return MergeMode.Converge;
        }
    }

    private static MergeMode? DeclaredMergeMode(Activity activity) =>
        activity.CustomProperties["mergeMode"] is JsonValue value
        && Enum.TryParse<MergeMode>(value.ToString(), ignoreCase: true, out var mode)
            ? mode
            : null;
}
