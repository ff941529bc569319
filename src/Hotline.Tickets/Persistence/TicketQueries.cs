using System.Globalization;
using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// The queries every ticket action runs, compiled: as LINQ each was built, walked by EF's funcletizer and looked up in
/// its query cache on every call (about a tenth of the action's EF work). A compiled query serves one model, and each
/// provider has its own, so there is one set per model. The tenant query filter is part of each, as in the LINQ form.
/// </summary>
internal sealed class TicketQueries
{
    private static readonly ConditionalWeakTable<IModel, TicketQueries> PerModel = [];

    private TicketQueries(HotlineDbContext db)
    {
        var table = db.Model.FindEntityType(typeof(Ticket))!.GetTableName();
        // On PostgreSQL the row stays locked to the commit; SQLite's transaction holds its one write lock already.
        LockRevisionSql = "SELECT \"Revision\" AS \"Value\" FROM \"" + table + "\" WHERE \"Number\" = {0} AND \"TenantId\" = {1}"
            + (db.Database.IsNpgsql() ? " FOR UPDATE" : "");
        LockRevisionPositionalSql = string.Format(CultureInfo.InvariantCulture, LockRevisionSql, "$1", "$2");
    }

    public static TicketQueries For(HotlineDbContext db) => PerModel.GetValue(db.Model, _ => new TicketQueries(db));

    /// <summary>A ticket's revision by number and tenant (parameters {0}, {1}), built once per model.</summary>
    public string LockRevisionSql { get; }

    /// <summary><see cref="LockRevisionSql"/> with positional parameters ($1 the number, $2 the tenant), for a batch of statements.</summary>
    public string LockRevisionPositionalSql { get; }

    /// <summary>The tenant, not tracked (an action never changes it).</summary>
    public Func<HotlineDbContext, string, CancellationToken, Task<Tenant?>> Tenant { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, string tenantId, CancellationToken _) =>
            db.Tenants.AsNoTracking().SingleOrDefault(t => t.Id == tenantId));

    /// <summary>The ticket by number, tracked, with its history and which of its other collections have rows.</summary>
    public Func<HotlineDbContext, string, string, CancellationToken, Task<LoadedTicket?>> ByNumber { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, string tenantId, string number, CancellationToken _) =>
            db.Tickets.Where(t => t.TenantId == tenantId && t.Number == number).Select(Loaded).AsSingleQuery().FirstOrDefault());

    /// <summary>As <see cref="ByNumber"/>, by id.</summary>
    public Func<HotlineDbContext, string, Guid, CancellationToken, Task<LoadedTicket?>> ById { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, string tenantId, Guid id, CancellationToken _) =>
            db.Tickets.Where(t => t.TenantId == tenantId && t.Id == id).Select(Loaded).AsSingleQuery().FirstOrDefault());

    // Inlined into both queries by EF when they are compiled.
    private static readonly Expression<Func<Ticket, LoadedTicket>> Loaded = t => new LoadedTicket(
        t,
        // Fixed up onto the ticket in the order the rows arrive, i.e. by sequence.
        t.Events.OrderBy(e => e.Sequence).ToList(),
        t.Clocks.Any(),
        t.Assignments.Any(),
        t.Returns.Any(),
        t.Extensions.Any());

    // A ticket's other collections, tracked: the change tracker fixes them up onto the ticket loaded above.
    public Func<HotlineDbContext, Guid, IAsyncEnumerable<DeadlineClock>> Clocks { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid ticketId) => db.DeadlineClocks.Where(c => EF.Property<Guid>(c, "TicketId") == ticketId));

    public Func<HotlineDbContext, Guid, IAsyncEnumerable<UnitAssignment>> Assignments { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid ticketId) => db.Set<UnitAssignment>().Where(a => EF.Property<Guid>(a, "TicketId") == ticketId));

    public Func<HotlineDbContext, Guid, IAsyncEnumerable<ReturnRequest>> Returns { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid ticketId) => db.Set<ReturnRequest>().Where(r => EF.Property<Guid>(r, "TicketId") == ticketId));

    public Func<HotlineDbContext, Guid, IAsyncEnumerable<ExtensionRequest>> Extensions { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, Guid ticketId) => db.Set<ExtensionRequest>().Where(x => EF.Property<Guid>(x, "TicketId") == ticketId));

    /// <summary>The names of these units of the tenant (a ticket's view), not tracked.</summary>
    public Func<HotlineDbContext, string, Guid[], IAsyncEnumerable<UnitName>> UnitNames { get; } =
        EF.CompileAsyncQuery((HotlineDbContext db, string tenantId, Guid[] unitIds) =>
            db.Units.AsNoTracking().Where(u => u.TenantId == tenantId && unitIds.Contains(u.Id)).Select(u => new UnitName(u.Id, u.Name)));

    public sealed record LoadedTicket(Ticket Ticket, List<TicketEvent> Events, bool HasClocks, bool HasAssignments, bool HasReturns, bool HasExtensions);

    public sealed record UnitName(Guid Id, string Name);
}
