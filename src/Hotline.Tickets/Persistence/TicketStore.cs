using System.Data.Common;
using System.Globalization;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Hotline.Tickets.Persistence;

/// <summary>
/// Loads and saves whole <see cref="Ticket"/> aggregates. A save with a stale <see cref="Ticket.Revision"/>, or a
/// second write of an idempotency key, is a <see cref="ErrorCodes.ConcurrencyConflict"/>; nothing is written.
/// </summary>
public sealed class TicketStore(HotlineDbContext db, TenantRulesCache? rulesCache = null, UnitNameCache? unitNames = null)
{
    // By the connection's type: IsNpgsql() parses the provider assembly's name on every call.
    private bool OnNpgsql => db.Database.GetDbConnection() is NpgsqlConnection;

    public async Task<Ticket?> FindAsync(string tenantId, Guid ticketId, CancellationToken cancellationToken) =>
        await LoadRestAsync(await TicketQueries.For(db).ById(db, tenantId, ticketId, cancellationToken), cancellationToken);

    public async Task<Ticket?> FindByNumberAsync(string tenantId, string number, CancellationToken cancellationToken) =>
        await LoadRestAsync(await TicketQueries.For(db).ByNumber(db, tenantId, number, cancellationToken), cancellationToken);

    /// <summary>The tenant, not tracked: an action never changes it, and a save need not look at it. Null: not configured.</summary>
    public Task<Tenant?> TenantAsync(string tenantId, CancellationToken cancellationToken) =>
        TicketQueries.For(db).Tenant(db, tenantId, cancellationToken);

    /// <summary>
    /// The names of the tenant's units among <paramref name="unitIds"/>, by id (an unknown id is left out), for the tenant
    /// row as this request read it: with a <see cref="UnitNameCache"/> only the names not kept under its stamp are read.
    /// </summary>
    public async Task<Dictionary<Guid, string>> UnitNamesAsync(Tenant tenant, Guid[] unitIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var names = new Dictionary<Guid, string>(unitIds.Length);
        var missing = unitNames?.Find(tenant, unitIds, names) ?? unitIds;
        if (missing.Length == 0)
        {
            return names;
        }

        var read = new Dictionary<Guid, string>(missing.Length);
        await foreach (var unit in TicketQueries.For(db).UnitNames(db, tenant.Id, missing).WithCancellation(cancellationToken))
        {
            read[unit.Id] = unit.Name;
            names[unit.Id] = unit.Name;
        }

        unitNames?.Remember(tenant, read);
        return names;
    }

    /// <summary>
    /// The ticket an action or a timer is about to change. On PostgreSQL its row is locked for the rest of the
    /// transaction first, so two nodes acting on one ticket take turns: the second reads what the first committed,
    /// and its revision check or the step it expects says what happened instead of a lost race surfacing later as a
    /// workflow that no longer waits. SQLite has one writer at a time already. Numbers are a tenant's own: a workflow
    /// step names the tenant of its instance.
    /// </summary>
    public async Task<Ticket?> FindForUpdateAsync(string tenantId, string number, CancellationToken cancellationToken)
    {
        if (OnNpgsql && db.Database.CurrentTransaction is not null)
        {
            // The table name comes from the model; tenant and number are parameters.
            var lockRow = "SELECT 1 FROM \"" + db.Model.FindEntityType(typeof(Ticket))!.GetTableName() + "\" WHERE \"Number\" = {0} AND \"TenantId\" = {1} FOR UPDATE";
            await db.Database.ExecuteSqlRawAsync(lockRow, [number, tenantId], cancellationToken);
        }

        return await FindByNumberAsync(tenantId, number, cancellationToken);
    }

    /// <summary>
    /// The ticket's revision as stored now, inside the caller's transaction: whether what an action read and decided before
    /// the transaction still holds. On PostgreSQL the row is locked for the rest of the transaction (as
    /// <see cref="FindForUpdateAsync"/> does); SQLite's transaction holds its one write lock already. Null: no such ticket.
    /// </summary>
    public async Task<int?> LockRevisionAsync(string tenantId, string number, CancellationToken cancellationToken)
    {
        var revisions = await db.Database.SqlQueryRaw<int>(TicketQueries.For(db).LockRevisionSql, number, tenantId).ToListAsync(cancellationToken);
        return revisions.Count == 0 ? null : revisions[0];
    }

    /// <summary>
    /// The statement <see cref="LockRevisionAsync"/> runs, with its values as positional parameters, for a caller that sends
    /// it with other reads in one round trip (PostgreSQL). Its one row, if any, holds the revision (an <c>int</c>).
    /// </summary>
    public (string Sql, IReadOnlyList<object> Parameters) LockRevisionStatement(string tenantId, string number) =>
        (TicketQueries.For(db).LockRevisionPositionalSql, [number, tenantId]);

    /// <summary>The tenant's rules: its policy profile with overrides and its working-day calendar.</summary>
    public async Task<TenantRules> RulesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.SingleOrDefaultAsync(t => t.Id == tenantId, cancellationToken)
            ?? throw new InvalidOperationException($"Tenant '{tenantId}' is not configured.");
        return await RulesAsync(tenant, cancellationToken);
    }

    /// <summary>
    /// The rules of a tenant already loaded: its policy and its calendar with the tenant's own days. With a
    /// <see cref="TenantRulesCache"/> the days are read only when the tenant's rules stamp moved.
    /// </summary>
    public async Task<TenantRules> RulesAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (rulesCache?.Find(tenant) is { } cached)
        {
            return cached;
        }

        var days = await db.Set<TenantCalendarDay>().AsNoTracking().Where(d => d.TenantId == tenant.Id).ToListAsync(cancellationToken);
        return rulesCache is null ? tenant.Rules(days) : rulesCache.Remember(tenant, days);
    }

    /// <summary>
    /// Registers a ticket with the tenant's next number. A repeated idempotency key returns the ticket it created.
    /// </summary>
    public async Task<Ticket> RegisterAsync(Tenant tenant, ActionContext context, TicketIntake intake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        ArgumentNullException.ThrowIfNull(context);
        var existing = await db.TicketEvents
            .Where(e => e.IdempotencyKey == context.IdempotencyKey && e.Action == TicketAction.Registered)
            .Join(db.Tickets.Where(t => t.TenantId == tenant.Id), e => e.TicketId, t => t.Id, (e, t) => t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (existing != Guid.Empty)
        {
            return (await FindAsync(tenant.Id, existing, cancellationToken))!;
        }

        Ticket? earlier = null;
        if (intake.RepeatOf is { } repeatOf)
        {
            earlier = await FindByNumberAsync(tenant.Id, repeatOf, cancellationToken)
                ?? throw new TicketRuleViolation(ErrorCodes.NotFound, $"Ticket {repeatOf} does not exist in this tenant.");
        }

        var ticket = Ticket.Register(context, tenant.Id, "", intake, earlier); // checks before a number is spent
        ticket.AssignNumber(await NextNumberAsync(tenant, context.Now, cancellationToken));
        db.Tickets.Add(ticket);
        return ticket;
    }

    /// <summary>
    /// <c>HSB-20260105-0001</c>: prefix, local date (Asia/Shanghai), four-digit sequence per day, counted by the
    /// database in one upsert. On PostgreSQL the upsert commits at once on a connection of its own, so the day's row is
    /// locked for a moment rather than for the whole registration and registrations on several nodes do not queue
    /// behind each other; a registration that fails after taking its number leaves a gap (its checks run before). On
    /// SQLite, whose one writer is this transaction, it is part of the registration's own transaction.
    /// </summary>
    public async Task<string> NextNumberAsync(Tenant tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, ShanghaiTime.Zone).DateTime);
        var shared = db.Database.GetDbConnection();
        // A clone keeps the credentials, which an open connection's ConnectionString may no longer show.
        var own = shared is NpgsqlConnection ? (DbConnection)((ICloneable)shared).Clone() : null;
        try
        {
            var connection = own ?? shared;
            if (connection.State != System.Data.ConnectionState.Open)
            {
                await connection.OpenAsync(cancellationToken);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = TakeNumber;
            command.Transaction = own is null ? db.Database.CurrentTransaction?.GetDbTransaction() : null;
            AddParameter(command, "@tenant", tenant.Id);
            AddParameter(command, "@day", day);
            var taken = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            return string.Create(CultureInfo.InvariantCulture, $"{tenant.NumberPrefix}-{day:yyyyMMdd}-{taken:0000}");
        }
        finally
        {
            if (own is not null)
            {
                await own.DisposeAsync();
            }
        }
    }

    private const string TakeNumber = """
        INSERT INTO "TicketNumberSequences" ("TenantId", "Day", "Last") VALUES (@tenant, @day, 1)
        ON CONFLICT ("TenantId", "Day") DO UPDATE SET "Last" = "TicketNumberSequences"."Last" + 1
        RETURNING "Last"
        """;

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// A unit's overdue tickets in a calendar year (Asia/Shanghai), one per ticket: handling or redo clocks that
    /// went overdue, and late returns counted as overdue (QU-RT-2). Feeds <c>InterviewLevels.For</c> (QU-INT-1).
    /// </summary>
    public async Task<int> OverdueTicketCountAsync(string tenantId, Guid unitId, int year, Guid? excludingTicketId, CancellationToken cancellationToken)
    {
        var from = new DateTimeOffset(year, 1, 1, 0, 0, 0, ShanghaiTime.Zone.BaseUtcOffset);
        var to = from.AddYears(1);
        var overdueClocks = db.DeadlineClocks
            .Where(c => c.UnitId == unitId && c.Overdue && (c.Kind == DeadlineKind.Handle || c.Kind == DeadlineKind.Redo) && c.DueAt >= from && c.DueAt < to)
            .Select(c => EF.Property<Guid>(c, "TicketId"));
        var lateReturns = db.Set<ReturnRequest>()
            .Where(r => r.UnitId == unitId && r.Late && r.RequestedAt >= from && r.RequestedAt < to)
            .Select(r => EF.Property<Guid>(r, "TicketId"));
        var tenantTickets = db.Tickets.Where(t => t.TenantId == tenantId && t.Id != excludingTicketId).Select(t => t.Id);
        return await overdueClocks.Union(lateReturns).Where(id => tenantTickets.Contains(id)).CountAsync(cancellationToken);
    }

    /// <summary>
    /// <see cref="SaveAsync(CancellationToken)"/> for a save whose failure ends the unit of work (rolled back whole, nothing retried in it):
    /// without the savepoint EF puts around a save in an open transaction, two statements (round trips on PostgreSQL)
    /// that would protect nothing. On SQLite the rows go through the connection's own statements, not EF's save
    /// (<see cref="SqliteTicketSave"/>): that save runs under the database's one write lock.
    /// </summary>
    public async Task SaveOrFailUnitAsync(CancellationToken cancellationToken)
    {
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            await SaveAsync(unitEnds: true, cancellationToken);
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = true;
        }
    }

    public Task SaveAsync(CancellationToken cancellationToken) => SaveAsync(unitEnds: false, cancellationToken);

    private async Task SaveAsync(bool unitEnds, CancellationToken cancellationToken)
    {
        try
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!unitEnds || !db.TrySaveOnSqlite())
            {
                await db.SaveChangesAsync(cancellationToken);
            }
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw new TicketRuleViolation(ErrorCodes.ConcurrencyConflict, "The ticket was changed by someone else; reload it and try again.");
        }
        catch (DbUpdateException ex) when (ex.Entries.Any(e => e.Entity is TicketEvent || e.Entity is Ticket && e.State == EntityState.Added))
        {
            // Another writer stored the same idempotency key or event sequence first.
            db.ChangeTracker.Clear();
            throw new TicketRuleViolation(ErrorCodes.ConcurrencyConflict, "Another action on this ticket was stored first; reload it and try again.");
        }
    }

    /// <summary>
    /// The whole aggregate, tracked, in 1–5 statements (usually 2–3) where six split queries read every collection: the
    /// ticket's row comes with its history (one row per event; an action needs it for the replay check, its rules and
    /// the view's timeline) and says which of its other collections have rows (<see cref="TicketQueries"/>), and only
    /// those are read here, one statement each, fixed up onto the ticket by the change tracker. Most tickets never had a
    /// return or extension request, and a ticket not yet dispatched has no assignment.
    /// </summary>
    private async Task<Ticket?> LoadRestAsync(TicketQueries.LoadedTicket? found, CancellationToken cancellationToken)
    {
        if (found is null)
        {
            return null;
        }

        var queries = TicketQueries.For(db);
        var id = found.Ticket.Id;
        if (found.HasClocks)
        {
            await LoadAsync(queries.Clocks(db, id), cancellationToken);
        }

        if (found.HasAssignments)
        {
            await LoadAsync(queries.Assignments(db, id), cancellationToken);
        }

        if (found.HasReturns)
        {
            await LoadAsync(queries.Returns(db, id), cancellationToken);
        }

        if (found.HasExtensions)
        {
            await LoadAsync(queries.Extensions(db, id), cancellationToken);
        }

        return found.Ticket;
    }

    // Reading the rows is the point: tracking them fixes them up onto the ticket.
    private static async Task LoadAsync<T>(IAsyncEnumerable<T> rows, CancellationToken cancellationToken)
    {
        await foreach (var _ in rows.WithCancellation(cancellationToken))
        {
        }
    }
}
