using System.Linq.Expressions;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Hotline.Workflows.Runtime;

// The reads behind Studio's instance list and viewer; all untracked.
public sealed partial class WorkflowRuntime
{
    public async Task<WorkflowInstance?> FindInstanceAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return await db.Instances.AsNoTracking().FirstOrDefaultAsync(x => x.Id == instanceId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<PagedList<WorkflowInstance>> ListInstancesAsync(InstanceQuery query, PageRequest page = default, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var matches = db.Instances.AsNoTracking();

        if (query.DefinitionIds is { Count: > 0 } definitionIds)
        {
            matches = matches.Where(x => definitionIds.Contains(x.DefinitionId));
        }

        if (query.DefinitionVersionId is { } versionId)
        {
            matches = matches.Where(x => x.DefinitionVersionId == versionId);
        }

        if (query.CorrelationId is { } correlationId)
        {
            matches = matches.Where(x => x.CorrelationId == correlationId);
        }

        if (query.Version is { } version)
        {
            matches = matches.Where(x => x.Version == version);
        }

        if (query.HasIncidents is { } hasIncidents)
        {
            matches = hasIncidents ? matches.Where(x => x.IncidentCount > 0) : matches.Where(x => x.IncidentCount == 0);
        }

        if (query.Statuses is { Count: > 0 } statuses)
        {
            matches = matches.Where(x => statuses.Contains(x.Status));
        }

        if (query.SubStatuses is { Count: > 0 } subStatuses)
        {
            matches = matches.Where(x => subStatuses.Contains(x.SubStatus));
        }

        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            var pattern = LikePattern.Contains(query.SearchTerm);
            matches = matches.Where(x =>
                (x.Name != null && EF.Functions.Like(x.Name.ToLower(), pattern, LikePattern.Escape))
                || EF.Functions.Like(x.Id.ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like(x.DefinitionId.ToLower(), pattern, LikePattern.Escape)
                || EF.Functions.Like(x.DefinitionVersionId.ToLower(), pattern, LikePattern.Escape)
                || (x.CorrelationId != null && EF.Functions.Like(x.CorrelationId.ToLower(), pattern, LikePattern.Escape)));
        }

        foreach (var filter in query.TimestampFilters ?? [])
        {
            matches = matches.Where(TimestampCondition(filter));
        }

        var total = await matches.CountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = (query.OrderBy, query.Descending) switch
        {
            (InstanceOrder.UpdatedAt, false) => matches.OrderBy(x => x.UpdatedAt),
            (InstanceOrder.UpdatedAt, true) => matches.OrderByDescending(x => x.UpdatedAt),
            (InstanceOrder.Finished, false) => matches.OrderBy(x => x.FinishedAt),
            (InstanceOrder.Finished, true) => matches.OrderByDescending(x => x.FinishedAt),
            (InstanceOrder.Name, false) => matches.OrderBy(x => x.Name),
            (InstanceOrder.Name, true) => matches.OrderByDescending(x => x.Name),
            (_, false) => matches.OrderBy(x => x.CreatedAt),
            (_, true) => matches.OrderByDescending(x => x.CreatedAt),
        };
        var items = await page.Apply(ordered.ThenBy(x => x.Id)).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new(items, total);
    }

    /// <summary>
    /// The instances correlated with <paramref name="correlationId"/> (a ticket's), oldest first: their names and status
    /// only, without the state a list of whole instances would read and the count a page needs. On the first read after
    /// a unit that checked the correlation under its lock committed (an action's view), from what that check read and the
    /// unit's own saves (<see cref="CorrelatedBookmarks"/>) rather than the store.
    /// </summary>
    public async Task<IReadOnlyList<CorrelatedInstance>> ListCorrelatedAsync(string correlationId, CancellationToken cancellationToken = default)
    {
        if (!unitOfWork.InRun && correlated.TakeCommittedInstances(db.TenantId, correlationId) is { } committed)
        {
            return committed;
        }

        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return await HotPathQueries.For(db).CorrelatedInstances(db, correlationId).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The journal of an instance in sequence order, filtered, then skip/take; the total counts all filtered lines.</summary>
    public async Task<PagedList<WorkflowExecutionLogRecord>> ListJournalAsync(
        string instanceId, JournalFilter? filter = null, int skip = 0, int? take = null, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var matches = db.Journal.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId && db.Instances.Any(i => i.Id == instanceId));
        if (filter?.ActivityIds is { } activityIds)
        {
            matches = matches.Where(x => activityIds.Contains(x.ActivityId));
        }

        if (filter?.ActivityNodeIds is { } nodeIds)
        {
            matches = matches.Where(x => nodeIds.Contains(x.NodeId));
        }

        if (filter?.ExcludedActivityTypes is { } excluded)
        {
            matches = matches.Where(x => !excluded.Contains(x.ActivityType));
        }

        if (filter?.EventNames is { } eventNames)
        {
            matches = matches.Where(x => eventNames.Contains(x.EventName));
        }

        var total = await matches.CountAsync(cancellationToken).ConfigureAwait(false);
        var ordered = matches.OrderBy(x => x.Sequence).ThenBy(x => x.Timestamp).Skip(Math.Max(0, skip));
        var items = await (take is { } count ? ordered.Take(count) : ordered).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new(items, total);
    }

    /// <summary>Activity executions of an instance (optionally of one node), by start time.</summary>
    public async Task<List<ActivityExecutionRecord>> ListActivityExecutionsAsync(string instanceId, string? activityNodeId = null, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var matches = db.ActivityExecutions.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId && db.Instances.Any(i => i.Id == instanceId));
        if (activityNodeId is not null)
        {
            matches = matches.Where(x => x.ActivityNodeId == activityNodeId);
        }

        return await matches.OrderBy(x => x.StartedAt).ThenBy(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ActivityExecutionRecord?> FindActivityExecutionAsync(string id, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return await db.ActivityExecutions.AsNoTracking()
            .FirstOrDefaultAsync(x => x.Id == id && db.Instances.Any(i => i.Id == x.WorkflowInstanceId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The bookmarks of activity type <paramref name="activityTypeName"/> that wait with <paramref name="correlationId"/>.
    /// Inside a unit of work that delivered to the correlation, and on the first read after that unit committed (an
    /// action's view), from the list the unit kept (<see cref="CorrelatedBookmarks"/>) rather than the store.
    /// </summary>
    public async Task<List<Bookmark>> ListWaitingAsync(string activityTypeName, string correlationId, CancellationToken cancellationToken = default)
    {
        var known = unitOfWork.InRun
            ? correlated.Find(unitOfWork.Run, db.TenantId, correlationId)
            : correlated.TakeCommitted(db.TenantId, correlationId);
        if (known is not null)
        {
            return [.. known.Where(x => x.Name == activityTypeName).OrderBy(x => x.CreatedAt).ThenBy(x => x.Id, StringComparer.Ordinal)];
        }

        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return await db.Bookmarks.AsNoTracking()
            .Where(x => x.CorrelationId == correlationId && x.Name == activityTypeName)
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The bookmarks an instance waits on.</summary>
    public async Task<List<Bookmark>> ListBookmarksAsync(string instanceId, CancellationToken cancellationToken = default)
    {
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        return await db.Bookmarks.AsNoTracking().Where(x => x.WorkflowInstanceId == instanceId).OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    private static Expression<Func<WorkflowInstance, bool>> TimestampCondition(TimestampFilter filter)
    {
        var instance = Expression.Parameter(typeof(WorkflowInstance), "x");
        var column = Expression.Convert(
            Expression.Property(instance, filter.Column switch
            {
                TimestampColumn.CreatedAt => nameof(WorkflowInstance.CreatedAt),
                TimestampColumn.UpdatedAt => nameof(WorkflowInstance.UpdatedAt),
                _ => nameof(WorkflowInstance.FinishedAt),
            }),
            typeof(DateTimeOffset?));

        // A member of a closure object, so EF sends the timestamp as a parameter rather than a literal.
        var at = Expression.Property(Expression.Constant(new TimestampValue(filter.Timestamp)), nameof(TimestampValue.Value));
        Expression comparison = filter.Operator switch
        {
            TimestampOperator.Is => Expression.Equal(column, at),
            TimestampOperator.IsNot => Expression.NotEqual(column, at),
            TimestampOperator.LessThan => Expression.LessThan(column, at),
            TimestampOperator.GreaterThan => Expression.GreaterThan(column, at),
            TimestampOperator.LessThanOrEqual => Expression.LessThanOrEqual(column, at),
            _ => Expression.GreaterThanOrEqual(column, at),
        };
        return Expression.Lambda<Func<WorkflowInstance, bool>>(comparison, instance);
    }

    private sealed record TimestampValue(DateTimeOffset? Value);
}
