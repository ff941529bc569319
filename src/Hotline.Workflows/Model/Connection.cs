using System.Text.Json.Nodes;

namespace Hotline.Workflows.Model;

/// <summary>
/// A flowchart edge (连线): when <see cref="SourceActivityId"/> completes with outcome
/// <see cref="SourcePort"/>, <see cref="TargetActivityId"/> is scheduled.
/// </summary>
public sealed class Connection
{
    public required string SourceActivityId { get; set; }
    public string SourcePort { get; set; } = "Done";
    public required string TargetActivityId { get; set; }
    public string TargetPort { get; set; } = "In";

    /// <summary>Designer bend points, kept as written.</summary>
    public JsonArray Vertices { get; set; } = [];

    public JsonObject UnknownProperties { get; set; } = [];

    /// <summary>A stable key for counters in the execution state.</summary>
    public string Key => $"{SourceActivityId}:{SourcePort}->{TargetActivityId}:{TargetPort}";

    public override string ToString() => Key;
}
