using Hotline.Workflows.Model;

namespace Hotline.Workflows.Execution;

/// <summary>
/// The connections of one container, indexed: inbound and outbound per activity, the start
/// activity, and which connections are backward (loops), found by a depth-first walk from the start.
/// </summary>
internal sealed class FlowGraph
{
    private readonly Dictionary<string, Activity> _activities;
    private readonly ILookup<string, Connection> _outbound;
    private readonly ILookup<string, Connection> _forwardInbound;
    private readonly ILookup<string, Connection> _inbound;
    private readonly HashSet<Connection> _backward = [];

    public FlowGraph(Activity container)
    {
        var children = container.Activities ?? [];
        _activities = children.ToDictionary(a => a.Id, StringComparer.Ordinal);
        var connections = container.Connections ?? [];
        _outbound = connections.ToLookup(c => c.SourceActivityId, StringComparer.Ordinal);
        Start = FindStart(children, connections);
        if (Start is not null)
            MarkBackward(Start.Id, [], []);
        _inbound = connections.ToLookup(c => c.TargetActivityId, StringComparer.Ordinal);
        _forwardInbound = connections.Where(c => !_backward.Contains(c)).ToLookup(c => c.TargetActivityId, StringComparer.Ordinal);
    }

    /// <summary>The first activity to run: an Elsa.Start, else one flagged canStartWorkflow, else one without inbound connections.</summary>
    public Activity? Start { get; }

    public Activity Activity(string id) => _activities[id];

    public IEnumerable<Connection> Outbound(string activityId) => _outbound[activityId];

    public IReadOnlyList<Connection> ForwardInbound(string activityId) => [.. _forwardInbound[activityId]];

    public IReadOnlyList<Connection> Inbound(string activityId) => [.. _inbound[activityId]];

    public bool IsBackward(Connection connection) => _backward.Contains(connection);

    /// <summary>The activities from which <paramref name="activityId"/> can be reached along forward connections.</summary>
    public HashSet<string> Ancestors(string activityId)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([activityId]);
        while (pending.TryPop(out var current))
        {
            foreach (var connection in _forwardInbound[current])
            {
                if (found.Add(connection.SourceActivityId))
                    pending.Push(connection.SourceActivityId);
            }
        }

        return found;
    }

    private static Activity? FindStart(List<Activity> children, List<Connection> connections)
    {
        var targets = connections.Select(c => c.TargetActivityId).ToHashSet(StringComparer.Ordinal);
        return children.FirstOrDefault(a => a.Type == "Elsa.Start")
            ?? children.FirstOrDefault(a => a.CanStartWorkflow)
            ?? children.FirstOrDefault(a => !targets.Contains(a.Id))
            ?? children.FirstOrDefault();
    }

    private void MarkBackward(string activityId, HashSet<string> onPath, HashSet<string> done)
    {
        onPath.Add(activityId);
        foreach (var connection in _outbound[activityId])
        {
            if (onPath.Contains(connection.TargetActivityId))
                _backward.Add(connection);
            else if (!done.Contains(connection.TargetActivityId))
                MarkBackward(connection.TargetActivityId, onPath, done);
        }

        onPath.Remove(activityId);
        done.Add(activityId);
    }
}
