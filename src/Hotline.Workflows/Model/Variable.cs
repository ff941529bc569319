using System.Text.Json.Nodes;

namespace Hotline.Workflows.Model;

/// <summary>
/// A variable (流程变量) declared on a definition or a container. <see cref="Value"/> is the initial
/// value as Studio stores it: a string, converted by <see cref="TypeName"/> at run time.
/// </summary>
public sealed class Variable
{
    public required string Id { get; set; }
    public required string Name { get; set; }
    public string TypeName { get; set; } = "Object";
    public bool IsArray { get; set; }
    public string? Value { get; set; }
    public string? StorageDriverTypeName { get; set; }
    public JsonObject UnknownProperties { get; set; } = [];
}
