using Hotline.Tickets.Access;
using Hotline.Server.Tests.Tickets;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>督办/约谈: timers that warn, mark overdue, notify the unit leader and call for interviews (rules.md §5.8).</summary>
public sealed class SupervisionScenarios
{
    [Theory]
    [InlineData(Sqlite)]
    [InlineData(Postgres)]
    public async Task QU_DL_1_QU_INT_1_an_overdue_ticket_is_supervised_and_its_unit_called_to_the_first_interview_level(string database)
    {
        // Friday 26 September 2025 before National Day; Sunday 28 September is an adjusted working day.
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9), database);
        var number = await s.RegisterAsync();
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2025, 9, 29, 15), ticket.Clock("Handle").DueAt());

        await s.AdvanceToAsync(At(2025, 9, 28, 10));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        // At the due minute itself the ticket is on time (CC-7); a minute later its timer marks it overdue.
        await s.AdvanceToAsync(At(2025, 9, 29, 15));
        Assert.DoesNotContain("DeadlineReached", (await s.TicketAsync(number)).Actions());
        await s.AdvanceToAsync(At(2025, 9, 29, 15, 1));
        ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("Handle").GetProperty("overdue").GetBoolean());
        Assert.Contains("DeadlineReached", ticket.Actions());

        var notices = await s.NoticesAsync(number);
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "qu")), notices);
        Assert.Contains(("interview-scheduled", Address(HotlineRole.Supervisor, "qu")), notices);

        var supervision = InstancesOf(ticket, "supervision").ToList();
        Assert.NotEmpty(supervision);
        var lifecycle = Assert.Single(InstancesOf(ticket, "ticket-lifecycle"));
        Assert.Equal(lifecycle.GetProperty("id").GetString(), ticket.GetProperty("workflowInstanceId").GetString());
        var journal = await s.JournalAsync(lifecycle.GetProperty("id").GetString()!);
        Assert.Contains(journal, j => j.ActivityId == "awaitSign" && j.Event == "Completed" && j.Actor?.StartsWith("UnitHandler:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task QU_INT_1_A_17_the_units_second_overdue_this_year_calls_for_the_discipline_commission()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 9));
        var first = await s.RegisterAsync();
        var second = await s.RegisterAsync(TicketApi.Consultation("咨询社保卡补办流程"));
        foreach (var number in new[] { first, second })
        {
            await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
            await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        }

        // Both consultations are due Mon 29 Sep 09:00 (Sun 28 Sep is a working day); the timers ring one after the other.
        await s.AdvanceToAsync(At(2025, 9, 29, 9, 1));
        var interviews = (await s.NoticesAsync(first)).Concat(await s.NoticesAsync(second)).Count(n => n.Kind == "interview-scheduled");
        Assert.Equal(2, interviews);

        // The supervisor records the interviews at the levels the profile gives, and a wrong level is refused.
        var supervisor = await s.AsAsync(HotlineRole.Supervisor);
        var wrong = await supervisor.TryActAsync(second, "interview", new { unitId = s.Unit, level = "县行政审批局", reason = "超期" });
        var problem = await wrong.ProblemAsync(System.Net.HttpStatusCode.UnprocessableEntity);
        AssertCites(problem, "QU-INT-1");
        await supervisor.ActAsync(second, "interview", new { unitId = s.Unit, level = "县纪委监委", reason = "年内第二次超期" });
        Assert.Contains(("interview-scheduled", Address(HotlineRole.UnitLeader, "qu")), await s.NoticesAsync(second));
    }

    [Fact]
    public async Task HL_SGN_2_an_unsigned_ticket_is_deemed_signed_by_its_timer_and_the_lifecycle_moves_on_to_handling()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2025, 9, 28, 15), ticket.Clock("Sign").DueAt());
        await s.AdvanceToAsync(At(2025, 9, 28, 15));
        Assert.Equal("Dispatched", (await s.TicketAsync(number)).GetProperty("state").GetString());
        await s.AdvanceToAsync(At(2025, 9, 28, 15, 1));
        ticket = await s.TicketAsync(number);
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.Contains("DeemedSigned", ticket.Actions());
        var journal = await s.JournalAsync(ticket.GetProperty("workflowInstanceId").GetString()!);
        Assert.Contains(journal, j => j.ActivityId == "awaitSign" && j.Event == "Completed" && j.Actor == "system");
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", resolution = "Resolved" });
    }

    [Fact]
    public async Task HL_SUP_5_HL_INT_1_an_overdue_ticket_gets_a_supervision_record_and_the_supervisor_interviews_the_unit()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Consultation"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 28, 15, 1));
        var ticket = await s.TicketAsync(number);
        var supervised = ticket.GetProperty("timeline").EnumerateArray().Single(e => e.GetProperty("action").GetString() == "Supervised");
        Assert.Equal(("HL-SUP-5", "System"), (supervised.GetProperty("ruleIds").GetString(), supervised.GetProperty("role").GetString()));
        var notices = await s.NoticesAsync(number);
        Assert.Contains(("supervision-opened", Address(HotlineRole.UnitLeader, "hl")), notices);
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "hl")), notices);
        Assert.DoesNotContain(notices, n => n.Kind == "interview-scheduled"); // HL gives no interview level for an overdue

        await (await s.AsAsync(HotlineRole.Supervisor)).ActAsync(number, "interview", new { unitId = s.Unit, level = "区12345政务服务热线中心", reason = "群众反映强烈，长期未解决" });
        Assert.Contains(("interview-scheduled", Address(HotlineRole.UnitLeader, "hl")), await s.NoticesAsync(number));
    }

    [Fact]
    public async Task HK_SGN_2_a_unit_that_does_not_sign_within_24_hours_is_overdue_not_deemed_signed()
    {
        await using var s = await StartAsync("hk", At(2026, 2, 13, 15));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2026, 2, 13, 16));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2026, 2, 14, 16), ticket.Clock("Sign").DueAt()); // natural hours, Spring Festival eve or not
        await s.AdvanceToAsync(At(2026, 2, 14, 16, 1));
        ticket = await s.TicketAsync(number);
        Assert.Equal("Dispatched", ticket.GetProperty("state").GetString());
        Assert.True(ticket.Clock("Sign").GetProperty("overdue").GetBoolean());
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "hk")), await s.NoticesAsync(number));
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        Assert.Equal("Handling", (await s.TicketAsync(number)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task HK_DL_1_A_21_a_consultation_before_Spring_Festival_is_due_two_working_days_later_and_warns_at_the_configured_time()
    {
        await using var s = await StartAsync("hk", At(2026, 2, 13, 15));
        // The profile states no warning time; the tenant sets one (临期预警 4 hours before the deadline).
        var admin = await s.AsAsync(HotlineRole.Admin);
        using var patch = new HttpRequestMessage(HttpMethod.Put, "/api/policy") { Content = System.Net.Http.Json.JsonContent.Create(new { profile = "HK", overrides = new { handling = new { warnBefore = "4h" } } }) };
        var response = await admin.SendAsync(patch, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var number = await s.RegisterAsync(Intake("Consultation"));
        await s.AdvanceToAsync(At(2026, 2, 13, 16));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        Assert.Equal(At(2026, 2, 24, 16), ticket.Clock("Handle").DueAt()); // receipt day counts; Spring Festival 15–23 Feb
        Assert.Equal(At(2026, 2, 24, 12), ticket.Clock("Handle").GetProperty("warningAt").GetDateTimeOffset());
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        await s.AdvanceToAsync(At(2026, 2, 24, 11, 59));
        Assert.DoesNotContain(await s.NoticesAsync(number), n => n.Kind == "deadline-warning");
        await s.AdvanceToAsync(At(2026, 2, 24, 12));
        Assert.Contains(("deadline-warning", Address(HotlineRole.UnitHandler, "hk")), await s.NoticesAsync(number));
        Assert.DoesNotContain("DeadlineReached", (await s.TicketAsync(number)).Actions());
    }

    [Fact]
    public async Task HSB_DSC_1_a_corruption_ticket_is_referred_to_the_discipline_commission_at_dispatch()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Report", content: "村干部优亲厚友，违规发放补贴", corruption: true));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, dueAt = At(2025, 10, 10, 18) });
        Assert.Contains("DisciplineReferred", ticket.Actions());
        Assert.Contains(("discipline-referral", Address(HotlineRole.DisciplineLiaison, "hsb")), await s.NoticesAsync(number));
    }

    [Fact]
    public async Task HSB_DSP_1_a_late_dispatch_leaves_the_dispatch_clock_overdue_without_telling_any_unit()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 15));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 27, 3, 1));
        var ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("Dispatch").GetProperty("overdue").GetBoolean());
        Assert.Empty(await s.NoticesAsync(number)); // a centre clock: no unit leader to notify
        await s.AdvanceToAsync(At(2025, 9, 27, 4));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
    }

    [Fact]
    public async Task QU_URG_1_QU_URG_3_a_special_urgent_item_needs_the_local_government_first_and_an_initial_response_within_2_hours()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 27, 21));
        var number = await s.RegisterAsync(Intake("HelpRequest", urgency: "SpecialUrgent", content: "山体滑坡阻断道路"));
        await s.AdvanceToAsync(At(2025, 9, 27, 22));
        var problem = await s.RefusedAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        AssertCites(problem, "QU-URG-1");
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, localGovernmentReportedAt = At(2025, 9, 27, 21, 30) });
        Assert.Equal(At(2025, 9, 28, 0), ticket.Clock("InitialResponse").DueAt());
        Assert.Equal(At(2025, 9, 29, 0), ticket.Clock("ProgressReport").DueAt());
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");

        await s.AdvanceToAsync(At(2025, 9, 28, 0, 1));
        ticket = await s.TicketAsync(number);
        Assert.True(ticket.Clock("InitialResponse").GetProperty("overdue").GetBoolean());
        Assert.Contains(("deadline-overdue", Address(HotlineRole.UnitLeader, "qu")), await s.NoticesAsync(number));
        await s.ActAsync(HotlineRole.UnitHandler, number, "urgent-response", new { kind = "ProgressReport", text = "抢通一车道" });
        ticket = await s.TicketAsync(number);
        Assert.False(ticket.Clock("ProgressReport").GetProperty("running").GetBoolean());
    }

    [Fact]
    public async Task QU_URG_2_a_special_item_needs_an_initial_response_within_3_hours_and_an_answer_in_time_stops_its_timer()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("HelpRequest", urgency: "Special", content: "片区大面积停水"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, localGovernmentReportedAt = At(2025, 9, 26, 14, 30) });
        Assert.Equal(At(2025, 9, 26, 18), ticket.Clock("InitialResponse").DueAt());
        Assert.Equal(At(2025, 9, 29, 15), ticket.Clock("ProgressReport").DueAt());
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.AdvanceToAsync(At(2025, 9, 26, 17));
        await s.ActAsync(HotlineRole.UnitHandler, number, "urgent-response", new { kind = "InitialResponse", text = "已派抢修队" });
        await s.AdvanceToAsync(At(2025, 9, 26, 18, 1));
        ticket = await s.TicketAsync(number);
        Assert.False(ticket.Clock("InitialResponse").GetProperty("overdue").GetBoolean());
        Assert.DoesNotContain(await s.NoticesAsync(number), n => n.Kind == "deadline-overdue");
    }
}
