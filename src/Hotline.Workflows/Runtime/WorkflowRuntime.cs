using System.Text.Json.Nodes;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Definitions;
using Hotline.Workflows.Execution;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Journal;
using Hotline.Workflows.Model;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// The engine's front door (流程运行时): start, resume, trigger and cancel instances. Each call is one unit of
/// work: load the instance and its pinned definition version, run the executor to the next wait state,
/// then save the instance, bookmarks, journal and activity executions in one transaction. When the caller
/// has opened a <see cref="WorkflowUnitOfWork"/>, the call saves into that transaction and leaves the commit
/// (and the arming of new timers) to it.
/// <para>
/// Two calls that advance the same instance concurrently never both apply: the instance's
/// <see cref="WorkflowInstance.Revision"/> is checked on save and the loser gets a
/// <see cref="WorkflowConcurrencyException"/> with nothing saved.
/// </para>
/// <para>
/// The runtime works in its context's tenant (<see cref="WorkflowDbContext.EnterTenant"/>): it starts only that tenant's
/// definitions, the instances it starts belong to it, and a resume or trigger reaches only that tenant's bookmarks.
/// </para>
/// </summary>
public sealed partial class WorkflowRuntime(
    WorkflowDbContext db,
    WorkflowUnitOfWork unitOfWork,
    WorkflowExecutor executor,
    WorkflowDefinitionCache definitions,
    IServiceProvider services,
    TimeProvider time,
    ILogger<WorkflowRuntime> logger,
    TimerAlarm? alarm = null)
{
    private readonly CorrelatedBookmarks correlated = new();

    /// <summary>Starts an instance of the published (or requested) version and runs it to its first wait state.</summary>
    public async Task<WorkflowRun> StartAsync(string definitionId, StartWorkflow? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new StartWorkflow();
        var (versionId, hash) = await ResolveVersionAsync(definitionId, options, cancellationToken).ConfigureAwait(false);
        var definition = await definitions.GetAsync(db, versionId, hash, cancellationToken).ConfigureAwait(false);
        return await StartAsync(definition, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts an instance of a version the caller read in this unit of work (one of <see cref="ListPublishedAsync"/>, whose
    /// triggers matched): no second look-up of the version. <see cref="StartWorkflow.VersionId"/> and
    /// <see cref="StartWorkflow.VersionOptions"/> are not consulted.
    /// </summary>
    public async Task<WorkflowRun> StartAsync(WorkflowDefinition definition, StartWorkflow options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(options);
        // A start reads nothing stored, so a staging unit's saves can wait for its one write, the start's with them (a
        // registration starts two or three instances).
        var staged = unitOfWork.IsStaging;
        if (!staged)
        {
            await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var instance = new WorkflowInstance
        {
            Id = NewId(),
            DefinitionId = definition.DefinitionId,
            DefinitionVersionId = definition.Id,
            Version = definition.Version,
            Name = definition.Name,
            TenantId = db.TenantId,
            CorrelationId = options.CorrelationId,
            Status = WorkflowStatus.Running,
            SubStatus = WorkflowSubStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };

        var request = new ExecutionRequest
        {
            Input = options.Input,
            Actor = options.Actor,
            CorrelationId = options.CorrelationId,
            Services = services,
            TriggerActivityId = options.TriggerActivityId,
            ResumeInput = options.TriggerInput,
            FlowchartMode = options.FlowchartMode,
        };
        var result = await executor.StartAsync(definition, instance, request, cancellationToken).ConfigureAwait(false);
        if (staged)
        {
            return await SaveAsync(instance, definition, result, [], cancellationToken, InstanceWrite.New).ConfigureAwait(false);
        }

        db.Instances.Add(instance);

        // A new instance has no earlier activity executions: every record is an insert (the run says so too).
        return await SaveAsync(instance, definition, result, [], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resumes the instance waiting on <paramref name="bookmarkId"/>; the bookmark can be resumed once.</summary>
    /// <exception cref="BookmarkNotFoundException">The bookmark never existed or was already consumed.</exception>
    /// <exception cref="WorkflowConcurrencyException">Another call advanced the instance first.</exception>
    public async Task<WorkflowRun> ResumeAsync(string bookmarkId, JsonNode? input = null, string? actor = null, CancellationToken cancellationToken = default)
    {
        RequireWritable(nameof(ResumeAsync));
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var waiting = await HotPathQueries.For(db).BookmarksOfOwner(db, bookmarkId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var bookmark = waiting.FirstOrDefault(x => x.Id == bookmarkId) ?? throw new BookmarkNotFoundException(bookmarkId);
        var (instance, definition) = await LoadAsync(bookmark.WorkflowInstanceId, cancellationToken).ConfigureAwait(false);

        var request = new ExecutionRequest { ResumeInput = input, Actor = actor, Services = services };
        var result = await executor.ResumeAsync(definition, instance, bookmark, request, cancellationToken).ConfigureAwait(false);
        return await SaveAsync(instance, definition, result, waiting, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Delivers a stimulus (e.g. <c>Elsa.Event</c> with its name, or a ticket action) to every bookmark whose
    /// hash matches in the runtime's tenant, optionally only those of one correlation id. Each matching bookmark is resumed in its own
    /// unit of work (or all in the caller's); one that another request consumed meanwhile is skipped.
    /// </summary>
    /// <returns>The runs that happened, in bookmark creation order.</returns>
    public async Task<IReadOnlyList<WorkflowRun>> TriggerAsync(
        string activityTypeName,
        JsonNode? payload,
        string? correlationId = null,
        JsonNode? input = null,
        string? actor = null,
        CancellationToken cancellationToken = default) =>
        await TriggerAsync(activityTypeName, payload, correlationId, input, actor, workflowInstanceId: null, cancellationToken).ConfigureAwait(false);

    /// <summary>As <see cref="TriggerAsync(string, JsonNode?, string?, JsonNode?, string?, CancellationToken)"/>, narrowed to one instance when <paramref name="workflowInstanceId"/> is set.</summary>
    public async Task<IReadOnlyList<WorkflowRun>> TriggerAsync(
        string activityTypeName,
        JsonNode? payload,
        string? correlationId,
        JsonNode? input,
        string? actor,
        string? workflowInstanceId,
        CancellationToken cancellationToken = default)
    {
        var hash = BookmarkHash.Compute(activityTypeName, payload);
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        if (correlationId is not null && unitOfWork.InRun)
        {
            return await TriggerCorrelatedAsync(hash, correlationId, input, actor, workflowInstanceId, cancellationToken).ConfigureAwait(false);
        }

        RequireWritable(nameof(TriggerAsync));

        var matches = db.Bookmarks.AsNoTracking().Where(x => x.Hash == hash);
        if (correlationId is not null)
        {
            matches = matches.Where(x => x.CorrelationId == correlationId);
        }

        if (workflowInstanceId is not null)
        {
            matches = matches.Where(x => x.WorkflowInstanceId == workflowInstanceId);
        }

        var ids = await matches.OrderBy(x => x.CreatedAt).ThenBy(x => x.Id).Select(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var runs = new List<WorkflowRun>(ids.Count);
        foreach (var id in ids)
        {
            try
            {
                runs.Add(await ResumeAsync(id, input, actor, cancellationToken).ConfigureAwait(false));
            }
            catch (BookmarkNotFoundException)
            {
                LogAlreadyConsumed(logger, id);
            }
        }

        return runs;
    }

    /// <summary>
    /// <see cref="TriggerAsync(string, JsonNode?, string?, JsonNode?, string?, string?, CancellationToken)"/> inside a unit
    /// of work: the correlation's bookmarks are read once per unit (<see cref="CorrelatedBookmarks"/>), and a match is
    /// resumed from that row without reading its instance's bookmarks again.
    /// </summary>
    private async Task<IReadOnlyList<WorkflowRun>> TriggerCorrelatedAsync(
        string hash, string correlationId, JsonNode? input, string? actor, string? workflowInstanceId, CancellationToken cancellationToken)
    {
        var waiting = correlated.Find(unitOfWork.Run, db.TenantId, correlationId);
        if (waiting is null)
        {
            if (unitOfWork.IsDeferring)
            {
                // Before the lock the instances are not read: its check reads them under it.
                waiting = await HotPathQueries.For(db).CorrelatedBookmarks(db, correlationId).ToListAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // Under the lock: the instances as the store holds them until this unit writes.
                List<CorrelatedBookmarks.InstanceRow> instances;
                (waiting, instances) = await ReadCorrelationAsync(correlationId, cancellationToken).ConfigureAwait(false);
                correlated.Stored(db.TenantId, correlationId, instances);
            }

            correlated.Add(db.TenantId, correlationId, waiting);
            if (unitOfWork.IsDeferring)
            {
                // Under the lock the run stands only on the bookmarks it delivered to: another unit's resume or new
                // bookmark of this correlation meanwhile sends it back.
                var tenantId = db.TenantId;
                var read = waiting.Select(x => x.Id).ToHashSet(StringComparer.Ordinal);
                if (tenantId is not null && unitOfWork.ChecksInOneRoundTrip)
                {
                    // PostgreSQL: in the round trip that locks the ticket's row.
                    unitOfWork.DeferCheck(CorrelationUnchanged(tenantId, correlationId, read));
                }
                else
                {
                    unitOfWork.DeferCheck(token => CorrelationUnchangedAsync(tenantId, correlationId, read, token));
                }
            }

            unitOfWork.AfterCommit(_ =>
            {
                correlated.Committed();
                return Task.CompletedTask;
            });
        }

        var due = waiting
            .Where(x => x.Hash == hash && (workflowInstanceId is null || x.WorkflowInstanceId == workflowInstanceId))
            .OrderBy(x => x.CreatedAt).ThenBy(x => x.Id, StringComparer.Ordinal)
            .ToList();
        var runs = new List<WorkflowRun>(due.Count);
        foreach (var bookmark in due)
        {
            // An earlier resume of this trigger consumed it (its save updated the list).
            if (!waiting.Contains(bookmark))
            {
                LogAlreadyConsumed(logger, bookmark.Id);
                continue;
            }

            var (instance, definition) = await LoadAsync(bookmark.WorkflowInstanceId, cancellationToken).ConfigureAwait(false);
            var request = new ExecutionRequest { ResumeInput = input, Actor = actor, Services = services };
            var result = await executor.ResumeAsync(definition, instance, bookmark, request, cancellationToken).ConfigureAwait(false);
            var owned = waiting.Where(x => x.WorkflowInstanceId == instance.Id).ToList();
            if (result.RemovedBookmarkIds.Any(id => !owned.Exists(x => x.Id == id)))
            {
                // The run removes a bookmark of another correlation (one a step set): read the instance's own.
                RequireWritable("A resume that removes another correlation's bookmark");
                owned = await db.Bookmarks.Where(x => x.WorkflowInstanceId == instance.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
            }

            runs.Add(await SaveAsync(instance, definition, result, owned, cancellationToken).ConfigureAwait(false));
        }

        return runs;
    }

    /// <summary>Cancels a running instance: its bookmarks (timers included) are removed.</summary>
    public async Task<WorkflowRun> CancelAsync(string instanceId, string? actor = null, CancellationToken cancellationToken = default)
    {
        RequireWritable(nameof(CancelAsync));
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        var (instance, definition) = await LoadAsync(instanceId, cancellationToken).ConfigureAwait(false);
        var waiting = await db.Bookmarks.Where(x => x.WorkflowInstanceId == instanceId).ToListAsync(cancellationToken).ConfigureAwait(false);
        var result = executor.Cancel(definition, instance, actor);
        return await SaveAsync(instance, definition, result, waiting, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Deletes instances with their bookmarks, journal and activity executions in one transaction; returns how many
    /// instances there were. An alarm armed for a deleted timer finds no bookmark when it rings and does nothing.
    /// </summary>
    public async Task<int> DeleteInstancesAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceIds);
        RequireWritable(nameof(DeleteInstancesAsync));
        await WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        if (instanceIds.Count == 0)
        {
            return 0;
        }

        // Only the runtime's tenant's instances: the journal and execution records carry no tenant of their own.
        var requested = instanceIds.Distinct(StringComparer.Ordinal).ToList();
        var ids = await db.Instances.Where(x => requested.Contains(x.Id)).Select(x => x.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return 0;
        }

        var own = !unitOfWork.IsActive;
        if (own)
        {
            await unitOfWork.BeginAsync(cancellationToken).ConfigureAwait(false);
        }

        await db.Bookmarks.Where(x => ids.Contains(x.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Journal.Where(x => ids.Contains(x.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.ActivityExecutions.Where(x => ids.Contains(x.WorkflowInstanceId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await db.Instances.Where(x => ids.Contains(x.Id)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        correlated.Clear();
        if (own)
        {
            await unitOfWork.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return deleted;
    }

    /// <summary>The published version of every definition of the runtime's tenant, parsed: what its triggers start.</summary>
    public async Task<IReadOnlyList<WorkflowDefinition>> ListPublishedAsync(CancellationToken cancellationToken = default) =>
        (await PublishedAsync(cancellationToken).ConfigureAwait(false)).Definitions;

    /// <summary>
    /// The runtime's tenant's published versions with their trigger index, as of now: one statement reads the published
    /// (version id, content hash) pairs, and the process's parsed set is reused while they are unchanged.
    /// </summary>
    public async Task<PublishedSet> PublishedAsync(CancellationToken cancellationToken = default)
    {
        var rows = await HotPathQueries.For(db).PublishedVersions(db).ToListAsync(cancellationToken).ConfigureAwait(false);
        return await definitions.GetPublishedAsync(db, db.TenantId, [.. rows.Select(r => (r.Id, r.ContentHash))], cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string VersionId, string Hash)> ResolveVersionAsync(string definitionId, StartWorkflow options, CancellationToken cancellationToken)
    {
        var versions = db.Definitions.AsNoTracking().Where(x => x.DefinitionId == definitionId);
        versions = options.VersionId is { } versionId ? versions.Where(x => x.Id == versionId) : versions.WithVersion(options.VersionOptions);
        var match = await versions
            .OrderByDescending(x => x.Version)
            .Select(x => new { x.Id, x.ContentHash })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        return match is not null
            ? (match.Id, match.ContentHash)
            : throw new WorkflowDefinitionNotFoundException(options.VersionId is null
                ? $"Workflow definition '{definitionId}' has no {options.VersionOptions} version."
                : $"Workflow definition '{definitionId}' has no version '{options.VersionId}'.");
    }

    private async Task<(WorkflowInstance Instance, WorkflowDefinition Definition)> LoadAsync(string instanceId, CancellationToken cancellationToken)
    {
        // A deferred run's own saves are not in the store yet: the instance as the run left it.
        if (unitOfWork.IsDeferring && unitOfWork.Unsaved.TryGetValue(instanceId, out var unsaved))
        {
            return unsaved;
        }

        var row = await HotPathQueries.For(db).InstanceWithHash(db, instanceId, cancellationToken).ConfigureAwait(false)
            ?? throw new WorkflowInstanceNotFoundException(instanceId);

        return (row.Instance, await DefinitionOfAsync(row.Instance, row.Hash, cancellationToken).ConfigureAwait(false));
    }

    private async Task<WorkflowRun> SaveAsync(
        WorkflowInstance instance, WorkflowDefinition definition, ExecutionResult result, List<Bookmark> waiting, CancellationToken cancellationToken,
        InstanceWrite? staged = null)
    {
        // A bookmark another request already deleted makes the DELETE match no row: a conflict, not a double resume.
        var removed = result.RemovedBookmarkIds
            .Select(id => waiting.FirstOrDefault(x => x.Id == id))
            .OfType<Bookmark>()
            .ToList();
        if (unitOfWork.IsDeferring)
        {
            return Defer(instance, definition, result, removed);
        }

        var enlisted = unitOfWork.IsActive;
        if (!enlisted && db.Database.CurrentTransaction is not null)
        {
            throw new InvalidOperationException("Open transactions on the workflow store through WorkflowUnitOfWork, so timers are armed only after the commit.");
        }

        instance.Revision++;
        if (staged is { } write)
        {
            // Written with the unit's other staged saves: a start inserted, a resume against the revision the batch read.
            var (earlier, added) = SplitActivityExecutions(result);
            unitOfWork.Staged.Add(instance, write.LoadedRevision, removed, result.CreatedBookmarks, result.Journal, earlier, added);
        }
        else
        {
            await WriteAsync(instance, InstanceWrite.AsTracked, result, removed, cancellationToken).ConfigureAwait(false);
        }

        if (enlisted)
        {
            correlated.Saved(result.RemovedBookmarkIds, result.CreatedBookmarks);
            correlated.SavedInstance(unitOfWork.Run, instance);
        }

        var timers = result.CreatedBookmarks.Where(x => x.DueAt is not null).ToList();
        Func<CancellationToken, Task>? arm = alarm is not null ? token => alarm.ArmAsync(timers, token) : null;
        if (timers.Count > 0 && arm is not null)
        {
            if (enlisted)
            {
                unitOfWork.AfterCommit(arm);
            }
            else
            {
                await arm(cancellationToken).ConfigureAwait(false);
            }
        }

        return new WorkflowRun(instance, result.CreatedBookmarks, result.RemovedBookmarkIds);
    }

    /// <summary>
    /// A save of a run before the transaction: kept in the unit for <see cref="WorkflowUnitOfWork.WriteDeferredAsync(CancellationToken)"/>.
    /// The instance's first save in the unit writes it (the object holds what the unit's last run left), checked against
    /// the revision it was loaded at; its later saves write only their bookmarks, journal lines and records.
    /// </summary>
    private WorkflowRun Defer(WorkflowInstance instance, WorkflowDefinition definition, ExecutionResult result, List<Bookmark> removed)
    {
        var write = unitOfWork.Unsaved.ContainsKey(instance.Id) ? InstanceWrite.AsTracked
            : IsAdded(instance) ? InstanceWrite.New
            : InstanceWrite.UpdateFrom(instance.Revision, db is SqliteWorkflowDbContext ? SqliteRowAppend.Loaded(db, instance) ?? SqliteRowAppend.KeyOnly(db, instance) : null);
        instance.Revision++;
        unitOfWork.Unsaved[instance.Id] = (instance, definition);
        correlated.Saved(result.RemovedBookmarkIds, result.CreatedBookmarks);
        correlated.SavedInstance(unitOfWork.Run, instance);
        unitOfWork.DeferWrite(token => SqliteRowAppend.Applies(db) ? Append(instance, write, result, removed, token)
            : db is PostgresWorkflowDbContext ? Batch(instance, write, result, removed)
            : WriteAsync(instance, write, result, removed, token));
        var timers = result.CreatedBookmarks.Where(x => x.DueAt is not null).ToList();
        if (timers.Count > 0 && alarm is not null)
        {
            unitOfWork.AfterCommit(token => alarm.ArmAsync(timers, token));
        }

        return new WorkflowRun(instance, result.CreatedBookmarks, result.RemovedBookmarkIds);
    }

    /// <summary>
    /// Whether the run started <paramref name="instance"/> in this context (<c>Add</c> is the only way to Added). Without
    /// change detection: <c>DbContext.Entry</c> would first detect changes from the entry on, a fresh set of visited
    /// entries per call, and detection never makes an entry Added.
    /// </summary>
    private bool IsAdded(WorkflowInstance instance)
    {
        var tracker = db.ChangeTracker;
        var detecting = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return db.Entry(instance).State == EntityState.Added;
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>Writes one save: the instance as <paramref name="write"/> says, the consumed bookmarks, the new rows.</summary>
    private async Task WriteAsync(WorkflowInstance instance, InstanceWrite write, ExecutionResult result, List<Bookmark> removed, CancellationToken cancellationToken)
    {
        try
        {
            if (write.Insert)
            {
                db.Instances.Add(instance);
            }
            else if (write.LoadedRevision is { } loaded)
            {
                var entry = db.Instances.Attach(instance);
                entry.State = EntityState.Modified;
                entry.Property(nameof(WorkflowInstance.Revision)).OriginalValue = loaded; // by name: a lambda builds an expression tree per call
            }

            db.Bookmarks.RemoveRange(removed);

            // Inside a unit of work on SQLite the new journal lines, bookmarks and activity records go in after
            // SaveChanges through the connection's prepared INSERTs; elsewhere (PostgreSQL batches them; a save of its own needs
            // EF's transaction) through EF.
            var append = SqliteRowAppend.Applies(db);
            if (!append)
            {
                db.Bookmarks.AddRange(result.CreatedBookmarks);
                db.Journal.AddRange(result.Journal);
            }

            var records = SplitActivityExecutions(result);
            if (!append)
            {
                AddActivityExecutions(result);
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException missing) when (missing.Entries.All(e => e is { Entity: ActivityExecutionRecord, State: EntityState.Modified }))
            {
                // Only records an earlier run should have stored are missing (an instance imported without them): EF rolled
                // the save back (to its savepoint inside a unit of work); ask which exist and save again.
                await UpsertActivityExecutionsAsync(instance, result, cancellationToken).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }

            if (append)
            {
                // After the deletes of SaveChanges (a consumed bookmark goes before its successor arrives).
                AppendRows(instance, result, result.CreatedBookmarks, records, cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException exception)
        {
            db.ChangeTracker.Clear();
            correlated.Clear();
            throw new WorkflowConcurrencyException(instance.Id, exception);
        }
        catch
        {
            db.ChangeTracker.Clear();
            correlated.Clear();
            throw;
        }

        // Saved (into the caller's transaction when enlisted); later calls in the same unit reload fresh rows.
        db.ChangeTracker.Clear();
    }

    /// <summary>
    /// A deferred save on SQLite, written under the lock with nothing tracked (the unit cleared the tracker; each write
    /// leaves it clear): the rows and checks of <see cref="WriteAsync"/> through the connection's prepared statements, without
    /// EF's save (change detection, the command sort, a savepoint around it). The instance's UPDATE holds only at the
    /// revision it was loaded at and a consumed bookmark's DELETE must find its row, or the instance moved meanwhile.
    /// </summary>
    private Task Append(WorkflowInstance instance, InstanceWrite write, ExecutionResult result, List<Bookmark> removed, CancellationToken cancellationToken)
    {
        try
        {
            if (write.Insert)
            {
                SqliteRowAppend.Insert(db, [instance], cancellationToken);
            }
            else if (write.LoadedRevision is not null
                && !SqliteRowAppend.UpdateChanged(db, instance, write.Loaded ?? throw new InvalidOperationException("A deferred update on SQLite keeps the instance's row as loaded."), cancellationToken))
            {
                throw new WorkflowConcurrencyException(instance.Id);
            }

            AppendRows(instance, result, ReplaceConsumed(instance, removed, result.CreatedBookmarks, cancellationToken), SplitActivityExecutions(result), cancellationToken);
            return Task.CompletedTask;
        }
        catch
        {
            correlated.Clear();
            throw;
        }
    }

    /// <summary>
    /// Writes the consumed bookmarks away on SQLite; returns the created ones still to insert. A created bookmark of the same
    /// instance and hash as a consumed one takes that one's row: one UPDATE of the columns that differ, whose indexes (hash,
    /// instance, correlation, due time) keep their entries, instead of a DELETE and an INSERT that rewrite all five. The
    /// rest are deleted together. Each consumed row must still be stored, or the instance moved meanwhile.
    /// </summary>
    private List<Bookmark> ReplaceConsumed(WorkflowInstance instance, List<Bookmark> removed, IReadOnlyList<Bookmark> created, CancellationToken cancellationToken)
    {
        var inserted = new List<Bookmark>(created.Count);
        var deleted = new List<Bookmark>(removed);
        foreach (var bookmark in created)
        {
            var taken = deleted.FindIndex(x => x.WorkflowInstanceId == bookmark.WorkflowInstanceId && x.Hash == bookmark.Hash && x.TenantId == bookmark.TenantId);
            if (taken < 0)
            {
                inserted.Add(bookmark);
            }
            else if (SqliteRowAppend.UpdateChanged(db, bookmark, SqliteRowAppend.Stored(db, deleted[taken]), cancellationToken))
            {
                deleted.RemoveAt(taken);
            }
            else
            {
                throw new WorkflowConcurrencyException(instance.Id);
            }
        }

        return SqliteRowAppend.Delete(db, deleted, cancellationToken) ? inserted : throw new WorkflowConcurrencyException(instance.Id);
    }

    /// <summary>
    /// A deferred save on PostgreSQL: kept in the unit's batch, which <see cref="WorkflowUnitOfWork.WriteDeferredAsync(CancellationToken)"/>
    /// writes after the run's last save, all of them in one round trip, with the checks of <see cref="WriteAsync"/>.
    /// </summary>
    private Task Batch(WorkflowInstance instance, InstanceWrite write, ExecutionResult result, List<Bookmark> removed)
    {
        var (earlier, added) = SplitActivityExecutions(result);
        unitOfWork.Staged.Merge(instance, write.Insert, write.LoadedRevision, removed, result.CreatedBookmarks, result.Journal, earlier, added);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The save's new bookmarks, journal lines and activity records through the connection's prepared statements. A record the
    /// run took for stored but is not (an imported instance) is inserted; one whose key another instance holds is a
    /// conflict, its row left as it was.
    /// </summary>
    private void AppendRows(
        WorkflowInstance instance,
        ExecutionResult result,
        IReadOnlyList<Bookmark> bookmarks,
        (List<ActivityExecutionRecord> Earlier, List<ActivityExecutionRecord> New) records,
        CancellationToken cancellationToken)
    {
        SqliteRowAppend.Insert(db, bookmarks, cancellationToken);
        SqliteRowAppend.Insert(db, result.Journal, cancellationToken);
        if (!SqliteRowAppend.UpsertOfOwner(db, records.Earlier, cancellationToken))
        {
            throw new WorkflowConcurrencyException(instance.Id);
        }

        SqliteRowAppend.Insert(db, records.New, cancellationToken);
    }

    /// <summary>
    /// How a save writes its instance: inserted, updated from the revision it was loaded at, or left to the change tracker.
    /// On SQLite an update keeps the row as loaded (<see cref="SqliteRowAppend.Loaded"/>), so that it names only the columns
    /// the unit's runs changed.
    /// </summary>
    private readonly record struct InstanceWrite(bool Insert, long? LoadedRevision, object?[]? Loaded = null)
    {
        /// <summary>
        /// The save attaches nothing: the instance is written as the change tracker has it (loaded or added by this save's
        /// run), or not at all (an earlier deferred save of the unit writes it as the unit's last run left it).
        /// </summary>
        public static InstanceWrite AsTracked => default;

        public static InstanceWrite New => new(true, null);
        public static InstanceWrite UpdateFrom(long revision, object?[]? loaded = null) => new(false, revision, loaded);
    }

    /// <summary>
    /// The bookmarks of <paramref name="correlationId"/> in the tenant are still those a deferred run read. The same
    /// statement reads the correlation's instances, which the unit keeps for the view that follows its commit.
    /// </summary>
    private async Task<bool> CorrelationUnchangedAsync(string? tenantId, string correlationId, HashSet<string> read, CancellationToken cancellationToken)
    {
        using var tenant = db.EnterTenant(tenantId);
        var (bookmarks, instances) = await ReadCorrelationAsync(correlationId, cancellationToken).ConfigureAwait(false);
        return StillRead(tenantId, correlationId, read, bookmarks.ConvertAll(b => b.Id), instances);
    }

    /// <summary>
    /// <see cref="CorrelationUnchangedAsync"/> as a check the unit sends with the others under the lock, one round trip
    /// (<see cref="WorkflowUnitOfWork.ChecksInOneRoundTrip"/>): the same rows, the bookmarks' ids and the instances' view
    /// columns, in the tenant given.
    /// </summary>
    private LockedCheck CorrelationUnchanged(string tenantId, string correlationId, HashSet<string> read)
    {
        var createdAt = db.Model.FindEntityType(typeof(WorkflowInstance))!.FindProperty(nameof(WorkflowInstance.CreatedAt))!.GetTypeMapping().Converter!;
        return new LockedCheck(CorrelationCheckSql, [tenantId, correlationId], async (reader, cancellationToken) =>
        {
            var bookmarks = new List<string>();
            var instances = new List<CorrelatedBookmarks.InstanceRow>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (!reader.GetBoolean(0))
                {
                    bookmarks.Add(reader.GetString(1));
                    continue;
                }

                var instance = new CorrelatedInstance(reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                    Enum.Parse<WorkflowStatus>(reader.GetString(4)), Enum.Parse<WorkflowSubStatus>(reader.GetString(5)));
                instances.Add(new(instance, (DateTimeOffset)createdAt.ConvertFromProvider(reader.GetValue(6))!));
            }

            return StillRead(tenantId, correlationId, read, bookmarks, instances);
        });
    }

    /// <summary>
    /// The statement of <see cref="CorrelationUnchanged"/>, as <see cref="HotPathQueries.Correlation"/> reads the same rows
    /// with the tenant filter's condition ($1 the tenant, $2 the correlation).
    /// </summary>
    private const string CorrelationCheckSql =
        "SELECT FALSE, b.\"Id\", NULL, NULL, NULL, NULL, NULL FROM \"Bookmarks\" AS b WHERE b.\"TenantId\" = $1 AND b.\"CorrelationId\" = $2 "
        + "UNION ALL SELECT TRUE, w.\"Id\", w.\"DefinitionId\", w.\"Version\", w.\"Status\", w.\"SubStatus\", w.\"CreatedAt\" "
        + "FROM \"WorkflowInstances\" AS w WHERE w.\"TenantId\" = $1 AND w.\"CorrelationId\" = $2";

    /// <summary>Whether the correlation's stored bookmarks are those the run read; if so the instances read with them are kept for the view.</summary>
    private bool StillRead(string? tenantId, string correlationId, HashSet<string> read, List<string> bookmarks, List<CorrelatedBookmarks.InstanceRow> instances)
    {
        if (bookmarks.Count != read.Count || !bookmarks.TrueForAll(read.Contains))
        {
            return false;
        }

        correlated.Stored(tenantId, correlationId, instances);
        return true;
    }

    /// <summary>A correlation's bookmarks and instances in the context's tenant, in one statement.</summary>
    private async Task<(List<Bookmark> Bookmarks, List<CorrelatedBookmarks.InstanceRow> Instances)> ReadCorrelationAsync(string correlationId, CancellationToken cancellationToken)
    {
        var bookmarks = new List<Bookmark>();
        var instances = new List<CorrelatedBookmarks.InstanceRow>();
        await foreach (var row in HotPathQueries.For(db).Correlation(db, correlationId).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (row.IsInstance)
            {
                instances.Add(row.ToInstance());
            }
            else
            {
                bookmarks.Add(row.ToBookmark());
            }
        }

        return (bookmarks, instances);
    }

    /// <summary>Writes the unit's staged saves (a claimed timer batch's) before a call reads or writes the store.</summary>
    private async Task WriteStagedAsync(CancellationToken cancellationToken)
    {
        if (unitOfWork.Staged.InstanceIds.Count == 0)
        {
            return;
        }

        try
        {
            await unitOfWork.WriteStagedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            correlated.Clear();
            throw;
        }
    }

    /// <summary>Refuses a call whose reads a deferred run's unwritten saves would make stale.</summary>
    private void RequireWritable(string call)
    {
        if (unitOfWork.IsDeferring)
        {
            throw new DeferredRunUnsupportedException(call);
        }
    }

    /// <summary>A record of an activity the run found in the loaded state is updated, any other inserted: no read per resume.</summary>
    private void AddActivityExecutions(ExecutionResult result)
    {
        foreach (var record in result.ActivityExecutions)
        {
            var entry = db.Entry(record);
            if (entry.State == EntityState.Detached)
            {
                entry.State = result.EarlierActivityExecutionIds.Contains(record.Id) ? EntityState.Modified : EntityState.Added;
            }
        }
    }

    /// <summary>As <see cref="AddActivityExecutions"/>, for the prepared row statements instead of EF.</summary>
    private static (List<ActivityExecutionRecord> Earlier, List<ActivityExecutionRecord> New) SplitActivityExecutions(ExecutionResult result)
    {
        var earlier = new List<ActivityExecutionRecord>();
        var added = new List<ActivityExecutionRecord>();
        foreach (var record in result.ActivityExecutions)
        {
            (result.EarlierActivityExecutionIds.Contains(record.Id) ? earlier : added).Add(record);
        }

        return (earlier, added);
    }

    /// <summary>
    /// The exact states, from the stored ids; the fallback when a record the run took for stored is not (its update, held
    /// to the record's instance, matched no row). A key stored for another instance (or tenant) is a conflict: its row is
    /// never written over, and nothing of the save stands.
    /// </summary>
    private async Task UpsertActivityExecutionsAsync(WorkflowInstance instance, ExecutionResult result, CancellationToken cancellationToken)
    {
        var ids = result.ActivityExecutions.Select(x => x.Id).ToList();
        var existing = await HotPathQueries.For(db).StoredActivityExecutions(db, ids)
            .ToDictionaryAsync(x => x.Id, x => x.WorkflowInstanceId, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var record in result.ActivityExecutions)
        {
            if (!existing.TryGetValue(record.Id, out var owner))
            {
                db.Entry(record).State = EntityState.Added;
            }
            else if (owner == record.WorkflowInstanceId)
            {
                db.Entry(record).State = EntityState.Modified;
            }
            else
            {
                throw new WorkflowConcurrencyException(instance.Id);
            }
        }
    }

    private string NewId() => Guid.CreateVersion7(time.GetUtcNow()).ToString("N");

    [LoggerMessage(Level = LogLevel.Information, Message = "Bookmark {BookmarkId} was consumed by another request before this trigger reached it.")]
    private static partial void LogAlreadyConsumed(ILogger logger, string bookmarkId);
}
