using Hotline.Workflows.Model;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// A tenant's published definition versions, parsed, with the trigger activities of each (the index a stimulus is
/// matched against), built once per <see cref="Stamp"/> and shared by every unit of work of the process.
/// </summary>
public sealed class PublishedSet
{
    internal PublishedSet(string stamp, IReadOnlyList<WorkflowDefinition> definitions)
    {
        Stamp = stamp;
        Definitions = definitions;
        Triggers = [.. definitions.SelectMany(d => d.Triggers().Select(t => new PublishedTrigger(d, t)))];
    }

    /// <summary>The published (version id, content hash) pairs in definition order: it changes with every publish, retract or delete.</summary>
    public string Stamp { get; }

    public IReadOnlyList<WorkflowDefinition> Definitions { get; }

    /// <summary>Every trigger activity (<c>canStartWorkflow</c>) of <see cref="Definitions"/>, with its definition.</summary>
    public IReadOnlyList<PublishedTrigger> Triggers { get; }
}

/// <summary>A trigger activity of a published version.</summary>
public sealed record PublishedTrigger(WorkflowDefinition Definition, Activity Trigger);
