using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tests.Calendar;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>
/// A unit's last save on SQLite (<see cref="TicketStore.SaveOrFailUnitAsync"/>) writes its rows through the connection's own
/// statements, not EF's save: the rows must be what EF stores, a stale revision or a refused row must leave nothing of the
/// unit, and the context must see what was written.
/// </summary>
public sealed partial class SqliteTicketSaveTests : IAsyncLifetime
{
    private static readonly TenantRules Rules = new(PolicyCatalog.BuiltIn.Get("HSB"), WorkingDayCalendar.China);
    private static readonly string[] Tables = ["Tickets", "TicketCallers", "TicketEvents", "DeadlineClocks", "TicketAssignments", "TicketExtensions", "TicketReturns"];

    private readonly Database efSaved = new();
    private readonly Database direct = new();

    public async ValueTask InitializeAsync()
    {
        await efSaved.CreateAsync();
        await direct.CreateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await efSaved.DisposeAsync();
        await direct.DisposeAsync();
    }

    private static ActionContext As(HotlineRole role, string at, string key, Guid? unit = null) =>
        Rules.Act(new TicketActor(role.ToString(), role, unit), At(at), key);

    // The caller concealed: an empty name (not NULL), no address (NULL); Chinese text throughout.
    private static TicketIntake Intake() =>
        new("phone", new Caller("", "139-0000-0000", null, concealedIdentity: true), TicketCategory.Complaint, "小区门口夜间施工噪音扰民，影响休息", Location: null);

    /// <summary>Each step of the flow: a unit of work that changes one ticket (or registers it) and may add rows of its own.</summary>
    private static readonly (string Name, Action<HotlineDbContext, Ticket> Act)[] Flow =
    [
        ("dispatch, with a co-unit and a notice", (db, t) =>
        {
            t.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00", "dispatch"), new DispatchOrder(UnitA, [UnitB]));
            db.Add(Notice.Create("hsb", t.Number, new RenderedNotice("dispatched", "工单派发：" + t.Number, "请及时签收"),
                NoticeRecipient.Sms("13900000000", "张三"), "dispatch:" + t.Number, At("2025-09-26 15:00")));
        }),
        ("reassign", (_, t) => t.Reassign(As(HotlineRole.Dispatcher, "2025-09-26 15:10", "reassign"), new DispatchOrder(UnitB, [UnitA]), "改派至主管单位")),
        ("co-unit opinion", (_, t) => t.GiveCoUnitOpinion(As(HotlineRole.UnitHandler, "2025-09-26 15:20", "opinion", UnitA), "同意，已核实")),
        ("sign", (_, t) => t.Sign(As(HotlineRole.UnitHandler, "2025-09-26 15:30", "sign", UnitB))),
        ("extension", (_, t) => t.RequestExtension(As(HotlineRole.UnitHandler, "2025-09-29 09:00", "extension", UnitB), new ExtensionApplication(2, "需协调多个部门", CallerNotified: true))),
    ];

    [Fact]
    public async Task Each_unit_s_rows_are_stored_column_for_column_as_EF_s_save_stores_them_without_an_EF_statement()
    {
        // The same flow on two databases: one saved by EF, one by the unit's last save. Only the random ids may differ, and
        // they are compared by their place and format.
        var ct = TestContext.Current.CancellationToken;
        await RegisterAsync(efSaved, direct: false);
        var statements = await RegisterAsync(direct, direct: true);
        Assert.Equal(0, statements);
        Assert.Equal(await efSaved.DumpAsync(), await direct.DumpAsync());

        foreach (var (name, act) in Flow)
        {
            await ActAsync(efSaved, act, direct: false);
            statements = await ActAsync(direct, act, direct: true);
            Assert.True(statements == 0, $"{name}: EF ran {statements} statements in the save");
            Assert.Equal(await efSaved.DumpAsync(), await direct.DumpAsync());
        }

        // A reload reads the same aggregate from either, the history's database-generated ids included.
        await using var fromEf = efSaved.NewContext("hsb");
        await using var fromDirect = direct.NewContext("hsb");
        var expected = (await new TicketStore(fromEf).FindByNumberAsync("hsb", Number, ct))!;
        var ticket = (await new TicketStore(fromDirect).FindByNumberAsync("hsb", Number, ct))!;
        Assert.Equal(expected.Events.Select(e => (e.Id, e.Sequence, e.Action)), ticket.Events.Select(e => (e.Id, e.Sequence, e.Action)));
        Assert.Equal((Flow.Length + 1, TicketState.Handling), (ticket.Revision, ticket.State));
    }

    [Fact]
    public async Task After_the_save_the_unit_sees_what_was_written_and_saves_a_second_action_against_the_new_revision()
    {
        var ct = TestContext.Current.CancellationToken;
        await RegisterAsync(direct, direct: true);
        await using var db = direct.NewContext("hsb");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var store = new TicketStore(db);
        var ticket = (await store.FindByNumberAsync("hsb", Number, ct))!;
        Flow[0].Act(db, ticket);
        await store.SaveOrFailUnitAsync(ct);

        Assert.False(db.ChangeTracker.HasChanges(), "the save left changes unaccepted");
        Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
        var storedIds = await db.TicketEvents.AsNoTracking().Where(e => e.TicketId == ticket.Id).OrderBy(e => e.Sequence).Select(e => e.Id).ToListAsync(ct);
        Assert.Equal(storedIds, ticket.Events.Select(e => e.Id));
        Assert.Same(ticket.Events[^1], db.TicketEvents.Local.Single(e => e.Id == storedIds[^1]));
        Assert.Equal(1, await db.Tickets.CountAsync(t => t.Id == ticket.Id && t.Revision == ticket.Revision && t.State == TicketState.Dispatched, ct));

        Flow[1].Act(db, ticket);
        await store.SaveOrFailUnitAsync(ct);
        await transaction.CommitAsync(ct);

        await using var check = direct.NewContext("hsb");
        var reloaded = (await new TicketStore(check).FindByNumberAsync("hsb", Number, ct))!;
        Assert.Equal((3, 3, TicketAction.Reassigned), (reloaded.Revision, reloaded.Events.Count, reloaded.Events[^1].Action));
        Assert.Equal(UnitB, reloaded.Lead!.UnitId);
    }

    [Fact]
    public async Task A_stale_revision_is_a_conflict_and_the_unit_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await RegisterAsync(direct, direct: true);
        await using var late = direct.NewContext("hsb");
        var stale = (await new TicketStore(late).FindByNumberAsync("hsb", Number, ct))!;
        // Someone else's change that adds no event, so only the revision check can find it (an action's event would also
        // collide with the history's unique sequence).
        await direct.ExecuteAsync("UPDATE \"Tickets\" SET \"Revision\" = \"Revision\" + 1, \"Urgency\" = 'Urgent'");
        var before = await direct.DumpAsync();

        await using (var transaction = await late.Database.BeginTransactionAsync(ct))
        {
            late.Add(Notice.Create("hsb", Number, new RenderedNotice("late", "迟到", "不应保存"), NoticeRecipient.Sms("13900000001"), "late", At("2025-09-26 15:05")));
            Flow[0].Act(late, stale);
            var refused = await Assert.ThrowsAsync<TicketRuleViolation>(() => new TicketStore(late).SaveOrFailUnitAsync(ct));
            Assert.Equal(ErrorCodes.ConcurrencyConflict, refused.Code);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(before, await direct.DumpAsync());
    }

    [Fact]
    public async Task A_row_SQLite_refuses_fails_the_save_and_the_rolled_back_unit_leaves_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await RegisterAsync(direct, direct: true);
        await ActAsync(direct, Flow[0].Act, direct: true);
        await direct.ExecuteAsync("CREATE TRIGGER refuse_sign BEFORE INSERT ON TicketEvents WHEN NEW.Action = 'Signed' BEGIN SELECT RAISE(ABORT, 'refused'); END");
        var before = await direct.DumpAsync();

        await using (var db = direct.NewContext("hsb"))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var store = new TicketStore(db);
            // Earlier in the unit: another ticket registered and saved.
            await store.RegisterAsync(Hsb, As(HotlineRole.Dispatcher, "2025-09-26 15:25", "other"), Intake(), ct);
            await store.SaveOrFailUnitAsync(ct);
            var ticket = (await store.FindByNumberAsync("hsb", Number, ct))!;
            ticket.Sign(As(HotlineRole.UnitHandler, "2025-09-26 15:30", "sign", UnitA));
            // The refused row is the history's (written after the ticket's own row and its assignment): the store answers as
            // for any event another writer stored first.
            var refused = await Assert.ThrowsAsync<TicketRuleViolation>(() => store.SaveOrFailUnitAsync(ct));
            Assert.Equal(ErrorCodes.ConcurrencyConflict, refused.Code);
            await transaction.RollbackAsync(ct);
        }

        Assert.Equal(before, await direct.DumpAsync());
        await using var check = direct.NewContext("hsb");
        Assert.Equal(1, await check.Tickets.CountAsync(ct));
    }

    [Fact]
    public async Task Another_county_s_ticket_with_the_same_number_is_untouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var setup = direct.NewContext())
        {
            setup.Tenants.Add(new Tenant("hsb2", "另一县", "HSB"));
            await setup.SaveChangesAsync(ct);
        }

        await using (var db = direct.NewContext("hsb2"))
        {
            // Numbers are a county's own: the other county's ticket is given the same number.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Tickets.Add(Ticket.Register(As(HotlineRole.Dispatcher, "2025-09-26 14:00", "register"), "hsb2", Number, Intake()));
            await new TicketStore(db).SaveOrFailUnitAsync(ct);
            await transaction.CommitAsync(ct);
        }

        await RegisterAsync(direct, direct: true);
        var other = await direct.DumpAsync("hsb2");
        Assert.Contains(Number, other, StringComparison.Ordinal);

        foreach (var (_, act) in Flow)
        {
            await ActAsync(direct, act, direct: true);
        }

        Assert.Equal(other, await direct.DumpAsync("hsb2"));
        Assert.NotEqual(other, await direct.DumpAsync());
    }

    [Fact]
    public async Task A_change_the_statements_do_not_write_leaves_the_whole_save_to_EF()
    {
        // A unit's row with its leaders in its own table's columns (a table shared with owned types) is not theirs to write.
        var ct = TestContext.Current.CancellationToken;
        await RegisterAsync(direct, direct: true);
        var statements = await ActAsync(direct, (db, t) =>
        {
            Flow[0].Act(db, t);
            db.Add(new Unit(Guid.NewGuid(), "hsb", "城管局", UnitKind.Department, null));
        }, direct: true);

        Assert.True(statements > 0, "the save did not go to EF");
        await using var check = direct.NewContext("hsb");
        Assert.Equal((1, 2), (await check.Units.CountAsync(ct), await check.TicketEvents.CountAsync(ct)));
    }

    private const string Number = "HSB-20250926-0001";
    private static readonly Tenant Hsb = new("hsb", "红寺堡区分中心", "HSB");

    /// <summary>Registers the flow's ticket in one unit; returns the EF statements its save ran.</summary>
    private static async Task<int> RegisterAsync(Database database, bool direct)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext("hsb");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var store = new TicketStore(db);
        await store.RegisterAsync(Hsb, As(HotlineRole.Dispatcher, "2025-09-26 14:00", "register"), Intake(), ct);
        var statements = await SaveAsync(database, store, direct);
        await transaction.CommitAsync(ct);
        return statements;
    }

    /// <summary>One unit of work on the flow's ticket; returns the EF statements its save ran.</summary>
    private static async Task<int> ActAsync(Database database, Action<HotlineDbContext, Ticket> act, bool direct)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = database.NewContext("hsb");
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var store = new TicketStore(db);
        act(db, (await store.FindByNumberAsync("hsb", Number, ct))!);
        var statements = await SaveAsync(database, store, direct);
        await transaction.CommitAsync(ct);
        return statements;
    }

    private static async Task<int> SaveAsync(Database database, TicketStore store, bool direct)
    {
        var before = database.Statements.Count;
        await (direct ? store.SaveOrFailUnitAsync(TestContext.Current.CancellationToken) : store.SaveAsync(TestContext.Current.CancellationToken));
        return database.Statements.Count - before;
    }

    /// <summary>An in-memory database of the product's schema with a tenant hsb; counts EF's statements.</summary>
    private sealed partial class Database : IAsyncDisposable
    {
        private readonly SqliteConnection connection = new("Data Source=:memory:");

        public StatementCount Statements { get; } = new();

        public async Task CreateAsync()
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var db = NewContext();
            await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
            db.Tenants.Add(Hsb);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        public HotlineDbContext NewContext(string? tenant = null) =>
            new HotlineDbContext(new DbContextOptionsBuilder<HotlineDbContext>().UseSqlite(connection).AddInterceptors(Statements).Options).InTenant(tenant);

        public async Task ExecuteAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        /// <summary>
        /// Every stored row of the tenant's tickets, their callers, history, clocks, assignments and requests, and its
        /// notices, column by column as SQLite holds them (storage class and value), in a stable order; a random id (a
        /// GUID, a notice's hex id) is shown as its place among the ids and its format.
        /// </summary>
        public async Task<string> DumpAsync(string tenant = "hsb")
        {
            var ids = new Dictionary<string, int>(StringComparer.Ordinal);
            var lines = new List<string>();
            var tickets = "SELECT \"Id\" FROM \"Tickets\" WHERE \"TenantId\" = $tenant";
            foreach (var table in Tables)
            {
                var where = table == "Tickets" ? "\"TenantId\" = $tenant" : $"\"TicketId\" IN ({tickets})";
                lines.AddRange(await RowsAsync(table, where, tenant));
            }

            lines.AddRange(await RowsAsync("Notices", "\"TenantId\" = $tenant", tenant));
            return string.Join("\n", lines.Select(line => RandomId().Replace(line, m => Placeholder(m.Value, ids))));
        }

        public ValueTask DisposeAsync() => connection.DisposeAsync();

        private async Task<List<string>> RowsAsync(string table, string where, string tenant)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" WHERE {where}";
            command.Parameters.AddWithValue("$tenant", tenant);
            var rows = new List<string>();
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                rows.Add(table + ": " + string.Join("; ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.GetName(i) + "=" + Cell(reader, i))));
            }

            // Ordered without the random ids, which differ between databases.
            return [.. rows.OrderBy(r => RandomId().Replace(r, "?"), StringComparer.Ordinal)];
        }

        private static string Cell(DbDataReader reader, int i) => reader.IsDBNull(i) ? "NULL" : reader.GetValue(i) switch
        {
            long l => "integer " + l.ToString(CultureInfo.InvariantCulture),
            double d => "real " + d.ToString("R", CultureInfo.InvariantCulture),
            string s => "text '" + s + "'",
            byte[] b => "blob " + Convert.ToHexString(b),
            var other => other.GetType().Name + " " + other,
        };

        private static string Placeholder(string id, Dictionary<string, int> ids)
        {
            if (string.Equals(id, UnitA.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(id, UnitB.ToString(), StringComparison.OrdinalIgnoreCase))
            {
                return id;
            }

            if (!ids.TryGetValue(id, out var place))
            {
                ids[id] = place = ids.Count;
            }

            var format = id.Length == 36 ? "guid" : "hex";
            return $"<{format}#{place} {(id.Any(char.IsAsciiLetterLower) ? "lower" : "upper")}>";
        }

        [GeneratedRegex("[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|\\b[0-9a-f]{32}\\b")]
        private static partial Regex RandomId();
    }

    /// <summary>EF Core's statements on a context's connection, counted.</summary>
    private sealed class StatementCount : DbCommandInterceptor
    {
        private int count;

        public int Count => count;

        public override DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result)
        {
            Interlocked.Increment(ref count);
            return result;
        }
    }
}
