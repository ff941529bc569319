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
/// <para>
/// It also keeps each tenant's published set (<see cref="PublishedSet"/>): the caller reads the tenant's published
/// (version id, content hash) pairs, one indexed statement per unit of work, and that list is the set's version stamp. A
/// publish, retract or delete on any node sharing the database changes the list, so no node needs telling; an unchanged
/// list reuses the parsed set and its trigger index. A set is a function of its stamp (content hashes), so a slot per
/// tenant only bounds the memory.
/// </para>
/// </summary>
public sealed class WorkflowDefinitionCache(ActivityRegistry registry)
{
    private readonly ConcurrentDictionary<string, (string Hash, WorkflowDefinition Definition)> parsed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PublishedSet> published = new(StringComparer.Ordinal);

    /// <summary>The published set of <paramref name="tenantId"/> whose versions are <paramref name="versions"/> (id, content hash), in order.</summary>
    public async Task<PublishedSet> GetPublishedAsync(WorkflowDbContext db, string? tenantId, IReadOnlyList<(string Id, string Hash)> versions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(versions);
        var stamp = string.Join(';', versions.Select(v => v.Id + ":" + v.Hash));
        var slot = tenantId ?? "";
        if (published.TryGetValue(slot, out var known) && known.Stamp == stamp)
        {
            return known;
        }

        var definitions = new List<WorkflowDefinition>(versions.Count);
        foreach (var (id, hash) in versions)
        {
            definitions.Add(await GetAsync(db, id, hash, cancellationToken).ConfigureAwait(false));
        }

        var set = new PublishedSet(stamp, definitions);
        published[slot] = set;
        return set;
    }

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
