namespace Hotline.Workflows.Serialization;

/// <summary>One problem in a definition, naming the activity (when there is one) and the field.</summary>
public sealed record DefinitionError(string? ActivityId, string Field, string Message)
{
    public override string ToString() =>
        ActivityId is null ? $"field '{Field}': {Message}" : $"activity '{ActivityId}' field '{Field}': {Message}";
}

/// <summary>A definition that cannot be loaded: malformed JSON, unknown activity types, duplicate ids, bad expressions.</summary>
public sealed class WorkflowDefinitionException : Exception
{
    public WorkflowDefinitionException(IReadOnlyList<DefinitionError> errors)
        : base("Invalid workflow definition: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    public WorkflowDefinitionException()
        : this([])
    {
    }

    public WorkflowDefinitionException(string message)
        : this([new DefinitionError(null, "definition", message)])
    {
    }

    public WorkflowDefinitionException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DefinitionError(null, "definition", message)];
    }

    public IReadOnlyList<DefinitionError> Errors { get; } = [];
}
