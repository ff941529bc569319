using System.Net;
using System.Net.Http.Json;
using System.Text;
using Hotline.Application.ApiKeys;
using Hotline.Application.Audit;
using Hotline.Application.Queues;
using Hotline.Application.TicketSheets;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Persistence;
using Hotline.Tickets.Tickets;
using Hotline.Workbench.Audit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// What the workbench pages read, through the whole host: role queues with counts, filters, sorting and lights; the
/// ticket page with masked caller, clocks and timeline; the auditor's search (audited by phone) and its exports.
/// </summary>
public sealed class WorkbenchDataTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void Each_role_lands_on_its_own_queues()
    {
        var queues = host.Services.GetRequiredService<WorkQueues>();

        Assert.Equal("to-dispatch", queues.QueuesFor(WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher))[0].Name);
        Assert.Equal("to-sign", queues.QueuesFor(WorkbenchUsers.Demo("hsb", HotlineRole.UnitHandler))[0].Name);
        Assert.Contains(queues.QueuesFor(WorkbenchUsers.Demo("hsb", HotlineRole.Reviewer)), q => q.Name == "replies-to-review");
        Assert.DoesNotContain(queues.QueuesFor(WorkbenchUsers.Demo("hsb", HotlineRole.UnitHandler)), q => q.Name == "to-dispatch");
        Assert.Empty(queues.QueuesFor(WorkbenchUsers.Demo("hsb", HotlineRole.Auditor)));
        Assert.Empty(queues.QueuesFor(CurrentUser.Anonymous));
    }

    [Fact]
    public async Task A_registered_ticket_waits_in_the_dispatchers_queue_and_moves_to_the_units_after_dispatch()
    {
        var queues = host.Services.GetRequiredService<WorkQueues>();
        var dispatcherUser = WorkbenchUsers.Demo("hl", HotlineRole.Dispatcher);
        var handlerUser = WorkbenchUsers.Demo("hl", HotlineRole.UnitHandler);
        var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var before = Count(await queues.CountsAsync(dispatcherUser, Ct), "to-dispatch");
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("小区路灯不亮，请尽快维修"))).GetProperty("number").GetString()!;

        Assert.Equal(before + 1, Count(await queues.CountsAsync(dispatcherUser, Ct), "to-dispatch"));
        var rows = await queues.ListAsync(dispatcherUser, "to-dispatch", new QueueQuery(Text: "路灯"), Ct);
        var row = Assert.Single(rows!.Items, r => r.Ticket.Number == number);
        Assert.Equal(nameof(TicketState.Registered), row.Ticket.State);
        Assert.Equal("138****5678", row.Ticket.CallerPhone);
        Assert.Empty((await queues.ListAsync(dispatcherUser, "to-dispatch", new QueueQuery(Text: "路灯", Category: TicketCategory.Complaint), Ct))!.Items);
        Assert.Null(await queues.ListAsync(handlerUser, "to-dispatch", new QueueQuery(), Ct));

        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hl") });

        Assert.DoesNotContain((await queues.ListAsync(dispatcherUser, "to-dispatch", new QueueQuery(Text: "路灯"), Ct))!.Items, r => r.Ticket.Number == number);
        var toSign = await queues.ListAsync(handlerUser, "to-sign", new QueueQuery(Unit: DemoAccessSeeder.DemoUnitId("hl")), Ct);
        var signing = Assert.Single(toSign!.Items, r => r.Ticket.Number == number);
        Assert.Equal(DeadlineLight.Normal, signing.Light);
        Assert.NotNull(signing.Ticket.NextDueAt);
    }

    [Fact]
    public async Task Queues_sort_by_number_both_ways_and_page()
    {
        var queues = host.Services.GetRequiredService<WorkQueues>();
        var user = WorkbenchUsers.Demo("qu", HotlineRole.Dispatcher);
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        for (var i = 0; i < 3; i++)
            await dispatcher.RegisterAsync(TicketApi.Consultation($"排序测试 {i}"));

        var ascending = (await queues.ListAsync(user, "to-dispatch", new QueueQuery(Text: "排序测试", Sort: QueueSort.Number, Descending: false), Ct))!;
        var descending = (await queues.ListAsync(user, "to-dispatch", new QueueQuery(Text: "排序测试", Sort: QueueSort.Number, Descending: true), Ct))!;
        var secondPage = (await queues.ListAsync(user, "to-dispatch", new QueueQuery(Text: "排序测试", Sort: QueueSort.Number, Descending: false, Page: 2, PageSize: 2), Ct))!;

        Assert.Equal(3, ascending.TotalCount);
        Assert.Equal(ascending.Items.Select(r => r.Ticket.Number).Order(StringComparer.Ordinal), ascending.Items.Select(r => r.Ticket.Number));
        Assert.Equal(ascending.Items.Select(r => r.Ticket.Number).Reverse(), descending.Items.Select(r => r.Ticket.Number));
        Assert.Equal(ascending.Items[2].Ticket.Number, Assert.Single(secondPage.Items).Ticket.Number);

        // By next due time (the centre's dispatch clock): a ticket registered a minute later is due a minute later.
        host.Clock.Advance(TimeSpan.FromMinutes(1));
        var later = (await dispatcher.RegisterAsync(TicketApi.Consultation("排序测试 later"))).GetProperty("number").GetString()!;
        var byDue = (await queues.ListAsync(user, "to-dispatch", new QueueQuery(Text: "排序测试", Sort: QueueSort.NextDue, Descending: false), Ct))!;
        var byDueDescending = (await queues.ListAsync(user, "to-dispatch", new QueueQuery(Text: "排序测试", Sort: QueueSort.NextDue, Descending: true), Ct))!;
        Assert.All(byDue.Items, r => Assert.NotNull(r.Ticket.NextDueAt));
        Assert.Equal(later, byDue.Items[^1].Ticket.Number);
        Assert.Equal(later, byDueDescending.Items[0].Ticket.Number);
    }

    [Fact]
    public async Task The_ticket_page_names_a_system_that_acted_on_an_api_key_by_its_key()
    {
        using var admin = await host.SignedIn("hsb", "admin");
        var key = await (await admin.PostAsJsonAsync("/api/access/api-keys", new { name = "吴忠市12345平台", roles = new[] { "dispatcher" } }, Ct))
            .Content.ReadFromJsonAsync<ApiKeyView>(Ct);
        using var system = host.Anonymous();
        system.DefaultRequestHeaders.Add("X-Api-Key", key!.Key);
        var number = (await system.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;

        var sheet = (await host.Services.GetRequiredService<TicketReader>().ReadAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Reviewer), number, Ct))!;

        var registered = Assert.Single(sheet.View.Timeline);
        Assert.Equal($"api-key:{key.Id}", registered.ActorId);
        Assert.Equal("吴忠市12345平台", sheet.Actor(registered));
    }

    [Fact]
    public async Task The_ticket_page_shows_the_caller_masked_every_clock_and_the_timeline_and_reveals_with_an_audit_record()
    {
        var tickets = host.Services.GetRequiredService<TicketReader>();
        var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation())).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hk") });

        var sheet = (await tickets.ReadAsync(WorkbenchUsers.Demo("hk", HotlineRole.Supervisor), number, Ct))!;
        Assert.Equal("张**", sheet.View.Caller.Name);
        Assert.Equal("138****5678", sheet.View.Caller.Phone);
        Assert.Equal(TicketState.Dispatched, sheet.State);
        Assert.Equal(["Registered", "Dispatched"], sheet.View.Timeline.Select(e => e.Action));
        Assert.Equal("Dispatcher", sheet.View.Timeline[1].Role);
        Assert.Equal(HotlineRole.Dispatcher.Title(), sheet.Actor(sheet.View.Timeline[1]));  // the demo user's display name, not its id
        var running = Assert.Single(sheet.View.Clocks, c => c.Running && c.Kind == nameof(DeadlineKind.Sign));
        Assert.True(running.RemainingWorkingTime > TimeSpan.Zero);
        Assert.Equal(DemoAccessSeeder.DemoUnitId("hk").ToString(), sheet.LeadUnitCode);
        Assert.Contains(HotlineAction.Sign, OfferedActions.For(WorkbenchUsers.Demo("hk", HotlineRole.UnitHandler), sheet.State));
        Assert.DoesNotContain(HotlineAction.Sign, OfferedActions.For(WorkbenchUsers.Demo("hk", HotlineRole.Dispatcher), sheet.State));

        // A supervisor sees masks only; the reviewer may reveal, and the read is recorded first.
        await Assert.ThrowsAsync<PersonalDataAccessDeniedException>(() =>
            tickets.RevealCallerAsync(WorkbenchUsers.Demo("hk", HotlineRole.Supervisor), number, PersonalDataField.Phone, "督办核实", Ct));
        var reviewer = WorkbenchUsers.Demo("hk", HotlineRole.Reviewer);
        Assert.Equal("13812345678", await tickets.RevealCallerAsync(reviewer, number, PersonalDataField.Phone, "回访", Ct));
        var record = Assert.Single(await Accesses("hk", number));
        Assert.Equal(("hk-reviewer", PersonalDataField.Phone, "回访"), (record.UserId, record.Field, record.Purpose));

        Assert.Null(await tickets.ReadAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Reviewer), number, Ct));
    }

    [Fact]
    public async Task An_auditor_finds_tickets_by_number_unit_state_and_date_and_a_phone_search_is_recorded()
    {
        var search = host.Services.GetRequiredService<AuditSearch>();
        var auditor = WorkbenchUsers.Demo("hsb", HotlineRole.Auditor);
        var dispatcher = await host.ClientAsync("hsb", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(new
        {
            channel = "Phone",
            caller = new { name = "李四", phone = "13900001111", address = "红寺堡镇新民街9号" },
            category = "HelpRequest",
            content = "自来水停水三天",
            urgency = "Normal",
        })).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hsb") });
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);

        var byNumber = await search.SearchAsync(auditor, new AuditQuery(Number: number), Ct);
        Assert.Equal(number, Assert.Single(byNumber.Items).Number);
        var byUnitStateDate = await search.SearchAsync(auditor, new AuditQuery(
            Unit: DemoAccessSeeder.DemoUnitId("hsb"), State: TicketState.Dispatched, From: today, To: today), Ct);
        Assert.Contains(byUnitStateDate.Items, r => r.Number == number);
        Assert.Empty((await search.SearchAsync(auditor, new AuditQuery(Number: number, To: today.AddDays(-1)), Ct)).Items);
        Assert.Empty(await Accesses("hsb", number));

        Assert.Throws<ArgumentException>(() => search.SearchAsync(auditor, new AuditQuery(Phone: "13900001111"), Ct).GetAwaiter().GetResult());
        var byPhone = await search.SearchAsync(auditor, new AuditQuery(Phone: "139-0000-1111", Purpose: "信访核查"), Ct);
        var found = Assert.Single(byPhone.Items);
        Assert.Equal("139****1111", found.CallerPhone);
        var record = Assert.Single(await Accesses("hsb", number));
        Assert.Equal(("hsb-auditor", PersonalDataField.Phone, "按来电号码检索：信访核查"), (record.UserId, record.Field, record.Purpose));

        await Assert.ThrowsAsync<AccessDeniedException>(() => search.SearchAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Dispatcher), new AuditQuery(), Ct));
        Assert.Empty((await search.SearchAsync(WorkbenchUsers.Demo("hl", HotlineRole.Auditor), new AuditQuery(Number: number), Ct)).Items);
    }

    [Fact]
    public async Task The_export_endpoints_give_auditors_the_search_as_xlsx_and_csv_and_refuse_everyone_else()
    {
        var dispatcher = await host.ClientAsync("qu", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("=HYPERLINK(\"x\") 导出测试"))).GetProperty("number").GetString()!;
        var auditor = await host.ClientAsync("qu", HotlineRole.Auditor);

        var xlsx = await auditor.GetAsync(new Uri($"/api/exports/tickets.xlsx?number={number}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        Assert.Equal(TicketListExport.XlsxContentType, xlsx.Content.Headers.ContentType?.MediaType);
        using (var workbook = XlsxFile.Open(await xlsx.Content.ReadAsStreamAsync(Ct)))
        {
            var sheet = workbook.Sheet(1);
            Assert.Equal("工单编号", sheet.Text(1, 1));
            Assert.Equal(number, sheet.Text(2, 1));
            Assert.Equal("已受理", sheet.Text(2, 2));
            Assert.Equal("138****5678", sheet.Text(2, 6));
            Assert.Equal("=HYPERLINK(\"x\") 导出测试", sheet.Text(2, 7));
            Assert.True(sheet.IsEmpty(3, 1));
            Assert.True(sheet.IsBold(1, 1) && sheet.IsBold(1, 15) && !sheet.IsBold(2, 1));
            Assert.Equal(1, sheet.FrozenRows);
        }

        var csv = await auditor.GetAsync(new Uri($"/api/exports/tickets.csv?number={number}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{number},已受理,电话,咨询,一般,138****5678,\"'=HYPERLINK(\"\"x\"\") 导出测试\"", lines[1], StringComparison.Ordinal);

        var refused = await dispatcher.GetAsync(new Uri("/api/exports/tickets.xlsx", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var anonymous = await host.CreateClient().GetAsync(new Uri("/api/exports/tickets.csv", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var noPurpose = await auditor.GetAsync(new Uri("/api/exports/tickets.csv?phone=13812345678", UriKind.Relative), Ct);
        var problem = await noPurpose.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("查询目的", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_visitor_without_a_session_is_sent_to_the_zh_CN_sign_in_page()
    {
        using var client = host.CreateClient(new() { AllowAutoRedirect = false });

        var home = await client.GetAsync(new Uri("/queues/to-dispatch?page=2", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.Equal("/sign-in?returnUrl=%2Fqueues%2Fto-dispatch%3Fpage%3D2", home.Headers.Location?.PathAndQuery);

        var signIn = await client.GetStringAsync(new Uri("/sign-in?returnUrl=https://evil.example", UriKind.Relative), Ct);
        Assert.Contains("热线中心（租户）", signIn, StringComparison.Ordinal);
        Assert.Contains("data-return-url=\"/\"", signIn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_monthly_report_counts_the_months_tickets_by_channel_category_and_unit_and_exports_them()
    {
        var reports = host.Services.GetRequiredService<Hotline.Application.Reports.MonthlyReports>();
        var supervisor = WorkbenchUsers.Demo("hk", HotlineRole.Supervisor);
        var month = TimeZoneInfo.ConvertTime(host.Clock.GetUtcNow(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        var before = await reports.BuildAsync(supervisor, month.Year, month.Month, Ct);
        var dispatcher = await host.ClientAsync("hk", HotlineRole.Dispatcher);
        var number = (await dispatcher.RegisterAsync(TicketApi.Consultation("月报测试"))).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(number, "dispatch", new { leadUnitId = DemoAccessSeeder.DemoUnitId("hk") });

        var after = await reports.BuildAsync(supervisor, month.Year, month.Month, Ct);

        Assert.Equal(before.Registered + 1, after.Registered);
        Assert.Equal(Tally(before.ByChannel, "电话") + 1, Tally(after.ByChannel, "电话"));
        Assert.Equal(Tally(before.ByCategory, "咨询") + 1, Tally(after.ByCategory, "咨询"));
        Assert.Equal(Tally(before.ByUnit, "湖口县住房和城乡建设局") + 1, Tally(after.ByUnit, "湖口县住房和城乡建设局"));
        Assert.Contains(after.HotTopics, t => t.Name == "咨询" && t.PreviousCount == 0 && t.Count == Tally(after.ByCategory, "咨询"));
        Assert.Equal(0, (await reports.BuildAsync(supervisor, month.Year - 1, month.Month, Ct)).Registered);
        await Assert.ThrowsAsync<AccessDeniedException>(() => reports.BuildAsync(WorkbenchUsers.Demo("hk", HotlineRole.Dispatcher), month.Year, month.Month, Ct));

        var client = await host.ClientAsync("hk", HotlineRole.Supervisor);
        var xlsx = await client.GetAsync(new Uri($"/api/exports/monthly-report.xlsx?year={month.Year}&month={month.Month}", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = XlsxFile.Open(await xlsx.Content.ReadAsStreamAsync(Ct));
        var summary = workbook.Sheet("概况");
        Assert.True(summary.IsBold(1, 1));
        Assert.Equal("受理工单", summary.Text(3, 1));
        Assert.Equal(after.Registered.ToString(System.Globalization.CultureInfo.InvariantCulture), summary.Text(3, 2));
        var byCategory = workbook.Sheet("按类别");
        Assert.Equal(("诉求类别", "工单数"), (byCategory.Text(1, 1), byCategory.Text(1, 2)));
        Assert.True(byCategory.IsBold(1, 2));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync(new Uri("/api/exports/monthly-report.xlsx?year=2025&month=13", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync(new Uri("/api/exports/monthly-report.xlsx?year=2025&month=9", UriKind.Relative), Ct)).StatusCode);
    }

    private static int Tally(IReadOnlyList<Hotline.Application.Reports.Tally> tallies, string name) => tallies.SingleOrDefault(t => t.Name == name)?.Count ?? 0;

    private static int Count(IReadOnlyList<QueueCount> counts, string queue) => counts.Single(c => c.Name == queue).Count;

    private async Task<List<PersonalDataAccess>> Accesses(string tenant, string number)
    {
        await using var scope = host.InTenant(tenant);
        var db = scope.ServiceProvider.GetRequiredService<HotlineDbContext>();
        return await db.Set<PersonalDataAccess>().AsNoTracking().Where(a => a.TicketId == number).ToListAsync(Ct);
    }
}
