using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Server.Tests.Lifecycle;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Merging;

/// <summary>
/// 并单 through the API on the fake clock: a duplicate merged into its main ticket closes with its clocks and workflows,
/// shows on the main ticket's timeline, its caller gets the main ticket's reply, and reports count the matter once; the
/// merge is undone the same day and refused the next; every refusal changes neither ticket.
/// </summary>
public sealed class MergeScenarios
{
    private static readonly DateTimeOffset Monday = At(2025, 9, 29, 10);

    private static object DuplicateIntake => new
    {
        channel = "Wechat",
        caller = new { name = "王五", phone = "13800001111" },
        category = "Complaint",
        content = "小区门口道路破损，积水严重（再次来电）",
    };

    private static string State(JsonElement ticket) => ticket.GetProperty("state").GetString()!;

    private static int Revision(JsonElement ticket) => ticket.GetProperty("revision").GetInt32();

    private static string[] Awaited(JsonElement ticket) =>
        [.. ticket.GetProperty("requests").GetProperty("awaitedActions").EnumerateArray().Select(a => a.GetString()!)];

    private static JsonElement Last(JsonElement ticket, string action) =>
        ticket.GetProperty("timeline").EnumerateArray().Last(e => e.GetProperty("action").GetString() == action);

    /// <summary>Posts <paramref name="action"/> as <paramref name="client"/>, expects the refusal, and that neither ticket changed.</summary>
    private static async Task<JsonElement> RefusedUnchangedAsync(Scenario s, HttpClient client, string number, string action, object body,
        HttpStatusCode status, string? code, params string[] others)
    {
        var watched = new[] { number }.Concat(others).ToList();
        var before = new List<JsonElement>();
        foreach (var n in watched)
        {
            before.Add(await s.TicketAsync(n));
        }

        var problem = await (await client.TryActAsync(number, action, body)).ProblemAsync(status);
        if (code is not null)
        {
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }

        for (var i = 0; i < watched.Count; i++)
        {
            var after = await s.TicketAsync(watched[i]);
            Assert.Equal(Revision(before[i]), Revision(after));
            Assert.Equal(State(before[i]), State(after));
        }

        return problem;
    }

    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task A_merged_duplicate_closes_with_its_clocks_and_workflows_shows_on_the_main_ticket_gets_its_reply_and_counts_once(string database)
    {
        await using var s = await StartAsync("qu", Monday, database);
        var main = await s.SignedTicketAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        Assert.Contains("Dispatched", Awaited(await s.TicketAsync(duplicate)));

        await s.AdvanceToAsync(Monday.AddMinutes(30));
        var merged = await (await s.Dispatcher).ActAsync(duplicate, "merge", new { intoTicket = main, reason = "同一事项重复来电" }, key: "merge-1");
        // A retry with the same key replays: neither ticket changes again.
        var retried = await (await s.Dispatcher).ActAsync(duplicate, "merge", new { intoTicket = main, reason = "同一事项重复来电" }, key: "merge-1");
        Assert.Equal(Revision(merged), Revision(retried));

        Assert.Equal("Merged", State(merged));
        Assert.Contains(main, Last(merged, "Merged").GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.All(merged.GetProperty("clocks").EnumerateArray(), c => Assert.False(c.GetProperty("running").GetBoolean()));
        Assert.Empty(Awaited(merged));
        var workflows = merged.GetProperty("workflows").EnumerateArray().ToList();
        Assert.NotEmpty(workflows);
        Assert.All(workflows, w => Assert.Equal("Cancelled", w.GetProperty("subStatus").GetString()));
        var lifecycle = workflows[0].GetProperty("id").GetString()!;
        var journal = await (await s.AsAsync(HotlineRole.Auditor)).GetJsonAsync($"/elsa/api/workflow-instances/{lifecycle}/journal?take=500");
        Assert.Contains(journal.GetProperty("items").EnumerateArray(), j => j.GetProperty("eventName").GetString() == "Canceled"
            && j.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            && m.GetString()!.Contains($"merged into {main}", StringComparison.Ordinal));

        var mainTicket = await s.TicketAsync(main);
        Assert.Single(mainTicket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "DuplicateMerged");
        var shown = Last(mainTicket, "DuplicateMerged");
        Assert.Contains(duplicate, shown.GetProperty("data").GetString(), StringComparison.Ordinal);
        Assert.Equal("同一事项重复来电", shown.GetProperty("reason").GetString());
        Assert.Equal("Handling", State(mainTicket));

        // Off the work queues: the dispatcher no longer sees the duplicate waiting for dispatch.
        var queue = await (await s.Dispatcher).GetJsonAsync("/api/queues/to-dispatch");
        Assert.DoesNotContain(queue.GetProperty("items").EnumerateArray(), t => t.GetProperty("number").GetString() == duplicate);

        // The main ticket's accepted reply reaches the duplicate's caller by SMS.
        await s.ActAsync(HotlineRole.UnitHandler, main, "reply", new { measures = "已修复破损路面" });
        Assert.DoesNotContain(await s.NoticesAsync(duplicate), n => n.Kind == "merged-reply");
        await s.ActAsync(HotlineRole.Reviewer, main, "reply/accept");
        Assert.Single(await s.NoticesAsync(duplicate), n => n.Kind == "merged-reply" && n.Recipient == "13800001111");

        // The monthly report counts the matter once: the main ticket only.
        var reports = s.Host.Services.GetRequiredService<Hotline.Application.Reports.MonthlyReports>();
        var report = await reports.BuildAsync(WorkbenchUsers.Demo("qu", HotlineRole.Supervisor), 2025, 9, TestContext.Current.CancellationToken);
        Assert.Equal(1, report.Registered);
    }

    [Fact]
    public async Task A_merge_whose_main_ticket_moved_on_while_it_waited_for_the_write_lock_is_decided_again_and_both_stand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("qu", Monday);
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        var dispatcher = await s.Dispatcher;
        var reviewer = await s.Reviewer;

        Task<HttpResponseMessage> dispatch, merge;
        // Another writer holds SQLite's one write lock: both requests decide meanwhile, the dispatch of the main ticket
        // first, then the merge on the main ticket as it was; the dispatch commits first and moves the main ticket on.
        await using (var writer = new SqliteConnection($"Data Source={Path.Combine(s.Host.DataFolder, "hotline.db")}"))
        {
            await writer.OpenAsync(ct);
            await using var begin = writer.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync(ct);
            dispatch = dispatcher.TryActAsync(main, "dispatch", new { leadUnitId = s.Unit });
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            merge = reviewer.TryActAsync(duplicate, "merge", new { intoTicket = main, reason = "重复" });
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            await using var rollback = writer.CreateCommand();
            rollback.CommandText = "ROLLBACK";
            await rollback.ExecuteNonQueryAsync(ct);
        }

        await BothStandAsync(s, main, dispatch, merge);
    }

    /// <summary>The dispatch and the merge both stood: the main ticket dispatched, the duplicate merged into it, each once.</summary>
    private static async Task BothStandAsync(Scenario s, string main, Task<HttpResponseMessage> dispatch, Task<HttpResponseMessage> merge)
    {
        Assert.Equal(HttpStatusCode.OK, (await dispatch).StatusCode);
        var merged = await (await merge).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Merged", State(merged));
        var mainTicket = await s.TicketAsync(main);
        Assert.Equal("Dispatched", State(mainTicket));
        Assert.Single(mainTicket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "DuplicateMerged");
        Assert.Single(mainTicket.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("action").GetString() == "Dispatched");
    }

    [Fact]
    public async Task On_PostgreSQL_a_merge_whose_main_ticket_moved_on_while_it_waited_for_the_row_lock_is_decided_again_and_both_stand()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await StartAsync("qu", Monday, Postgres);
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        var dispatcher = await s.Dispatcher;
        var reviewer = await s.Reviewer;

        Task<HttpResponseMessage> dispatch, merge;
        // Another session holds the main ticket's row: both requests decide and run their workflows meanwhile, then wait
        // for the row in the round trip that checks their revisions; whichever commits first moves the main ticket on, so
        // the other's revision check must send it back to be decided again (a check ignored would save a stale ticket: 409).
        await using (var holder = new Npgsql.NpgsqlConnection(s.Host.Postgres))
        {
            await holder.OpenAsync(ct);
            await using var transaction = await holder.BeginTransactionAsync(ct);
            await using (var hold = new Npgsql.NpgsqlCommand("SELECT 1 FROM \"Tickets\" WHERE \"Number\" = $1 FOR UPDATE", holder, transaction))
            {
                hold.Parameters.Add(new Npgsql.NpgsqlParameter { Value = main });
                Assert.Equal(1, await hold.ExecuteScalarAsync(ct));
            }

            dispatch = dispatcher.TryActAsync(main, "dispatch", new { leadUnitId = s.Unit });
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            merge = reviewer.TryActAsync(duplicate, "merge", new { intoTicket = main, reason = "重复" });
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
            Assert.False(dispatch.IsCompleted);
            Assert.False(merge.IsCompleted);
            await transaction.RollbackAsync(ct);
        }

        await BothStandAsync(s, main, dispatch, merge);
    }

    [Fact]
    public async Task A_merge_is_undone_the_same_day_back_at_registration_and_refused_the_next_day()
    {
        await using var s = await StartAsync("qu", Monday);
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        var dispatchDue = (await s.TicketAsync(duplicate)).Clock("Dispatch").DueAt();

        await s.ActAsync(HotlineRole.Reviewer, duplicate, "merge", new { intoTicket = main, reason = "重复" });
        await s.AdvanceToAsync(At(2025, 9, 29, 23, 59));
        var unmerged = await s.ActAsync(HotlineRole.Dispatcher, duplicate, "unmerge", new { reason = "并错了，不是同一事项" });

        Assert.Equal("Registered", State(unmerged));
        var clock = unmerged.Clock("Dispatch");
        Assert.True(clock.GetProperty("running").GetBoolean());
        Assert.Equal(dispatchDue, clock.DueAt());
        Assert.Contains("Dispatched", Awaited(unmerged));
        Assert.Equal("并错了，不是同一事项", Last(await s.TicketAsync(main), "DuplicateUnmerged").GetProperty("reason").GetString());
        // Its lifecycle runs again: the ticket is dispatched like any other.
        await s.ActAsync(HotlineRole.Dispatcher, duplicate, "dispatch", new { leadUnitId = s.Unit });

        var other = await s.RegisterAsync(DuplicateIntake);
        await s.ActAsync(HotlineRole.Dispatcher, other, "merge", new { intoTicket = main, reason = "重复" });
        await s.AdvanceToAsync(At(2025, 9, 30, 0, 0));
        await RefusedUnchangedAsync(s, await s.Dispatcher, other, "unmerge", new { reason = "撤销" },
            HttpStatusCode.UnprocessableEntity, "merge.unmerge-too-late", main);
    }

    [Fact]
    public async Task A_tenant_that_merges_dispatched_tickets_cannot_undo_those_merges()
    {
        await using var s = await StartAsync("qu", Monday);
        var admin = await s.AsAsync(HotlineRole.Admin);
        var negative = await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { merge = new { unmergeWithinWorkingDays = -1 } } },
            TestContext.Current.CancellationToken);
        Assert.Equal("policy.invalid", (await negative.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        var patch = await admin.PutAsJsonAsync("/api/policy", new { profile = "QU", overrides = new { merge = new { allowedStates = new[] { "Registered", "Dispatched" }, unmergeWithinWorkingDays = 1 } } },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        await s.ActAsync(HotlineRole.Dispatcher, duplicate, "dispatch", new { leadUnitId = s.Unit });

        var merged = await s.ActAsync(HotlineRole.Dispatcher, duplicate, "merge", new { intoTicket = main, reason = "重复" });
        Assert.Equal("Merged", State(merged));
        Assert.Empty(Awaited(merged));
        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "unmerge", new { reason = "撤销" },
            HttpStatusCode.UnprocessableEntity, "merge.unmerge-not-restartable", main);
    }

    [Fact]
    public async Task Merges_into_itself_a_closed_or_merged_ticket_or_of_a_closed_or_dispatched_ticket_are_refused_and_change_nothing()
    {
        await using var s = await StartAsync("qu", Monday);
        var dispatcher = await s.Dispatcher;
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);

        await RefusedUnchangedAsync(s, dispatcher, duplicate, "merge", new { intoTicket = duplicate, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.into-itself");

        var rejected = await s.RegisterAsync(DuplicateIntake);
        await s.ActAsync(HotlineRole.Dispatcher, rejected, "reject", new { ground = "unclear", explanation = "不属于受理范围" });
        await RefusedUnchangedAsync(s, dispatcher, duplicate, "merge", new { intoTicket = rejected, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.main-closed", rejected);
        await RefusedUnchangedAsync(s, dispatcher, rejected, "merge", new { intoTicket = main, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.ticket-closed", main);

        var dispatched = await s.RegisterAsync(DuplicateIntake);
        await s.ActAsync(HotlineRole.Dispatcher, dispatched, "dispatch", new { leadUnitId = s.Unit });
        await RefusedUnchangedAsync(s, dispatcher, dispatched, "merge", new { intoTicket = main, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.state-not-allowed", main);

        // A chain: the main ticket is itself merged; merging into it, or merging the merged one again, is refused.
        var third = await s.RegisterAsync(DuplicateIntake);
        await s.ActAsync(HotlineRole.Dispatcher, duplicate, "merge", new { intoTicket = main, reason = "重复" });
        await RefusedUnchangedAsync(s, dispatcher, third, "merge", new { intoTicket = duplicate, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.chain", duplicate);
        await RefusedUnchangedAsync(s, dispatcher, duplicate, "merge", new { intoTicket = third, reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "merge.ticket-closed", third);
        await RefusedUnchangedAsync(s, dispatcher, third, "unmerge", new { reason = "撤销" },
            HttpStatusCode.UnprocessableEntity, "merge.not-merged");
    }

    [Fact]
    public async Task Merge_without_credentials_in_the_wrong_role_across_tenants_or_with_bad_input_is_refused_and_changes_nothing()
    {
        await using var s = await StartAsync("qu", Monday);
        var main = await s.RegisterAsync(Intake("Complaint"));
        var duplicate = await s.RegisterAsync(DuplicateIntake);
        var merge = new { intoTicket = main, reason = "重复" };

        using var anonymous = s.Host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.TryActAsync(duplicate, "merge", merge)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.TryActAsync(duplicate, "unmerge", new { reason = "撤销" })).StatusCode);
        foreach (var role in new[] { HotlineRole.UnitHandler, HotlineRole.Supervisor, HotlineRole.Auditor })
        {
            await RefusedUnchangedAsync(s, await s.AsAsync(role), duplicate, "merge", merge, HttpStatusCode.Forbidden, null, main);
        }

        // Another tenant's ticket is not found, whichever side it is on.
        var hl = await s.Host.ClientAsync("hl", HotlineRole.Dispatcher);
        var foreign = (await hl.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "merge", new { intoTicket = foreign, reason = "重复" },
            HttpStatusCode.NotFound, "ticket.not-found", main);
        await (await hl.TryActAsync(duplicate, "merge", new { intoTicket = foreign, reason = "重复" })).ProblemAsync(HttpStatusCode.NotFound);
        await (await hl.TryActAsync(foreign, "merge", merge)).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Registered", State(await hl.GetJsonAsync($"/api/tickets/{foreign}")));

        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "merge", new { reason = "重复" },
            HttpStatusCode.UnprocessableEntity, "ticket.input-missing", main);
        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "merge", new { intoTicket = main },
            HttpStatusCode.UnprocessableEntity, "ticket.input-missing", main);
        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "merge", new { intoTicket = main, reason = new string('长', 5000) },
            HttpStatusCode.UnprocessableEntity, "ticket.input-too-long", main);
        await RefusedUnchangedAsync(s, await s.Dispatcher, duplicate, "merge", new { intoTicket = 42, reason = "重复" },
            HttpStatusCode.BadRequest, "request.unreadable", main);
        await (await (await s.Dispatcher).TryActAsync("QU-20250929-9999", "merge", merge)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
