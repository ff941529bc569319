using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>An activity output; Studio binds it to a variable on the Output tab.</summary>
public sealed record OutputDescriptor(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("typeName")] string TypeName = "Object")
{
    [JsonPropertyName("displayName")] public string DisplayName { get; init; } = Name;
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("order")] public float Order { get; init; }
    [JsonPropertyName("isBrowsable")] public bool IsBrowsable { get; init; } = true;
    [JsonPropertyName("isSynthetic")] public bool IsSynthetic { get; init; }
}
