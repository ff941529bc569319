using System.Net;
using System.Text.Json;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Notices;
using Hotline.Tickets.Persistence;
using Hotline.Workflows.Persistence;
using Hotline.Workflows.Timers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>
/// One ticket lifecycle on its own host and fake clock (Beijing time), driven through the HTTP API as the roles of one
/// demo tenant. <see cref="AdvanceToAsync"/> moves the clock and rings every timer that fell due, as Quartz would.
/// </summary>
internal sealed class Scenario : IAsyncDisposable
{
    public static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    private readonly Dictionary<string, HttpClient> clients = new(StringComparer.Ordinal);
    private readonly string? postgresServer;
    private readonly string? postgresDatabase;

    private Scenario(HotlineHost host, string tenant, string? postgresServer = null, string? postgresDatabase = null)
    {
        Host = host;
        Tenant = tenant;
        this.postgresServer = postgresServer;
        this.postgresDatabase = postgresDatabase;
    }

    /// <summary>The databases a scenario runs on: the embedded default and production's.</summary>
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public HotlineHost Host { get; }
    public string Tenant { get; }
    public Guid Unit => DemoAccessSeeder.DemoUnitId(Tenant);
    public Guid CoUnit => DemoAccessSeeder.DemoCoUnitId(Tenant);

    /// <summary>A host for <paramref name="tenant"/> whose clock starts at <paramref name="start"/> (Beijing time).</summary>
    /// <remarks>The scenario rings the timers itself, at the moments it chooses; Quartz's alarms and, on PostgreSQL, the clustered node's watch stay quiet.</remarks>
    public static async Task<Scenario> StartAsync(string tenant, DateTimeOffset start, string database = Sqlite)
    {
        if (database != Postgres)
        {
            return await OnAsync(new HotlineHost(start.ToUniversalTime()), tenant);
        }

        var server = Environment.GetEnvironmentVariable("HOTLINE_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip("Set HOTLINE_TEST_POSTGRES to an Npgsql connection string to run this test");
        }

        var name = $"hotline_scenario_{Guid.NewGuid():N}";
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
        var scenario = await OnAsync(new HotlineHost(start.ToUniversalTime(), connection), tenant);
        return new Scenario(scenario.Host, tenant, server, name);
    }

    /// <summary>A scenario on a host the test made, e.g. one restarted on an existing data folder.</summary>
    public static async Task<Scenario> OnAsync(HotlineHost host, string tenant)
    {
        _ = host.Server;
        await host.HoldAlarmsAsync();
        return new Scenario(host, tenant);
    }

    public static DateTimeOffset At(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, Beijing);

    public async Task<HttpClient> AsAsync(HotlineRole role, bool coUnit = false)
    {
        var key = role + (coUnit ? DemoAccessSeeder.CoUnitUserSuffix : "");
        if (!clients.TryGetValue(key, out var client))
        {
            client = coUnit ? await Host.ClientAsync(Tenant, DemoAccessSeeder.UserNameFor(role) + DemoAccessSeeder.CoUnitUserSuffix) : await Host.ClientAsync(Tenant, role);
            clients[key] = client;
        }

        return client;
    }

    public Task<HttpClient> Dispatcher => AsAsync(HotlineRole.Dispatcher);
    public Task<HttpClient> Handler => AsAsync(HotlineRole.UnitHandler);
    public Task<HttpClient> Reviewer => AsAsync(HotlineRole.Reviewer);

    /// <summary>Moves the clock to <paramref name="at"/> and rings every timer due by then, until none is left.</summary>
    public async Task AdvanceToAsync(DateTimeOffset at)
    {
        Host.Clock.SetUtcNow(at.ToUniversalTime());
        var sweep = Host.Services.GetRequiredService<DueTimerSweep>();
        var token = TestContext.Current.CancellationToken;
        // Sweeps again while a timer is still due, as the watch does after its interval: a sweep that fired nothing may
        // have met a failure that passes (a lost race, a database's transient error), which it logs and leaves due.
        for (var round = 0; ; round++)
        {
            var fired = await sweep.FireDueAsync(token);
            var stillDue = await sweep.NextDueAsync(token) <= Host.Clock.GetUtcNow();
            if (fired == 0 && !stillDue)
            {
                return;
            }

            if (fired == 0)
            {
                TestContext.Current.TestOutputHelper?.WriteLine($"A sweep at {at:O} fired nothing while a timer was due; sweeping again.");
            }

            // A timer that rings and stays due would ring forever: that is a bug to see, not to wait for.
            if (round >= 10)
            {
                Assert.Fail($"Timers still fall due at {at:O} after {round + 1} rounds of firing: {await StillDueAsync()}");
            }
        }
    }

    /// <summary>The timers due now and their instances, for a scenario that fails on them.</summary>
    private async Task<string> StillDueAsync()
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WorkflowDbContext>();
        var now = Host.Clock.GetUtcNow();
        var due = await db.Bookmarks.AsNoTracking().AcrossTenants().Where(b => b.DueAt != null && b.DueAt <= now).ToListAsync();
        var lines = new List<string>();
        foreach (var bookmark in due)
        {
            var instance = await db.Instances.AsNoTracking().AcrossTenants().Where(i => i.Id == bookmark.WorkflowInstanceId)
                .Select(i => new { i.DefinitionId, i.Status, i.SubStatus, i.TenantId }).FirstOrDefaultAsync();
            lines.Add($"{bookmark.Id} {bookmark.Name} at {bookmark.ActivityNodeId} due {bookmark.DueAt:O} tenant {bookmark.TenantId} -> instance {bookmark.WorkflowInstanceId}: {instance?.ToString() ?? "missing"}");
        }

        if (db.Database.IsNpgsql())
        {
            // Who holds the rows a claim skips (FOR UPDATE SKIP LOCKED).
            var connection = db.Database.GetDbConnection();
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = """
                SELECT a.pid, a.state, a.xact_start, left(a.query, 300), l.mode, l.relation::regclass::text
                FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
                WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND l.relation IS NOT NULL
                """;
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add($"lock: pid {reader.GetValue(0)} {reader.GetValue(1)} since {reader.GetValue(2)} {reader.GetValue(4)} on {reader.GetValue(5)}: {reader.GetValue(3)}");
            }
        }

        return string.Join("; ", lines);
    }

    /// <summary>A phone request of <paramref name="category"/> from a named caller.</summary>
    public static object Intake(string category, string urgency = "Normal", string content = "小区门口道路破损，雨天积水严重", bool corruption = false) => new
    {
        channel = "Phone",
        caller = new { name = "李四", phone = "13912345678", address = "城关镇建设路12号" },
        category,
        content,
        urgency,
        corruptionRelated = corruption,
    };

    public async Task<string> RegisterAsync(object? intake = null)
    {
        var ticket = await (await Dispatcher).RegisterAsync(intake ?? TicketApi.Consultation());
        return ticket.GetProperty("number").GetString()!;
    }

    /// <summary>
    /// Registers <paramref name="intake"/> now, dispatches it to the demo unit at <paramref name="dispatchedAt"/> (default:
    /// now) and has the unit sign it at once; returns the ticket number.
    /// </summary>
    public async Task<string> SignedTicketAsync(object intake, DateTimeOffset? dispatchedAt = null)
    {
        var number = await RegisterAsync(intake);
        if (dispatchedAt is { } at)
        {
            await AdvanceToAsync(at);
        }

        await ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = Unit });
        await ActAsync(HotlineRole.UnitHandler, number, "sign");
        return number;
    }

    public async Task<JsonElement> ActAsync(HotlineRole role, string number, string action, object? body = null, bool coUnit = false) =>
        await (await AsAsync(role, coUnit)).ActAsync(number, action, body);

    /// <summary>Posts an action that must be refused; returns the problem details.</summary>
    public async Task<JsonElement> RefusedAsync(HotlineRole role, string number, string action, object? body = null, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        var response = await (await AsAsync(role)).TryActAsync(number, action, body);
        return await response.ProblemAsync(status);
    }

    /// <summary>The refusal cites <paramref name="ruleId"/> among its rules.</summary>
    public static void AssertCites(JsonElement problem, string ruleId)
    {
        var cited = problem.TryGetProperty("ruleId", out var value) ? value.GetString() ?? "" : "";
        Assert.Contains(ruleId, cited.Split(", "));
    }

    public async Task<JsonElement> TicketAsync(string number) => await (await Reviewer).GetJsonAsync($"/api/tickets/{number}");

    /// <summary>The notices written for the ticket, as (template, recipient address), in the order written.</summary>
    public async Task<List<(string Kind, string Recipient)>> NoticesAsync(string number)
    {
        await using var scope = Host.InTenant(Tenant);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        var notices = await db.Set<Notice>().AsNoTracking().Where(n => n.TicketNumber == number).ToListAsync(TestContext.Current.CancellationToken);
        return notices.OrderBy(n => n.CreatedAt).ThenBy(n => n.Id, StringComparer.Ordinal).Select(n => (n.Kind, n.Recipient)).ToList();
    }

    /// <summary>The instance's journal through the Elsa API, as (activity id, event, actor as recorded: <c>actorId</c>, not the display name).</summary>
    public async Task<List<(string ActivityId, string Event, string? Actor)>> JournalAsync(string instanceId)
    {
        var journal = await (await AsAsync(HotlineRole.Auditor)).GetJsonAsync($"/elsa/api/workflow-instances/{instanceId}/journal?take=500");
        return journal.GetProperty("items").EnumerateArray()
            .Select(e => (e.GetProperty("activityId").GetString()!, e.GetProperty("eventName").GetString()!,
                e.TryGetProperty("actorId", out var actor) ? actor.GetString() : null))
            .ToList();
    }

    /// <summary>The ticket's workflow instances by definition id.</summary>
    public static IEnumerable<JsonElement> InstancesOf(JsonElement ticket, string definitionId) =>
        ticket.GetProperty("workflows").EnumerateArray().Where(w => w.GetProperty("definitionId").GetString() == definitionId);

    public static string Address(HotlineRole role, string tenant, bool coUnit = false) =>
        $"{DemoAccessSeeder.UserNameFor(role)}{(coUnit ? DemoAccessSeeder.CoUnitUserSuffix : "")}@{tenant}.hotline.test";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }

        await Host.DisposeAsync();
        if (postgresServer is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var admin = new Npgsql.NpgsqlConnection(postgresServer);
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{postgresDatabase}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
