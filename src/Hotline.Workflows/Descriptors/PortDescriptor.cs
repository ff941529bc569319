using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>An outcome port (出口), e.g. <c>Approved</c>.</summary>
public sealed record PortDescriptor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("type")] PortType Type = PortType.Flow,
    [property: JsonPropertyName("isBrowsable")] bool IsBrowsable = true)
{
    public PortDescriptor(string name)
        : this(name, name)
    {
    }
}
