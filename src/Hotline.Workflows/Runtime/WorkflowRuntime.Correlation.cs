using Hotline.Workflows.Instances;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Runtime;

public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Cancels every unfinished instance of the runtime's tenant with <paramref name="correlationId"/> (the business
    /// object they watch has ended), except the definitions in <paramref name="keepDefinitionIds"/>: their bookmarks and
    /// timers are removed and the journal's Canceled line gives <paramref name="reason"/>. Returns the cancelled runs.
    /// </summary>
    public async Task<IReadOnlyList<WorkflowRun>> CancelCorrelatedAsync(
        string correlationId,
        string reason,
        IReadOnlySet<string>? keepDefinitionIds = null,
        string? actor = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(correlationId);
        RequireWritable(nameof(CancelCorrelatedAsync));
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var open = await db.Instances.AsNoTracking()
            .Where(x => x.CorrelationId == correlationId && x.Status != WorkflowStatus.Finished)
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .Select(x => new { x.Id, x.DefinitionId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<WorkflowRun>();
        foreach (var instance in open.Where(i => keepDefinitionIds is null || !keepDefinitionIds.Contains(i.DefinitionId)))
        {
            var (loaded, definition) = await LoadAsync(instance.Id, cancellationToken).ConfigureAwait(false);
            var waiting = await db.Bookmarks.Where(x => x.WorkflowInstanceId == instance.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            var result = executor.Cancel(definition, loaded, actor, reason);
            runs.Add(await SaveAsync(loaded, definition, result, waiting, cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }
}
