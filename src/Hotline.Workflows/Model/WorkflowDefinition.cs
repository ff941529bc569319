using System.Text.Json.Nodes;

namespace Hotline.Workflows.Model;

/// <summary>
/// One version of a workflow definition (流程定义版本), in the shape Elsa 3.8 exports and Studio edits.
/// Properties the engine does not understand are kept in <see cref="UnknownProperties"/> so that a
/// definition survives load and save unchanged.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>The version id, unique for each version.</summary>
    public string Id { get; set; } = "";

    /// <summary>Stable across versions; Studio pages use this id.</summary>
    public string DefinitionId { get; set; } = "";

    public string? Name { get; set; }
    public string? Description { get; set; }
    public int Version { get; set; } = 1;
    public bool IsLatest { get; set; }
    public bool IsPublished { get; set; }
    public bool IsReadonly { get; set; }
    public bool IsSystem { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string? ToolVersion { get; set; }

    /// <summary>Workflow-scoped variables.</summary>
    public List<Variable> Variables { get; set; } = [];

    /// <summary>Workflow input declarations, kept as Studio wrote them.</summary>
    public JsonArray Inputs { get; set; } = [];

    /// <summary>Workflow output declarations, kept as Studio wrote them.</summary>
    public JsonArray Outputs { get; set; } = [];

    public List<string> Outcomes { get; set; } = [];
    public JsonObject CustomProperties { get; set; } = [];

    /// <summary>Never null: Studio dereferences it.</summary>
    public JsonObject Options { get; set; } = [];

    /// <summary>The root activity, normally an <c>Elsa.Flowchart</c>.</summary>
    public required Activity Root { get; set; }

    /// <summary>Properties of the definition object this model has no field for, in their original order.</summary>
    public JsonObject UnknownProperties { get; set; } = [];

    /// <summary>Every activity in the graph, the root first, depth first.</summary>
    public IEnumerable<Activity> AllActivities() => Root.SelfAndDescendants();

    /// <summary>The root flowchart's activities that may start an instance (<c>customProperties.canStartWorkflow</c>).</summary>
    public IEnumerable<Activity> Triggers() => (Root.Activities ?? []).Where(a => a.CanStartWorkflow);

    /// <summary>Finds an activity anywhere in the graph by its nodeId.</summary>
    public Activity? FindByNodeId(string nodeId) => AllActivities().FirstOrDefault(a => a.NodeId == nodeId);
}
