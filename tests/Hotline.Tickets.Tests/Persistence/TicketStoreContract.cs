using Hotline.Tickets.Access;
using Hotline.Tickets.Calendar;
using Hotline.Tickets.Dispatch;
using Hotline.Tickets.Extensions;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Policies;
using Hotline.Tickets.Problems;
using Hotline.Tickets.Returns;
using Hotline.Tickets.Tenants;
using Hotline.Tickets.Tickets;
using Hotline.Tickets.Units;
using Microsoft.EntityFrameworkCore;
using static Hotline.Tickets.Tests.Tickets.TicketFixture;

namespace Hotline.Tickets.Tests.Persistence;

/// <summary>What the store guarantees on every provider: whole aggregates, numbers, concurrency, idempotency, due-time order.</summary>
public abstract class TicketStoreContract : IAsyncLifetime
{
    private static readonly Tenant Hsb = new("hsb", "红寺堡区分中心", "HSB");
    private static readonly TenantRules Rules = new(PolicyCatalog.BuiltIn.Get("HSB"), WorkingDayCalendar.China);
    private int _keys;

    /// <summary>A fresh unit of work working in the tenant hsb, as a request or a timer step of that county does.</summary>
    protected abstract HotlineDbContext NewContext();

    public virtual async ValueTask InitializeAsync()
    {
        await using var db = NewContext();
        await db.Database.EnsureCreatedAsync(TestContext.Current.CancellationToken);
        db.Tenants.Add(new Tenant("hsb", "红寺堡区分中心", "HSB", """{ "extensions": { "maxApplications": 1 } }"""));
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    private ActionContext As(HotlineRole role, string at, Guid? unit = null, string? key = null) =>
        Rules.Act(new TicketActor(role.ToString(), role, unit), At(at), key ?? $"key-{++_keys}");

    private static TicketIntake Intake(TicketCategory category = TicketCategory.Complaint) =>
        new("phone", new Caller("李四", "13900000000", "红寺堡镇"), category, "噪音扰民");

    protected async Task<Ticket> RegisterAsync(string at, string? key = null, TicketCategory category = TicketCategory.Complaint)
    {
        await using var db = NewContext();
        var store = new TicketStore(db);
        var ticket = await store.RegisterAsync(Hsb, As(HotlineRole.Dispatcher, at, key: key), Intake(category), TestContext.Current.CancellationToken);
        await store.SaveAsync(TestContext.Current.CancellationToken);
        return ticket;
    }

    [Fact]
    public async Task A_ticket_round_trips_with_caller_clocks_assignments_and_history()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await RegisterAsync("2025-09-26 14:00")).Id;
        await using (var db = NewContext())
        {
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", id, ct))!;
            ticket.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA, [UnitB]));
            await store.SaveAsync(ct);
        }

        await using (var db = NewContext())
        {
            var ticket = (await new TicketStore(db).FindAsync("hsb", id, ct))!;
            Assert.Equal(("13900000000", TicketState.Dispatched), (ticket.Caller.Phone, ticket.State));
            Assert.Equal(At("2025-10-01 15:00"), ticket.Clock(DeadlineKind.Handle, UnitA)!.DueAt);
            Assert.Equal([TicketAction.Registered, TicketAction.Dispatched], ticket.Events.Select(e => e.Action));
            Assert.Equal(2, ticket.Assignments.Count);
            Assert.Equal(UnitA, ticket.Lead!.UnitId);
        }
    }

    [Fact]
    public async Task Return_and_extension_requests_round_trip_and_a_ticket_without_them_reloads_without_them()
    {
        // The store reads a collection only when the ticket's row says it has rows: each kind must still come back.
        var ct = TestContext.Current.CancellationToken;
        var extended = (await RegisterAsync("2025-09-26 14:00")).Id;
        var returned = (await RegisterAsync("2025-09-26 14:00")).Id;
        await using (var db = NewContext())
        {
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", extended, ct))!;
            ticket.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA));
            ticket.Sign(As(HotlineRole.UnitHandler, "2025-09-26 15:30", UnitA));
            ticket.RequestExtension(As(HotlineRole.UnitHandler, "2025-09-29 09:00", UnitA), new ExtensionApplication(2, "需协调", CallerNotified: true));
            var other = (await store.FindAsync("hsb", returned, ct))!;
            other.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA));
            other.RequestReturn(As(HotlineRole.UnitHandler, "2025-09-26 15:30", UnitA), new ReturnApplication(ReturnReason.OutOfDuty, "非本单位职责", "三定方案"));
            await store.SaveAsync(ct);
        }

        await using (var db = NewContext())
        {
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", extended, ct))!;
            Assert.Equal((1, 0), (ticket.Extensions.Count, ticket.Returns.Count));
            Assert.NotNull(ticket.PendingExtension);
            Assert.Equal([TicketAction.Registered, TicketAction.Dispatched, TicketAction.Signed, TicketAction.ExtensionRequested], ticket.Events.Select(e => e.Action));
            var other = (await store.FindAsync("hsb", returned, ct))!;
            Assert.Equal((0, 1), (other.Extensions.Count, other.Returns.Count));
            Assert.NotNull(other.PendingReturn);
            Assert.Equal(UnitA, other.Lead!.UnitId);
        }

        await using (var db = NewContext())
        {
            var fresh = await RegisterAsync("2025-09-26 16:00");
            var ticket = (await new TicketStore(db).FindAsync("hsb", fresh.Id, ct))!;
            Assert.Equal((0, 0, 0), (ticket.Assignments.Count, ticket.Returns.Count, ticket.Extensions.Count));
            Assert.Equal(fresh.Clocks.Count, ticket.Clocks.Count);
            Assert.Equal([TicketAction.Registered], ticket.Events.Select(e => e.Action));
        }
    }

    [Fact]
    public async Task Each_save_appends_the_actions_events_and_stores_the_earlier_ones_as_they_were()
    {
        // The history is tracked without snapshots (append-only): a new entry must still be found and inserted, with its
        // store-generated id, and nothing of the loaded ones may change.
        var ct = TestContext.Current.CancellationToken;
        var id = (await RegisterAsync("2025-09-26 14:00")).Id;
        var actions = new Action<Ticket>[]
        {
            t => t.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA)),
            t => t.Sign(As(HotlineRole.UnitHandler, "2025-09-26 15:30", UnitA)),
            t => t.RequestExtension(As(HotlineRole.UnitHandler, "2025-09-29 09:00", UnitA), new ExtensionApplication(2, "需协调", CallerNotified: true)),
        };
        var stored = new List<object>();
        foreach (var act in actions)
        {
            await using var db = NewContext();
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", id, ct))!;
            Assert.Equal(stored, ticket.Events.Take(stored.Count).Select(Stored));
            act(ticket);
            await store.SaveAsync(ct);

            var added = ticket.Events[^1];
            Assert.True(added.Id > 0, "the new entry was not inserted");
            Assert.All(ticket.Events, e => Assert.Equal(EntityState.Unchanged, db.Entry(e).State));
            stored = [.. ticket.Events.Select(Stored)];
        }

        await using var check = NewContext();
        var reloaded = (await new TicketStore(check).FindAsync("hsb", id, ct))!;
        Assert.Equal(stored, reloaded.Events.Select(Stored));
        Assert.Equal([1, 2, 3, 4], reloaded.Events.Select(e => e.Sequence));
        Assert.Equal(4, await check.TicketEvents.CountAsync(e => e.TicketId == id, ct));
    }

    [Fact]
    public async Task What_an_action_changes_on_the_ticket_its_clocks_and_assignments_is_saved_and_reloads_equal()
    {
        // The ticket, its clocks and assignments are tracked by their own notices, not by snapshots: every column an action
        // changes must still be written, a loaded ticket nobody changed must have nothing to save, and the reloaded rows
        // must equal the objects the action left, column by column.
        var ct = TestContext.Current.CancellationToken;
        var id = (await RegisterAsync("2025-09-26 14:00")).Id;
        var actions = new Action<Ticket>[]
        {
            t => t.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA, [UnitB])),
            t => t.Reassign(As(HotlineRole.Dispatcher, "2025-09-26 15:10"), new DispatchOrder(UnitB, [UnitA]), "改派"),
            t => t.GiveCoUnitOpinion(As(HotlineRole.UnitHandler, "2025-09-26 15:20", UnitA), "同意"),
            t => t.Sign(As(HotlineRole.UnitHandler, "2025-09-26 15:30", UnitB)),
        };
        foreach (var act in actions)
        {
            string before;
            await using (var db = NewContext())
            {
                var store = new TicketStore(db);
                var ticket = (await store.FindAsync("hsb", id, ct))!;
                Assert.False(db.ChangeTracker.HasChanges(), "a loaded ticket nobody changed has something to save");
                var revision = ticket.Revision;
                act(ticket);
                Assert.Equal(EntityState.Modified, db.Entry(ticket).State);
                await store.SaveAsync(ct);
                Assert.Equal(revision + 1, ticket.Revision);
                Assert.False(db.ChangeTracker.HasChanges(), "the save left changes unsaved");
                before = Columns(ticket);
            }

            await using var check = NewContext();
            var reloaded = (await new TicketStore(check).FindAsync("hsb", id, ct))!;
            Assert.Equal(before, Columns(reloaded));
        }
    }

    // Every stored property of the ticket, its clocks (by id) and its assignments (by id), instants as UTC ticks.
    private static string Columns(Ticket ticket) =>
        string.Join("\n", [Values(ticket), .. ticket.Clocks.OrderBy(c => c.Id).Select(Values), .. ticket.Assignments.OrderBy(a => a.Id).Select(Values)]);

    private static string Values(object entity) =>
        string.Join("; ", entity.GetType().GetProperties()
            .Where(p => p.GetSetMethod(nonPublic: true) is not null)
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + (p.GetValue(entity) is DateTimeOffset at ? at.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture) : p.GetValue(entity))));

    private static object Stored(TicketEvent e) =>
        (e.Id, e.Sequence, e.Action, e.ActorId, e.Role, e.UnitId, e.At, e.IdempotencyKey, e.Reason, e.DataJson, e.RuleIds);

    [Fact]
    public async Task Numbers_are_sequential_per_tenant_and_local_day()
    {
        var first = await RegisterAsync("2025-09-26 14:00");
        var second = await RegisterAsync("2025-09-26 23:59");
        var nextDay = await RegisterAsync("2025-09-27 00:00");
        Assert.Equal(["HSB-20250926-0001", "HSB-20250926-0002", "HSB-20250927-0001"], new[] { first.Number, second.Number, nextDay.Number });
    }

    [Fact]
    public async Task Two_registrations_in_flight_at_once_take_different_numbers_and_both_commit()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = NewContext();
        await using var second = NewContext();
        var a = await new TicketStore(first).RegisterAsync(Hsb, As(HotlineRole.Dispatcher, "2025-09-26 14:00"), Intake(), ct);
        var b = await new TicketStore(second).RegisterAsync(Hsb, As(HotlineRole.Dispatcher, "2025-09-26 14:00"), Intake(), ct);
        await new TicketStore(second).SaveAsync(ct);
        await new TicketStore(first).SaveAsync(ct);
        Assert.Equal(["HSB-20250926-0001", "HSB-20250926-0002"], new[] { a.Number, b.Number });
        await using var db = NewContext();
        Assert.Equal(2, await db.Tickets.CountAsync(ct));
        Assert.Equal("HSB-20250926-0003", (await RegisterAsync("2025-09-26 15:00")).Number);
    }

    [Fact]
    public async Task Registering_twice_with_one_idempotency_key_creates_one_ticket()
    {
        var first = await RegisterAsync("2025-09-26 14:00", key: "call-42");
        var again = await RegisterAsync("2025-09-26 14:01", key: "call-42");
        Assert.Equal(first.Id, again.Id);
        await using var db = NewContext();
        Assert.Equal(1, await db.Tickets.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_stale_revision_is_a_conflict_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await RegisterAsync("2025-09-26 14:00")).Id;
        await using var first = NewContext();
        await using var second = NewContext();
        var a = (await new TicketStore(first).FindAsync("hsb", id, ct))!;
        var b = (await new TicketStore(second).FindAsync("hsb", id, ct))!;

        a.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA));
        await new TicketStore(first).SaveAsync(ct);
        b.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:01"), new DispatchOrder(UnitB));
        var error = await Assert.ThrowsAsync<TicketRuleViolation>(() => new TicketStore(second).SaveAsync(ct));
        Assert.Equal(ErrorCodes.ConcurrencyConflict, error.Code);

        await using var check = NewContext();
        var stored = (await new TicketStore(check).FindAsync("hsb", id, ct))!;
        Assert.Equal(UnitA, stored.Lead!.UnitId);
        Assert.Equal(2, stored.Events.Count);
    }

    [Fact]
    public async Task A_replayed_action_after_reload_applies_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var id = (await RegisterAsync("2025-09-26 14:00")).Id;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            await using var db = NewContext();
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", id, ct))!;
            ticket.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00", key: "dispatch-1"), new DispatchOrder(UnitA));
            await store.SaveAsync(ct);
        }

        await using var check = NewContext();
        Assert.Equal(1, await check.TicketEvents.CountAsync(e => e.TicketId == id && e.Action == TicketAction.Dispatched, ct));
    }

    [Fact]
    public async Task QU_INT_1_A_17_overdue_tickets_are_counted_per_unit_and_calendar_year()
    {
        var ct = TestContext.Current.CancellationToken;
        var late = (await RegisterAsync("2025-09-26 14:00")).Id;
        var onTime = (await RegisterAsync("2025-09-26 14:00")).Id;
        foreach (var (id, replyAt) in new[] { (late, "2025-10-02 09:00"), (onTime, "2025-09-30 09:00") })
        {
            await using var db = NewContext();
            var store = new TicketStore(db);
            var ticket = (await store.FindAsync("hsb", id, ct))!;
            ticket.Dispatch(As(HotlineRole.Dispatcher, "2025-09-26 15:00"), new DispatchOrder(UnitA));
            ticket.Sign(As(HotlineRole.UnitHandler, "2025-09-26 16:00", UnitA));
            ticket.Reply(As(HotlineRole.UnitHandler, replyAt, UnitA), new Hotline.Tickets.Replies.ReplyContent("已处理", "电话告知"));
            await store.SaveAsync(ct);
        }

        await using var query = NewContext();
        var counts = new TicketStore(query);
        Assert.Equal(1, await counts.OverdueTicketCountAsync("hsb", UnitA, 2025, null, ct));
        Assert.Equal(0, await counts.OverdueTicketCountAsync("hsb", UnitA, 2025, late, ct));
        Assert.Equal(0, await counts.OverdueTicketCountAsync("hsb", UnitB, 2025, null, ct));
        Assert.Equal(0, await counts.OverdueTicketCountAsync("hsb", UnitA, 2026, null, ct));
    }

    [Fact]
    public async Task Tenants_and_the_unit_tree_persist_with_leaders_and_liaisons()
    {
        var ct = TestContext.Current.CancellationToken;
        var town = new Unit(UnitA, "hsb", "红寺堡镇", UnitKind.Town);
        var village = new Unit(UnitB, "hsb", "某村", UnitKind.Village, town.Id);
        town.SetLeaders(new UnitContact("王镇长", "0953-1"), new UnitContact("赵副镇长", "0953-2"));
        town.SetLiaisons([new UnitContact("刘联络员", "0953-3")]);
        await using (var db = NewContext())
        {
            db.Units.AddRange(town, village);
            await db.SaveChangesAsync(ct);
        }

        await using (var db = NewContext())
        {
            var loaded = await db.Units.SingleAsync(u => u.Id == UnitA, ct);
            Assert.Equal(("赵副镇长", "刘联络员"), (loaded.DeputyLeader!.Name, loaded.Liaisons.Single().Name));
            Assert.Equal(UnitA, (await db.Units.SingleAsync(u => u.Id == UnitB, ct)).ParentId);
            var tenant = await db.Tenants.SingleAsync(t => t.Id == "hsb", ct);
            Assert.Equal(1, tenant.EffectivePolicy().Policy.Extensions.MaxApplications);
        }
    }

    [Fact]
    public void Callers_live_in_their_own_table_and_other_capabilities_are_mapped_too()
    {
        using var db = NewContext();
        Assert.Equal("TicketCallers", db.Model.FindEntityType(typeof(Caller))!.GetTableName());
        Assert.NotNull(db.Model.FindEntityType(typeof(TenantCalendarDay)));
    }
}
