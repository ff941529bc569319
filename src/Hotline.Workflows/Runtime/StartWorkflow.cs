using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Instances;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// How to start an instance: which version (published by default), its input, correlation and actor. The tenant is the
/// runtime's (<see cref="Persistence.WorkflowDbContext.TenantId"/>): the definition is looked up there and the instance belongs to it.
/// </summary>
public sealed record StartWorkflow
{
    /// <summary>Which version of the definition; ignored when <see cref="VersionId"/> is set.</summary>
    public VersionOptions VersionOptions { get; init; } = VersionOptions.Published;

    /// <summary>An exact version id (e.g. Studio's run of the version on screen).</summary>
    public string? VersionId { get; init; }

    public IReadOnlyDictionary<string, object?>? Input { get; init; }

    /// <summary>Business key such as the ticket number; triggers can be narrowed to it.</summary>
    public string? CorrelationId { get; init; }

    public string? Actor { get; init; }

    /// <summary>
    /// The root activity flagged <c>canStartWorkflow</c> whose stimulus starts this instance; the flowchart starts
    /// there and the trigger runs as resumed with <see cref="TriggerInput"/>. Null starts at the flowchart's start.
    /// </summary>
    public string? TriggerActivityId { get; init; }

    /// <summary>The stimulus the trigger receives as its resume input.</summary>
    public JsonNode? TriggerInput { get; init; }

    /// <summary>This run's flowchart mode (Elsa's run property <c>Flowchart:ExecutionMode</c>); null: the definition's, else the server's.</summary>
    public Execution.FlowchartMode? FlowchartMode { get; init; }
}

/// <summary>What one start, resume or cancel left behind: the instance as saved and the bookmarks it now waits on.</summary>
public sealed record WorkflowRun(WorkflowInstance Instance, IReadOnlyList<Bookmark> CreatedBookmarks, IReadOnlyList<string> RemovedBookmarkIds);
