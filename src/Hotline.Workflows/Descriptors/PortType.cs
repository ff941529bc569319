using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>Flow ports are outcomes drawn as edges; embedded ports hold child activities.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PortType>))]
public enum PortType
{
    Embedded,
    Flow,
}
