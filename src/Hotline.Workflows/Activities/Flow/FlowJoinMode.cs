using System.Text.Json.Serialization;

namespace Hotline.Workflows.Activities.Flow;

/// <summary>How a join (汇聚) waits: for the first branch or for all that can still arrive.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FlowJoinMode>))]
public enum FlowJoinMode
{
    WaitAny,
    WaitAll,
}
