using System.Runtime.CompilerServices;
using Hotline.Workflows.Bookmarks;
using Hotline.Workflows.Instances;
using Hotline.Workflows.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Hotline.Workflows.Runtime;

/// <summary>
/// The queries every resume runs, compiled: the benchmark showed translating (and cache-keying) the LINQ trees
/// costing about as much as executing them. A compiled query serves one model only, and each provider (and each
/// differently configured context) has its own, so there is one set per model.
/// </summary>
internal sealed class HotPathQueries
{
    private static readonly ConditionalWeakTable<IModel, HotPathQueries> PerModel = [];

    /// <summary>Every bookmark of the instance that owns <c>bookmarkId</c> (tracked: the run may remove them).</summary>
    public Func<WorkflowDbContext, string, IAsyncEnumerable<Bookmark>> BookmarksOfOwner { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string bookmarkId) =>
            db.Bookmarks.Where(x => x.WorkflowInstanceId == db.Bookmarks.Where(b => b.Id == bookmarkId).Select(b => b.WorkflowInstanceId).FirstOrDefault()));

    /// <summary>The instance (tracked) and the content hash of its pinned version.</summary>
    public Func<WorkflowDbContext, string, CancellationToken, Task<InstanceRow?>> InstanceWithHash { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string instanceId, CancellationToken _) =>
            db.Instances
                .Where(x => x.Id == instanceId)
                .Select(x => new InstanceRow(x, db.Definitions.Where(d => d.Id == x.DefinitionVersionId).Select(d => d.ContentHash).FirstOrDefault()))
                .FirstOrDefault());

    /// <summary>Which of these activity execution ids are already stored, each with the instance that holds it (any tenant's).</summary>
    public Func<WorkflowDbContext, List<string>, IAsyncEnumerable<StoredRecord>> StoredActivityExecutions { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, List<string> ids) =>
            db.ActivityExecutions.AsNoTracking().Where(x => ids.Contains(x.Id)).Select(x => new StoredRecord(x.Id, x.WorkflowInstanceId)));

    /// <summary>Every bookmark of a correlation, not tracked: what a run before the lock matches events against.</summary>
    public Func<WorkflowDbContext, string, IAsyncEnumerable<Bookmark>> CorrelatedBookmarks { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string correlationId) =>
            db.Bookmarks.AsNoTracking().Where(x => x.CorrelationId == correlationId));

    /// <summary>
    /// Every bookmark of a correlation (a ticket's) and every instance of it, ended ones included, in one statement, not
    /// tracked, read under the lock: what a unit of work matches events against, what a run before the lock must find
    /// unchanged, and what the action's view lists (<see cref="Runtime.CorrelatedBookmarks"/>). Each half fills the other's columns with
    /// placeholders of the same store type.
    /// </summary>
    public Func<WorkflowDbContext, string, IAsyncEnumerable<CorrelationRow>> Correlation { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string correlationId) =>
            db.Bookmarks.AsNoTracking().Where(x => x.CorrelationId == correlationId)
                .Select(x => new CorrelationRow
                {
                    IsInstance = false, Id = x.Id, WorkflowInstanceId = x.WorkflowInstanceId, Name = x.Name, Hash = x.Hash, PayloadJson = x.PayloadJson,
                    ActivityNodeId = x.ActivityNodeId, ActivityInstanceId = x.ActivityInstanceId, CorrelationId = x.CorrelationId, TenantId = x.TenantId,
                    DueAt = x.DueAt, CreatedAt = x.CreatedAt, DefinitionId = "", Version = 0, Status = "", SubStatus = "",
                })
                .Concat(db.Instances.AsNoTracking().Where(x => x.CorrelationId == correlationId)
                    // DueAt only fills the bookmarks' column with one of the same store type; an instance row never reads it.
                    .Select(x => new CorrelationRow
                    {
                        IsInstance = true, Id = x.Id, WorkflowInstanceId = x.Id, Name = "", Hash = "", PayloadJson = "",
                        ActivityNodeId = "", ActivityInstanceId = "", CorrelationId = x.CorrelationId, TenantId = x.TenantId,
                        DueAt = x.FinishedAt, CreatedAt = x.CreatedAt, DefinitionId = x.DefinitionId, Version = x.Version,
                        Status = x.Status.ToString(), SubStatus = x.SubStatus.ToString(),
                    })));

    /// <summary>The instances of a correlation, oldest first (a ticket's view).</summary>
    public Func<WorkflowDbContext, string, IAsyncEnumerable<CorrelatedInstance>> CorrelatedInstances { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db, string correlationId) =>
            db.Instances.AsNoTracking()
                .Where(x => x.CorrelationId == correlationId)
                .OrderBy(x => x.CreatedAt).ThenBy(x => x.Id)
                .Select(x => new CorrelatedInstance(x.Id, x.DefinitionId, x.Version, x.Status, x.SubStatus)));

    /// <summary>The published versions and their content hashes, by definition (every action's trigger index).</summary>
    public Func<WorkflowDbContext, IAsyncEnumerable<PublishedVersion>> PublishedVersions { get; } =
        EF.CompileAsyncQuery((WorkflowDbContext db) =>
            db.Definitions.AsNoTracking()
                .Where(d => d.IsPublished)
                .OrderBy(d => d.DefinitionId)
                .Select(d => new PublishedVersion(d.Id, d.ContentHash)));

    public static HotPathQueries For(WorkflowDbContext db) => PerModel.GetValue(db.Model, _ => new HotPathQueries());

    public sealed record InstanceRow(WorkflowInstance Instance, string? Hash);

    public sealed record PublishedVersion(string Id, string ContentHash);

    public sealed record StoredRecord(string Id, string WorkflowInstanceId);

    /// <summary>
    /// A bookmark of the correlation (<see cref="IsInstance"/> false) or one of its instances. Set by member, not by a
    /// constructor: EF translates that on both sides of a UNION ALL.
    /// </summary>
    public sealed class CorrelationRow
    {
        public bool IsInstance { get; init; }
        public string Id { get; init; } = "";
        public string WorkflowInstanceId { get; init; } = "";
        public string Name { get; init; } = "";
        public string Hash { get; init; } = "";
        public string? PayloadJson { get; init; }
        public string ActivityNodeId { get; init; } = "";
        public string ActivityInstanceId { get; init; } = "";
        public string? CorrelationId { get; init; }
        public string? TenantId { get; init; }
        public DateTimeOffset? DueAt { get; init; }
        public DateTimeOffset CreatedAt { get; init; }
        public string DefinitionId { get; init; } = "";
        public int Version { get; init; }

        // As stored (the enums' names): an enum constant in the bookmarks' half would be sent as a number.
        public string Status { get; init; } = "";
        public string SubStatus { get; init; } = "";

        public Bookmark ToBookmark() => new()
        {
            Id = Id, WorkflowInstanceId = WorkflowInstanceId, Name = Name, Hash = Hash, PayloadJson = PayloadJson, ActivityNodeId = ActivityNodeId,
            ActivityInstanceId = ActivityInstanceId, CorrelationId = CorrelationId, TenantId = TenantId, DueAt = DueAt, CreatedAt = CreatedAt,
        };

        public CorrelatedBookmarks.InstanceRow ToInstance() =>
            new(new(Id, DefinitionId, Version, Enum.Parse<WorkflowStatus>(Status), Enum.Parse<WorkflowSubStatus>(SubStatus)), CreatedAt);
    }
}
