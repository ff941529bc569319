using System.Text.Json.Nodes;

namespace Hotline.Workflows.Execution;

/// <summary>What the caller brings to a start or resume: workflow input, the stimulus, who acts, and the host's services.</summary>
public sealed record ExecutionRequest
{
    /// <summary>Workflow input on start, keyed by input name.</summary>
    public IReadOnlyDictionary<string, object?>? Input { get; init; }

    /// <summary>The stimulus on resume (e.g. the ticket action taken); the resumed activity may choose its outcome from it.</summary>
    public JsonNode? ResumeInput { get; init; }

    /// <summary>User or system id written on every journal line of this run.</summary>
    public string? Actor { get; init; }

    /// <summary>The host's scope, so domain activities call domain services in the same unit of work.</summary>
    public IServiceProvider? Services { get; init; }

    /// <summary>
    /// On start: the trigger activity (an activity of the root flowchart flagged <c>canStartWorkflow</c>, e.g. an
    /// <c>Elsa.Event</c>) whose stimulus started this instance. The flowchart starts there, and the trigger
    /// runs as if resumed with <see cref="ResumeInput"/> instead of waiting for the stimulus that already came.
    /// </summary>
    public string? TriggerActivityId { get; init; }

    /// <summary>Sets the instance's correlation id on start (e.g. the ticket number).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>
    /// On start: the flowchart mode of this run (Elsa's <c>RunWorkflowOptions</c> property <c>Flowchart:ExecutionMode</c>);
    /// it is kept in the instance state, so resumes run in the same mode. Null: the definition's, else the server's.
    /// </summary>
    public FlowchartMode? FlowchartMode { get; init; }

    public static ExecutionRequest Empty { get; } = new();
}
