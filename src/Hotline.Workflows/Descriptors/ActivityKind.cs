using System.Text.Json.Serialization;

namespace Hotline.Workflows.Descriptors;

/// <summary>Activity kinds as Elsa names them; <see cref="Trigger"/> may start a workflow.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActivityKind>))]
public enum ActivityKind
{
    Action,
    Trigger,
    Job,
    Task,
}
