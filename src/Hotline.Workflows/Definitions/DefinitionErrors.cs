namespace Hotline.Workflows.Definitions;

/// <summary>
/// A definition change was refused (name taken, nothing to retract, unknown activity type...). Nothing
/// was changed. <see cref="Errors"/> is keyed by field, ready for an RFC 7807 validation answer (400).
/// </summary>
public sealed class WorkflowDefinitionValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception(string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    /// <summary>The stable code of the rule broken, where one names it (e.g. <c>definition.unsafe-id</c>).</summary>
    public string? Code { get; init; }

    public static WorkflowDefinitionValidationException For(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}

/// <summary>No definition (or version) matched; the HTTP edge answers 404.</summary>
public sealed class WorkflowDefinitionNotFoundException(string message) : Exception(message);
