using System.Text.Json.Nodes;
using Hotline.Workflows.Model;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Reads, in the runtime's tenant, the instances waiting on <paramref name="bookmarkIds"/> with all their bookmarks:
    /// two statements for a batch of due timers, where resuming them one by one reads the bookmarks and the instance
    /// of each (docs/perf.md, the cluster burst). Resume them with <see cref="ResumeAsync(WaitingInstances, string, JsonNode?, string?, CancellationToken)"/>
    /// in the same unit of work.
    /// </summary>
    public async Task<WaitingInstances> ReadWaitingAsync(IReadOnlyCollection<string> bookmarkIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bookmarkIds);
        var ids = bookmarkIds.ToList();
        var waiting = await db.Bookmarks.AsNoTracking()
            .Where(x => db.Bookmarks.Where(b => ids.Contains(b.Id)).Select(b => b.WorkflowInstanceId).Contains(x.WorkflowInstanceId))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var instanceIds = waiting.Select(x => x.WorkflowInstanceId).Distinct(StringComparer.Ordinal).ToList();
        var rows = await db.Instances.AsNoTracking()
            .Where(x => instanceIds.Contains(x.Id))
            .Select(x => new { Instance = x, Hash = db.Definitions.Where(d => d.Id == x.DefinitionVersionId).Select(d => d.ContentHash).FirstOrDefault() })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new WaitingInstances(rows.Select(r => (r.Instance, r.Hash)), waiting);
    }

    /// <summary>
    /// <see cref="ResumeAsync(string, JsonNode?, string?, CancellationToken)"/> from rows read by
    /// <see cref="ReadWaitingAsync"/> in this unit of work: no read of its own. The save checks the instance's revision
    /// as every resume does, so a run another node or request made meanwhile still wins.
    /// </summary>
    /// <exception cref="BookmarkNotFoundException">The bookmark was not among those read, or an earlier resume of the batch consumed it.</exception>
    public async Task<WorkflowRun> ResumeAsync(WaitingInstances read, string bookmarkId, JsonNode? input = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(read);
        RequireWritable(nameof(ResumeAsync));
        if (!read.TryFind(bookmarkId, out var bookmark, out var instance, out var hash, out var waiting))
        {
            throw new BookmarkNotFoundException(bookmarkId);
        }

        InstanceWrite? staged = null;
        if (unitOfWork.IsStaging)
        {
            // A second run of an instance the batch already ran starts from its first save written (one update per row
            // and round trip). Nothing is attached to EF before the run, so a call the run makes that saves through EF
            // (a trigger, a cancel) writes the staged saves first and never this run half done.
            if (unitOfWork.Staged.InstanceIds.Contains(instance.Id))
            {
                await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
            }

            staged = InstanceWrite.UpdateFrom(instance.Revision);
        }
        else
        {
            // Tracked before the run changes them, so the save updates the instance against the revision read and
            // deletes the bookmarks the run consumes.
            db.Instances.Attach(instance);
            db.Bookmarks.AttachRange(waiting);
        }

        var definition = await DefinitionOfAsync(instance, hash, cancellationToken).ConfigureAwait(false);
        var request = new ExecutionRequest { ResumeInput = input, Actor = actor, Services = services };
        var result = await executor.ResumeAsync(definition, instance, bookmark, request, cancellationToken).ConfigureAwait(false);
        var run = await SaveAsync(instance, definition, result, [.. waiting], cancellationToken, staged).ConfigureAwait(false);
        read.Saved(instance.Id, result.RemovedBookmarkIds, result.CreatedBookmarks);
        return run;
    }

    /// <summary>The version <paramref name="instance"/> is pinned to, <paramref name="hash"/> being its stored content hash if it has a tenant.</summary>
    private async Task<WorkflowDefinition> DefinitionOfAsync(WorkflowInstance instance, string? hash, CancellationToken cancellationToken)
    {
        // An instance started before definitions had tenants is pinned to a version without one; it runs on.
        hash ??= await db.Definitions.AsNoTracking().AcrossTenants()
            .Where(d => d.Id == instance.DefinitionVersionId && d.TenantId == null)
            .Select(d => d.ContentHash)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return await definitions.GetAsync(db, instance.DefinitionVersionId, hash, cancellationToken).ConfigureAwait(false);
    }
}
