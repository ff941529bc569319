using System.Net;
using System.Text.Json;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using static Hotline.Server.Tests.Lifecycle.Scenario;

namespace Hotline.Server.Tests.Lifecycle;

/// <summary>
/// The actions that had no endpoint, worked through the HTTP API on the fake clock: each is taken by the lifecycle, its
/// refusals cite their rule, and a refusal leaves the ticket at the revision it had.
/// </summary>
public sealed class ActionEndpointScenarios
{
    private static async Task<JsonElement> UnchangedAsync(Scenario s, string number, int revision)
    {
        var ticket = await s.TicketAsync(number);
        Assert.Equal(revision, ticket.GetProperty("revision").GetInt32());
        return ticket;
    }

    private static int Revision(JsonElement ticket) => ticket.GetProperty("revision").GetInt32();

    [Fact]
    public async Task QU_JNT_1_A_27_a_countersign_unit_replies_to_its_own_part_and_only_its_clocks_stop()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, coUnitIds = new[] { s.CoUnit }, mode = "Countersign" });
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        // The lead unit has no countersign part of its own: refused, nothing changes.
        var before = Revision(await s.TicketAsync(number));
        var refused = await (await s.Handler).TryActAsync(number, "countersign-reply", new { measures = "主办单位" });
        Assert.Equal("ticket.unit-not-assigned", (await refused.ProblemAsync(HttpStatusCode.Forbidden)).GetProperty("code").GetString());
        await UnchangedAsync(s, number, before);

        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "countersign-reply", new { measures = "本单位部分已办结" }, coUnit: true);
        Assert.Contains("CountersignPartReplied", ticket.Actions());
        var coUnitClocks = ticket.GetProperty("clocks").EnumerateArray().Where(c => c.GetProperty("unitName").GetString() != null
            && ticket.GetProperty("units").EnumerateArray().Any(u => u.GetProperty("role").GetString() == "Countersign" && u.GetProperty("unitName").GetString() == c.GetProperty("unitName").GetString())).ToList();
        Assert.NotEmpty(coUnitClocks);
        Assert.All(coUnitClocks, c => Assert.False(c.GetProperty("running").GetBoolean()));
        Assert.Contains(ticket.GetProperty("clocks").EnumerateArray(), c => c.GetProperty("running").GetBoolean());

        // The part is answered once; the lifecycle still takes the lead unit's work.
        refused = await (await s.AsAsync(HotlineRole.UnitHandler, coUnit: true)).TryActAsync(number, "countersign-reply", new { measures = "再答一次" });
        await refused.ProblemAsync(HttpStatusCode.Conflict);
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
    }

    [Fact]
    public async Task HSB_GEN_1_the_centre_reassigns_before_the_unit_signs_and_not_after()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("Complaint"));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit });
        var refused = await (await s.Dispatcher).TryActAsync(number, "reassign", new { leadUnitId = s.CoUnit });
        Assert.Equal("ticket.input-missing", (await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        refused = await (await s.Handler).TryActAsync(number, "reassign", new { leadUnitId = s.CoUnit, reason = "派错" });
        await refused.ProblemAsync(HttpStatusCode.Forbidden);

        var ticket = await s.ActAsync(HotlineRole.Dispatcher, number, "reassign", new { leadUnitId = s.CoUnit, reason = "职责属另一单位" });
        Assert.Contains("Reassigned", ticket.Actions());
        var lead = ticket.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("active").GetBoolean() && u.GetProperty("role").GetString() == "Lead");
        Assert.Equal(s.CoUnit, lead.GetProperty("unitId").GetGuid());

        await s.ActAsync(HotlineRole.UnitHandler, number, "sign", coUnit: true);
        var revision = Revision(await s.TicketAsync(number));
        refused = await (await s.Dispatcher).TryActAsync(number, "reassign", new { leadUnitId = s.Unit, reason = "再改" });
        await refused.ProblemAsync(HttpStatusCode.Conflict);
        await UnchangedAsync(s, number, revision);
    }

    [Fact]
    public async Task HL_RVS_2_a_complex_revisit_review_order_gets_its_one_extra_working_day()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.RegisterAsync(Intake("HelpRequest"));
        await s.AdvanceToAsync(At(2025, 9, 26, 15));
        await s.ActAsync(HotlineRole.Dispatcher, number, "dispatch", new { leadUnitId = s.Unit, handlingClass = "Complex" });
        await s.ActAsync(HotlineRole.UnitHandler, number, "sign");
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已处理", resolution = "Resolved" });
        await s.ActAsync(HotlineRole.Reviewer, number, "reply/accept");
        await s.ActAsync(HotlineRole.Reviewer, number, "revisit", new { rating = "Dissatisfied", note = "单位未联系" });
        await s.AdvanceToAsync(At(2025, 9, 29, 12));
        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "redo", new { reason = "未先行联系", revisitReviewOrder = true });
        Assert.Equal(At(2025, 10, 10, 12), ticket.Clock("Redo").DueAt());

        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "revisit-review/extend", new { reason = "需现场复核" });
        Assert.Equal(At(2025, 10, 11, 12), ticket.Clock("Redo").DueAt()); // Sat 11 Oct 2025 is a worked day
        Assert.Contains("HL-RVS-2", ticket.GetProperty("timeline").EnumerateArray().Last().GetProperty("ruleIds").GetString());
        var refused = await (await s.Reviewer).TryActAsync(number, "revisit-review/extend", new { reason = "再延" });
        AssertCites(await refused.ProblemAsync(HttpStatusCode.UnprocessableEntity), "HL-RVS-2");
        await UnchangedAsync(s, number, Revision(ticket));
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已上门复核", resolution = "Resolved" });
    }

    [Fact]
    public async Task QU_EXT_3_A_15_QU_EXT_4_a_reviewer_overrides_for_a_consultation_and_the_city_consents_after_forwarding()
    {
        await using var s = await StartAsync("qu", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Consultation"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 28, 9));
        var revision = Revision(await s.TicketAsync(number));
        // The override needs its recorded reason; a unit may not override.
        AssertCites(await s.RefusedAsync(HotlineRole.Reviewer, number, "extension/override", new { workingDays = 1, reason = "需查档" }), "QU-EXT-3");
        await (await (await s.Handler).TryActAsync(number, "extension/override", new { workingDays = 1, reason = "需查档", overrideReason = "x" })).ProblemAsync(HttpStatusCode.Forbidden);
        await UnchangedAsync(s, number, revision);

        var ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/override", new { workingDays = 1, reason = "需查档", overrideReason = "档案在市档案馆" });
        var open = ticket.GetProperty("requests").GetProperty("openExtension");
        Assert.Equal("档案在市档案馆", open.GetProperty("overrideReason").GetString());
        Assert.Equal(JsonValueKind.Null, open.GetProperty("forwardedAt").ValueKind);

        // Only the city centre's consent creates the extension: the county forwards first.
        revision = Revision(ticket);
        AssertCites(await s.RefusedAsync(HotlineRole.Reviewer, number, "extension/approve"), "QU-EXT-4");
        await UnchangedAsync(s, number, revision);
        await s.AdvanceToAsync(At(2025, 9, 28, 9, 30));
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/forward", new { note = "报市中心" });
        Assert.Equal(At(2025, 9, 28, 9, 30), ticket.GetProperty("requests").GetProperty("openExtension").GetProperty("forwardedAt").GetDateTimeOffset());
        await (await (await s.Reviewer).TryActAsync(number, "extension/forward")).ProblemAsync(HttpStatusCode.Conflict);
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve", new { note = "市中心同意" });
        Assert.Equal(At(2025, 9, 30, 15), ticket.Clock("Handle").DueAt());
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("requests").GetProperty("openExtension").ValueKind);
    }

    [Fact]
    public async Task HSB_EXT_2_the_open_extension_and_the_caller_notice_show_on_the_ticket_and_HSB_forwards_nothing()
    {
        await using var s = await StartAsync("hsb", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"), dispatchedAt: At(2025, 9, 26, 15));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "extension", new { workingDays = 2, reason = "需协调", callerNotified = true });
        var notice = Assert.Single(ticket.GetProperty("requests").GetProperty("callerNotices").EnumerateArray());
        Assert.Equal("需协调", notice.GetProperty("reason").GetString());
        Assert.Equal("Pending", notice.GetProperty("status").GetString());
        Assert.Equal(2, ticket.GetProperty("requests").GetProperty("openExtension").GetProperty("workingDays").GetInt32());

        var revision = Revision(ticket);
        Assert.Equal("extension.not-forwardable", (await s.RefusedAsync(HotlineRole.Reviewer, number, "extension/forward")).GetProperty("code").GetString());
        Assert.Equal("extension.override-not-provided", (await s.RefusedAsync(HotlineRole.Reviewer, number, "extension/override",
            new { workingDays = 1, reason = "x", overrideReason = "y" })).GetProperty("code").GetString());
        await UnchangedAsync(s, number, revision);
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "extension/approve");
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(ticket.GetProperty("requests").GetProperty("callerNotices").EnumerateArray()).GetProperty("promisedBy").ValueKind);
    }

    [Fact]
    public async Task HL_TRM_1_the_centre_refuses_a_termination_and_the_unit_handles_on()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        var revision = Revision(await s.TicketAsync(number));
        var problem = await s.RefusedAsync(HotlineRole.Reviewer, number, "termination/refuse", new { reason = "x" }, HttpStatusCode.Conflict);
        AssertCites(problem, "HL-TRM-1");
        await UnchangedAsync(s, number, revision);

        var ticket = await s.ActAsync(HotlineRole.UnitHandler, number, "termination", new { facts = "已依法处理三次", basis = "信访条例", signedBy = "DeputyLeader" });
        Assert.NotEqual(JsonValueKind.Null, ticket.GetProperty("requests").GetProperty("terminationRequestedAt").ValueKind);
        Assert.Equal("ticket.input-missing", (await s.RefusedAsync(HotlineRole.Reviewer, number, "termination/refuse", new { reason = " " })).GetProperty("code").GetString());
        ticket = await s.ActAsync(HotlineRole.Reviewer, number, "termination/refuse", new { reason = "诉求尚有合理部分" });
        Assert.Equal("Handling", ticket.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, ticket.GetProperty("requests").GetProperty("terminationRequestedAt").ValueKind);
        Assert.Contains("HL-TRM-1", ticket.GetProperty("timeline").EnumerateArray().Last().GetProperty("ruleIds").GetString());
        // The lifecycle is back at handling: the unit replies.
        await s.ActAsync(HotlineRole.UnitHandler, number, "reply", new { measures = "已答复", resolution = "Explained" });
    }

    [Fact]
    public async Task HL_TRM_1_a_repeat_call_links_to_its_terminated_matter()
    {
        await using var s = await StartAsync("hl", At(2025, 9, 26, 14));
        var number = await s.SignedTicketAsync(Intake("Complaint"));
        await s.AdvanceToAsync(At(2025, 9, 29, 9));
        await s.ActAsync(HotlineRole.UnitHandler, number, "termination", new { facts = "已依法处理三次", basis = "信访条例", signedBy = "DeputyLeader" });
        await s.ActAsync(HotlineRole.Reviewer, number, "termination/approve");
        var repeat = await (await s.Dispatcher).RegisterAsync(new
        {
            channel = "Phone",
            caller = new { name = "李四", phone = "13912345678", address = "城关镇建设路12号" },
            category = "Complaint",
            content = "又来电",
            repeatOf = number,
        });
        var matter = repeat.GetProperty("requests").GetProperty("terminatedMatter");
        Assert.Equal(number, matter.GetProperty("number").GetString());
        Assert.Equal($"/api/tickets/{number}", matter.GetProperty("href").GetString());
    }
}
