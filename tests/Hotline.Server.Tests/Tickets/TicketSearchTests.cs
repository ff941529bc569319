using Hotline.Application.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using TicketQueue = Hotline.Application.Tickets.TicketQueue;

namespace Hotline.Server.Tests.Tickets;

/// <summary>
/// What a list user relies on once the search runs over many tickets (issue 7, docs/perf.md): a count that stops at
/// <see cref="TicketSearch.CountLimit"/> and says so, a whole number found by number, stable pages, and the clock and
/// unit conditions answering as before now that they start from clocks and assignments.
/// </summary>
public sealed class TicketSearchTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private static readonly Guid UnitA = Guid.NewGuid();
    private static readonly Guid UnitB = Guid.NewGuid();
    private readonly SqliteConnection connection = new("Data Source=:memory:");
    private readonly Dictionary<string, string> ids = [];
    private SqliteHotlineDbContext db = null!;

    public async ValueTask InitializeAsync()
    {
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        // A row limit without an order gives arbitrary rows and a warning in the server's log: here it fails the test.
        db = new SqliteHotlineDbContext(new DbContextOptionsBuilder<SqliteHotlineDbContext>()
            .UseSqlite(connection, o => o.MigrationsHistoryTable(HotlineMigrations.HistoryTable))
            .ConfigureWarnings(w => w.Throw(CoreEventId.RowLimitingOperationWithoutOrderByWarning)).Options);
        await db.Database.MigrateAsync(TestContext.Current.CancellationToken);
        Sql("INSERT INTO Tenants (Id, Name, ProfileCode) VALUES ('hsb', 'hsb', 'hsb'), ('qu', 'qu', 'qu')");
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task Counting_stops_at_the_limit_and_says_so_while_a_narrower_count_is_exact()
    {
        // 10,001 archived tickets, one a minute back from now, and three handled ones.
        Sql(GeneratedTickets.OverTheCountLimit("hsb", "Archived", Now.UtcTicks));
        for (var i = 0; i < 3; i++)
        {
            Ticket($"HSB-20261123-{i:0000}", "Handling", Now.AddMinutes(-i));
        }

        var all = await Search(Dispatcher(), new TicketFilter());
        var handling = await Search(Dispatcher(), new TicketFilter(State: TicketState.Handling));

        Assert.Equal((TicketSearch.CountLimit, true), (all.TotalCount, all.TotalCapped));
        Assert.Equal(20, all.Items.Count);
        Assert.Equal("HSB-20261123-0000", all.Items[0].Number);
        Assert.Equal((3, false), (handling.TotalCount, handling.TotalCapped));
    }

    [Fact]
    public async Task A_phrase_in_more_tickets_than_the_count_limit_pages_in_each_order_and_narrower_searches_count_exactly()
    {
        // 10,001 archived noise complaints from a day back, so the phrase is common and each ticket is tested one by one.
        Sql(GeneratedTickets.OverTheCountLimit("hsb", "Archived", Now.AddDays(-1).UtcTicks, content: "楼下噪音扰民的投诉"));
        var newest = Ticket("HSB-20261123-0001", "Handling", Now.AddMinutes(-1), UnitA);
        Ticket("HSB-20261123-0002", "Handling", Now.AddMinutes(-2), content: "路灯不亮");
        var second = Ticket("HSB-20261123-0003", "Handling", Now.AddMinutes(-3));
        Ticket("QU-20261123-0001", "Handling", Now, tenant: "qu");

        var all = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民"));
        var oldest = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民", Sort: TicketSort.RegisteredAscending, PageSize: 1));
        var byNumber = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民", Sort: TicketSort.NumberDescending, PageSize: 2));
        var handling = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民", State: TicketState.Handling));
        var queue = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民"), TicketQueue.Find("in-progress"));
        var unit = await Search(UnitUser(UnitA), new TicketFilter(Text: "噪音扰民"));
        var unitFilter = await Search(Dispatcher(), new TicketFilter(Text: "噪音扰民", Unit: UnitA));
        // Counted and paged from one fetch of the sorted ids (TicketSearch): a page past the matches is empty, the count kept.
        var unitPastEnd = await Search(UnitUser(UnitA), new TicketFilter(Text: "噪音扰民", Page: 2, PageSize: 1));

        Assert.Equal((TicketSearch.CountLimit, true), (all.TotalCount, all.TotalCapped));
        Assert.Equal(new[] { newest, second }, all.Items.Take(2).Select(i => i.Number));
        Assert.Equal(20, all.Items.Count);
        Assert.Equal(new[] { "HSB-20250101-10001" }, oldest.Items.Select(i => i.Number));
        Assert.Equal(new[] { second, newest }, byNumber.Items.Select(i => i.Number));
        Assert.Equal((2, false), (handling.TotalCount, handling.TotalCapped));
        Assert.Equal(new[] { newest, second }, handling.Items.Select(i => i.Number));
        Assert.Equal((2, false), (queue.TotalCount, queue.TotalCapped));
        Assert.Equal(1, unit.TotalCount);
        Assert.Equal(new[] { newest }, unit.Items.Select(i => i.Number));
        Assert.Equal((1, false), (unitFilter.TotalCount, unitFilter.TotalCapped));
        Assert.Equal(new[] { newest }, unitFilter.Items.Select(i => i.Number));
        Assert.Equal((1, false), (unitPastEnd.TotalCount, unitPastEnd.TotalCapped));
        Assert.Empty(unitPastEnd.Items);
    }

    [Fact]
    public async Task A_phrase_common_in_other_tenants_counts_exactly_in_a_tenant_where_it_is_rare()
    {
        // 30,003 matches in all (past the point where the tenant's matches are counted by walking its index), 2 in wz.
        Sql("INSERT INTO Tenants (Id, Name, ProfileCode) VALUES ('hk', 'hk', 'hk'), ('wz', 'wz', 'wz')");
        foreach (var (tenant, batch) in new[] { ("hsb", 1), ("qu", 2), ("hk", 3) })
        {
            Sql(GeneratedTickets.OverTheCountLimit(tenant, "Archived", Now.AddDays(-1).UtcTicks, content: "楼下噪音扰民的投诉", batch: batch));
        }

        var newest = Ticket("WZ-20261123-0001", "Handling", Now.AddMinutes(-1), tenant: "wz");
        var older = Ticket("WZ-20261123-0002", "Archived", Now.AddMinutes(-2), tenant: "wz");

        var rare = await Search(Dispatcher("wz"), new TicketFilter(Text: "噪音扰民"));
        var common = await Search(Dispatcher("hk"), new TicketFilter(Text: "噪音扰民", PageSize: 1));

        Assert.Equal((2, false), (rare.TotalCount, rare.TotalCapped));
        Assert.Equal(new[] { newest, older }, rare.Items.Select(i => i.Number));
        Assert.Equal((TicketSearch.CountLimit, true), (common.TotalCount, common.TotalCapped));
        Assert.Equal(new[] { "HK-20250101-00001" }, common.Items.Select(i => i.Number));
    }

    [Fact]
    public async Task A_whole_number_finds_that_ticket_in_any_case_and_a_part_of_one_still_matches_by_text()
    {
        Ticket("HSB-20261120-0001", "Handling", Now.AddDays(-3));
        Ticket("HSB-20261120-0012", "Handling", Now.AddDays(-3).AddMinutes(1));
        Ticket("QU-20261120-0001", "Handling", Now.AddDays(-3), tenant: "qu");

        var whole = await Search(Dispatcher(), new TicketFilter(Text: " hsb-20261120-0001 "));
        var part = await Search(Dispatcher(), new TicketFilter(Text: "20261120-00"));

        Assert.Equal(new[] { "HSB-20261120-0001" }, whole.Items.Select(i => i.Number));
        Assert.Equal(new[] { "HSB-20261120-0012", "HSB-20261120-0001" }, part.Items.Select(i => i.Number));
    }

    [Fact]
    public async Task Tickets_registered_at_the_same_instant_each_show_on_exactly_one_page()
    {
        var numbers = Enumerable.Range(1, 5).Select(i => $"HSB-20261123-{i:0000}").ToList();
        foreach (var number in numbers)
        {
            Ticket(number, "Handling", Now.AddHours(-1));
        }

        var seen = new List<string>();
        for (var page = 1; page <= 5; page++)
        {
            seen.AddRange((await Search(Dispatcher(), new TicketFilter(Page: page, PageSize: 1))).Items.Select(i => i.Number));
        }

        Assert.Equal(numbers.Order(), seen.Order());
    }

    [Fact]
    public async Task Overdue_means_a_running_clock_past_due_or_marked_and_units_see_only_their_own()
    {
        var late = Ticket("HSB-20261101-0001", "Handling", Now.AddDays(-22), UnitA);
        var marked = Ticket("HSB-20261101-0002", "Handling", Now.AddDays(-21), UnitB);
        var stoppedLate = Ticket("HSB-20261101-0003", "Replied", Now.AddDays(-20), UnitA);
        var onTime = Ticket("HSB-20261101-0004", "Handling", Now.AddDays(-2), UnitA);
        var soon = Ticket("HSB-20261101-0005", "Handling", Now.AddDays(-9), UnitA);
        Clock(late, due: Now.AddDays(-1), stopped: null, overdue: false);
        Clock(marked, due: Now.AddHours(1), stopped: null, overdue: true); // extended after its timer marked it
        Clock(stoppedLate, due: Now.AddDays(-5), stopped: Now.AddDays(-4), overdue: true);
        Clock(onTime, due: Now.AddDays(8), stopped: null, overdue: false);
        Clock(soon, due: Now.AddHours(10), stopped: null, overdue: false, warning: Now.AddHours(-2));
        // Another tenant's overdue and due-soon ticket, even on hsb's unit: the clock-driven searches compare the tenant
        // themselves, in place of the tenant filter (TicketSearch.Visible), so they must still leave it out.
        var elsewhere = Ticket("QU-20261101-0001", "Handling", Now.AddDays(-3), UnitA, tenant: "qu");
        Clock(elsewhere, due: Now.AddHours(-1), stopped: null, overdue: true);
        Clock(elsewhere, due: Now.AddHours(5), stopped: null, overdue: false, warning: Now.AddHours(-1));

        var overdue = await Search(Dispatcher(), new TicketFilter(Overdue: true));
        var notOverdue = await Search(Dispatcher(), new TicketFilter(Overdue: false));
        var dueWithinDay = await Search(Dispatcher(), new TicketFilter(DueWithinHours: 24));
        var unitQueue = await Search(UnitUser(UnitA), new TicketFilter(), TicketQueue.Find("overdue"));
        var dueSoonQueue = await Search(UnitUser(UnitA), new TicketFilter(), TicketQueue.Find("due-soon"));
        var unitFilter = await Search(Dispatcher(), new TicketFilter(Unit: UnitB));
        var unitOverdue = await Search(Dispatcher(), new TicketFilter(Unit: UnitA, Overdue: true));
        var unitDueWithin = await Search(Dispatcher(), new TicketFilter(Unit: UnitA, DueWithinHours: 24));
        var otherTenant = await Search(Dispatcher("qu"), new TicketFilter(Overdue: true));
        var otherTenantUnit = await Search(Dispatcher("qu"), new TicketFilter(Unit: UnitA, DueWithinHours: 24));

        Assert.Equal(new[] { marked, late }, overdue.Items.Select(i => i.Number));
        Assert.Equal(new[] { onTime, soon, stoppedLate }, notOverdue.Items.Select(i => i.Number));
        Assert.Equal(new[] { soon, marked }, dueWithinDay.Items.Select(i => i.Number));
        Assert.Equal(new[] { late }, unitQueue.Items.Select(i => i.Number));
        Assert.Equal(new[] { soon }, dueSoonQueue.Items.Select(i => i.Number));
        Assert.Equal(new[] { marked }, unitFilter.Items.Select(i => i.Number));
        Assert.Equal(new[] { late }, unitOverdue.Items.Select(i => i.Number));
        Assert.Equal(1, unitOverdue.TotalCount);
        Assert.Equal(new[] { soon }, unitDueWithin.Items.Select(i => i.Number));
        Assert.Equal(new[] { elsewhere }, otherTenant.Items.Select(i => i.Number));
        Assert.Equal(1, otherTenant.TotalCount);
        Assert.Equal(new[] { elsewhere }, otherTenantUnit.Items.Select(i => i.Number));
    }

    private async Task<TicketPage> Search(CurrentUser user, TicketFilter filter, TicketQueue? queue = null)
    {
        db.ChangeTracker.Clear();
        using var tenant = db.EnterTenant(user.TenantId);
        return await new TicketSearch(db, user, new FakeTimeProvider(Now)).SearchAsync(filter, queue, TestContext.Current.CancellationToken);
    }

    private string Ticket(string number, string state, DateTimeOffset registered, Guid? lead = null, string tenant = "hsb", string content = "噪音扰民")
    {
        var id = Guid.NewGuid().ToString().ToUpperInvariant();
        Sql($"""
            INSERT INTO Tickets (Id, TenantId, Number, Channel, Queue, Category, Urgency, HandlingClass, Content, CorruptionRelated, State, RegisteredAt, MatterTerminated, RedoCount, ExcludedFromSatisfaction, LateReturnCounted, Revision)
            VALUES ('{id}', '{tenant}', '{number}', 'Phone', 'Centre', 'Complaint', 'Normal', 'Ordinary', '{content}', 0, '{state}', {registered.UtcTicks}, 0, 0, 0, 0, 1);
            INSERT INTO TicketCallers (TicketId, Phone, ConcealedIdentity, DeclinedReply) VALUES ('{id}', '13800000000', 0, 0);
            """);
        if (lead is { } unit)
        {
            Sql($"INSERT INTO TicketAssignments (Id, UnitId, Role, ReceivedAt, DeemedSigned, Designated, ReturnRejected, TicketId) VALUES ('{Guid.NewGuid().ToString().ToUpperInvariant()}', '{unit.ToString().ToUpperInvariant()}', 'Lead', {registered.UtcTicks}, 0, 0, 0, '{id}')");
        }

        ids[number] = id;
        return number;
    }

    private void Clock(string number, DateTimeOffset due, DateTimeOffset? stopped, bool overdue, DateTimeOffset? warning = null) =>
        Sql($"""
            INSERT INTO DeadlineClocks (Id, Kind, StartedAt, DueAt, WarningAt, StoppedAt, Overdue, TicketId)
            VALUES ('{Guid.NewGuid().ToString().ToUpperInvariant()}', 'Handle', {due.AddDays(-10).UtcTicks}, {due.UtcTicks}, {(warning is { } w ? w.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")}, {(stopped is { } s ? s.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : "NULL")}, {(overdue ? 1 : 0)}, '{ids[number]}')
            """);

    private void Sql(string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static CurrentUser Dispatcher(string tenant = "hsb") =>
        CurrentUser.From(HotlineClaims.CreatePrincipal("test", tenant, "d1", "dispatcher", new RoleAssignment([HotlineRole.Dispatcher], null)));

    private static CurrentUser UnitUser(Guid unit) =>
        CurrentUser.From(HotlineClaims.CreatePrincipal("test", "hsb", "u1", "handler", new RoleAssignment([HotlineRole.UnitHandler], unit.ToString())));
}
