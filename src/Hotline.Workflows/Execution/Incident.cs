using System.Text.Json.Serialization;

namespace Hotline.Workflows.Execution;

/// <summary>
/// A fault recorded on an instance (故障事件): which activity, what went wrong, when. Shaped as
/// Studio's <c>workflowState.incidents</c> items.
/// </summary>
public sealed record Incident(
    string ActivityId,
    string ActivityNodeId,
    string ActivityType,
    string Message,
    ExceptionInfo? Exception,
    DateTimeOffset Timestamp)
{
    /// <summary>The fault code an <c>Elsa.Fault</c> activity set.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Code { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Category { get; init; }

    /// <summary>The input whose expression failed, when an expression failed.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InputName { get; init; }
}

/// <summary>An exception as Studio shows it: <c>{type, message, stackTrace, innerException}</c>.</summary>
public sealed record ExceptionInfo(string Type, string Message, string? StackTrace, ExceptionInfo? InnerException)
{
    public static ExceptionInfo? From(Exception? exception) => exception is null
        ? null
        : new ExceptionInfo(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, exception.StackTrace, From(exception.InnerException));
}

/// <summary>Why the instance faulted: <c>{exception, message, faultedActivityId}</c>.</summary>
public sealed record WorkflowFault(ExceptionInfo? Exception, string Message, string? FaultedActivityId);
