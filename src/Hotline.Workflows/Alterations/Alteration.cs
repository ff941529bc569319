using System.Text.Json.Nodes;

namespace Hotline.Workflows.Alterations;

/// <summary>A change to a running instance (流程实例变更), as Elsa's alterations module names them.</summary>
public abstract record Alteration;

/// <summary>Moves the instance to version <paramref name="TargetVersion"/> of its definition (a published one here).</summary>
public sealed record Migrate(int TargetVersion) : Alteration;

/// <summary>Sets the variable <paramref name="VariableId"/> of a live scope to <paramref name="Value"/>, converted to its type.</summary>
public sealed record ModifyVariable(string VariableId, JsonNode? Value) : Alteration;

/// <summary>How serious a line of an alteration log is (Elsa writes .NET log levels).</summary>
public enum AlterationLogLevel
{
    Information,
    Warning,
    Error,
}

/// <summary>One line of what an alteration did or why it was refused.</summary>
public sealed record AlterationLogEntry(string Message, AlterationLogLevel LogLevel, DateTimeOffset Timestamp, string? EventName = null);

/// <summary>
/// What the alterations did to one instance. Either every alteration applied and was saved, or the log says which one
/// was refused and nothing changed.
/// </summary>
public sealed record AlterationResult(string WorkflowInstanceId, IReadOnlyList<AlterationLogEntry> Log)
{
    public bool IsSuccessful => Log.Count > 0 && Log.All(e => e.LogLevel != AlterationLogLevel.Error);
}

/// <summary>Which instances a plan targets (Elsa's <c>AlterationWorkflowInstanceFilter</c>, the parts this server reads).</summary>
public sealed record AlterationTargets
{
    public bool EmptyFilterSelectsAll { get; init; }
    public IReadOnlyCollection<string>? WorkflowInstanceIds { get; init; }
    public IReadOnlyCollection<string>? CorrelationIds { get; init; }
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }
    public IReadOnlyCollection<string>? DefinitionVersionIds { get; init; }
    public IReadOnlyCollection<Instances.WorkflowStatus>? Statuses { get; init; }
    public IReadOnlyCollection<Instances.WorkflowSubStatus>? SubStatuses { get; init; }
    public bool? HasIncidents { get; init; }

    public bool IsEmpty =>
        WorkflowInstanceIds is not { Count: > 0 } && CorrelationIds is not { Count: > 0 } && DefinitionIds is not { Count: > 0 }
        && DefinitionVersionIds is not { Count: > 0 } && Statuses is not { Count: > 0 } && SubStatuses is not { Count: > 0 } && HasIncidents is null;
}
