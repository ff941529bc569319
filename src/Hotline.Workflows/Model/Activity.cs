using System.Text.Json.Nodes;

namespace Hotline.Workflows.Model;

/// <summary>
/// An activity (活动节点) placed in a definition: its identity, type and designer data, and the raw
/// JSON of its inputs and output bindings. A container (<c>Elsa.Flowchart</c>) also holds child activities,
/// connections and its own variables; an <c>Elsa.FlowNode</c> holds its body as its only child.
/// </summary>
public sealed class Activity
{
    public required string Id { get; set; }

    /// <summary>The ids of all ancestors joined with ':' (e.g. <c>Workflow1:flowchart1:dispatch</c>); recomputed on load.</summary>
    public string NodeId { get; set; } = "";

    public string? Name { get; set; }
    public required string Type { get; set; }
    public int Version { get; set; } = 1;
    public JsonObject CustomProperties { get; set; } = [];
    public JsonObject Metadata { get; set; } = [];

    /// <summary>
    /// Every other property of the activity object, keyed as stored: inputs under their camelCased
    /// name (<c>unitCode</c>), output bindings, and properties unknown to the engine.
    /// </summary>
    public JsonObject Properties { get; set; } = [];

    /// <summary>Child activities; null unless the activity is a container.</summary>
    public List<Activity>? Activities { get; set; }

    /// <summary>Connections between the children; null unless the activity is a container.</summary>
    public List<Connection>? Connections { get; set; }

    /// <summary>Variables scoped to this container; null unless the activity is a container.</summary>
    public List<Variable>? Variables { get; set; }

    public bool IsContainer => Activities is not null;

    /// <summary>
    /// An <c>Elsa.FlowNode</c>: its one child is the <c>body</c> activity (stored as <c>body</c>, not as
    /// <c>activities</c>), run when the node runs; the node completes when the body does.
    /// </summary>
    public bool HoldsBody { get; set; }

    /// <summary>The <c>customProperties.canStartWorkflow</c> flag Studio sets on trigger activities.</summary>
    public bool CanStartWorkflow =>
        CustomProperties.TryGetPropertyValue("canStartWorkflow", out var node)
        && node is JsonValue value && value.TryGetValue(out bool flag) && flag;

    /// <summary>The stored JSON of an input or output binding, looked up by its descriptor name (PascalCase) or stored key.</summary>
    public JsonNode? GetProperty(string name) =>
        Properties.TryGetPropertyValue(name, out var direct) ? direct
        : Properties.TryGetPropertyValue(JsonNames.CamelCase(name), out var camel) ? camel
        : null;

    /// <summary>This activity and everything below it, depth first.</summary>
    public IEnumerable<Activity> SelfAndDescendants()
    {
        yield return this;
        foreach (var child in Activities ?? [])
        {
            foreach (var descendant in child.SelfAndDescendants())
                yield return descendant;
        }
    }
}
