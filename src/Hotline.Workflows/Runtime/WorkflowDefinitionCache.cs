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
/// so each entry remembers the content hash it was parsed from; a cheap hash lookup per run decides
/// whether the cached graph is still the stored one (also across nodes sharing a database).
/// </summary>
public sealed class WorkflowDefinitionCache(ActivityRegistry registry)
{
    private readonly ConcurrentDictionary<string, (string Hash, WorkflowDefinition Definition)> parsed = new(StringComparer.Ordinal);

    /// <summary>The version <paramref name="versionId"/>, parsed once per content.</summary>
    public async Task<WorkflowDefinition> GetAsync(WorkflowDbContext db, string versionId, CancellationToken cancellationToken)
    {
        var hash = await db.Definitions.AsNoTracking()
            .Where(x => x.Id == versionId)
            .Select(x => x.ContentHash)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowDefinitionNotFoundException($"Workflow definition version '{versionId}' not found.");
        if (parsed.TryGetValue(versionId, out var entry) && entry.Hash == hash)
        {
            return entry.Definition;
        }

        var record = await db.Definitions.AsNoTracking().FirstAsync(x => x.Id == versionId, cancellationToken).ConfigureAwait(false);
        var definition = WorkflowDefinitionSerializer.Parse(DefinitionDocument.ToDocument(record), registry);
        parsed[versionId] = (record.ContentHash, definition);
        return definition;
    }
}
