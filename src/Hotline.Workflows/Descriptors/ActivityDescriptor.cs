using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>
/// What the designer knows about an activity type (活动类型描述): toolbox entry, inputs, outputs and
/// outcome ports. Serializes to exactly the JSON shape Studio's <c>/descriptors/activities</c> reads;
/// collections are never null.
/// </summary>
public sealed class ActivityDescriptor
{
    /// <param name="typeName">Full type name such as <c>Hotline.ReviewReturn</c>; namespace and name are split at the last dot.</param>
    /// <param name="version">Descriptor version; definitions refer to <c>(type, version)</c>.</param>
    public ActivityDescriptor(string typeName, int version = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        TypeName = typeName;
        Version = version;
        var dot = typeName.LastIndexOf('.');
        Namespace = dot > 0 ? typeName[..dot] : "";
        Name = dot > 0 ? typeName[(dot + 1)..] : typeName;
        DisplayName = Name;
    }

    [JsonPropertyName("typeName")] public string TypeName { get; }
    [JsonPropertyName("namespace")] public string Namespace { get; init; }
    [JsonPropertyName("name")] public string Name { get; init; }
    [JsonPropertyName("version")] public int Version { get; }
    [JsonPropertyName("category")] public string Category { get; init; } = "Miscellaneous";
    [JsonPropertyName("displayName")] public string DisplayName { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("kind")] public ActivityKind Kind { get; init; } = ActivityKind.Action;
    [JsonPropertyName("isBrowsable")] public bool IsBrowsable { get; init; } = true;

    /// <summary>Holds child activities and connections (Flowchart).</summary>
    [JsonPropertyName("isContainer")] public bool IsContainer { get; init; }

    /// <summary>Holds one <c>body</c> activity that runs when it runs (FlowNode); the engine's concern, not Studio's.</summary>
    [JsonIgnore] public bool RunsBody { get; init; }

    /// <summary>Has no <c>In</c> port in the designer.</summary>
    [JsonPropertyName("isStart")] public bool IsStart { get; init; }

    /// <summary>Has no <c>Done</c> port; completing it completes the enclosing flowchart.</summary>
    [JsonPropertyName("isTerminal")] public bool IsTerminal { get; init; }

    [JsonPropertyName("customProperties")] public JsonObject CustomProperties { get; init; } = [];
    [JsonPropertyName("constructionProperties")] public JsonObject ConstructionProperties { get; init; } = [];
    [JsonPropertyName("inputs")] public IReadOnlyList<InputDescriptor> Inputs { get; init; } = [];
    [JsonPropertyName("outputs")] public IReadOnlyList<OutputDescriptor> Outputs { get; init; } = [];

    /// <summary>Named outcome ports; none means the designer shows a single <c>Done</c>.</summary>
    [JsonPropertyName("ports")] public IReadOnlyList<PortDescriptor> Ports { get; init; } = [];

    /// <summary>Finds an input by its descriptor name (<c>UnitCode</c>) or stored key (<c>unitCode</c>).</summary>
    public InputDescriptor? FindInput(string name) =>
        Inputs.FirstOrDefault(i => string.Equals(i.Name, name, StringComparison.OrdinalIgnoreCase));

    public OutputDescriptor? FindOutput(string name) =>
        Outputs.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));

    public override string ToString() => $"{TypeName} v{Version}";
}
