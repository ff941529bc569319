using System.Collections.Concurrent;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Descriptors;
using Hotline.Workflows.Model;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Serialization;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// Parsed definition versions by version id. A draft can be edited in place under the same version id,
/// so each entry remembers the content hash it was parsed from; the caller reads the stored hash with the row
/// it loads anyway, and a different hash means re-parse (also across nodes sharing a database).
/// </summary>
public sealed class WorkflowDefinitionCache(ActivityRegistry registry)
{
    private readonly ConcurrentDictionary<string, (string Hash, WorkflowDefinition Definition)> parsed = new(StringComparer.Ordinal);

    /// <summary>The version <paramref name="versionId"/> whose stored content hash is <paramref name="hash"/> (null: the version is gone).</summary>
    public async Task<WorkflowDefinition> GetAsync(WorkflowDbContext db, string versionId, string? hash, CancellationToken cancellationToken)
    {
        if (hash is null)
        {
            throw new WorkflowDefinitionNotFoundException($"Workflow definition version '{versionId}' not found.");
        }

        if (parsed.TryGetValue(versionId, out var entry) && entry.Hash == hash)
        {
            return entry.Definition;
        }

        // By version id across tenants: callers pass the version an instance in scope is pinned to, or one they found in scope.
        var record = await db.Definitions.AsNoTracking().AcrossTenants().FirstOrDefaultAsync(x => x.Id == versionId, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowDefinitionNotFoundException($"Workflow definition version '{versionId}' not found.");
        var definition = WorkflowDefinitionSerializer.Parse(DefinitionDocument.ToDocument(record), registry);
        parsed[versionId] = (record.ContentHash, definition);
        return definition;
    }
}
