using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hotline.Application.Assessment;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Server.Tests.Workbench;
using Hotline.Tickets.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Units;

/// <summary>
/// The monthly assessment as JSON (HL-ASM): readers get the month's lines; the supervisor enters a unit's score or
/// rates it 不合格, which sets it aside before the others are ranked; entries keep who and when, and refusals change nothing.
/// </summary>
public sealed class AssessmentApiTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Entry(Guid unit, int month) => $"/api/assessment/units/{unit}?year=2025&month={month}";

    private static async Task<JsonElement> EnterAsync(HttpClient client, Guid unit, int month, object body)
    {
        var response = await client.PutAsJsonAsync(Entry(unit, month), body, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement;
    }

    private static JsonElement Line(JsonElement assessment, Guid unit) =>
        assessment.GetProperty("units").EnumerateArray().Single(u => u.GetProperty("unitId").GetGuid() == unit);

    private static async Task AssertRefusedAsync(HttpResponseMessage response, HttpStatusCode status, string code) =>
        Assert.Equal(code, (await response.ProblemAsync(status)).GetProperty("code").GetString());

    [Fact]
    public async Task HL_ASM_3_HL_ASM_4_entered_scores_rank_the_units_and_a_unit_rated_unqualified_is_set_aside()
    {
        using var supervisor = await host.ClientAsync("hl", HotlineRole.Supervisor);
        var (a, b) = (DemoAccessSeeder.DemoUnitId("hl"), DemoAccessSeeder.DemoCoUnitId("hl"));
        await EnterAsync(supervisor, a, 3, new { score = 90.5m, reason = "月度考核得分" });
        var month = await EnterAsync(supervisor, b, 3, new { score = 80m, reason = "月度考核得分" });
        Assert.True(month.GetProperty("scored").GetBoolean());
        Assert.Equal(1, Line(month, a).GetProperty("rank").GetInt32());
        Assert.Equal(90.5m, Line(month, a).GetProperty("score").GetDecimal());

        month = await EnterAsync(supervisor, a, 3, new { score = 90.5m, unqualified = true, reason = "发生推诿扯皮" });
        var setAside = Line(month, a);
        Assert.Equal("不合格", setAside.GetProperty("grade").GetString());
        Assert.Equal(JsonValueKind.Null, setAside.GetProperty("rank").ValueKind);
        var me = await supervisor.GetJsonAsync("/api/auth/me");
        Assert.Equal(me.GetProperty("userId").GetString(), setAside.GetProperty("entry").GetProperty("recordedBy").GetString());
        Assert.Equal(host.Clock.GetUtcNow(), setAside.GetProperty("entry").GetProperty("recordedAt").GetDateTimeOffset());
        Assert.Equal(1, Line(month, b).GetProperty("rank").GetInt32());

        // Readers see the same; removing the entry brings the ranking back.
        using var auditor = await host.ClientAsync("hl", HotlineRole.Auditor);
        Assert.Equal("不合格", Line(await auditor.GetJsonAsync("/api/assessment?year=2025&month=3"), a).GetProperty("grade").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await supervisor.DeleteAsync(new Uri(Entry(a, 3), UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(1, Line(await auditor.GetJsonAsync("/api/assessment?year=2025&month=3"), b).GetProperty("rank").GetInt32());
        Assert.DoesNotContain((await auditor.GetJsonAsync("/api/assessment?year=2025&month=3")).GetProperty("units").EnumerateArray(), u => u.GetProperty("unitId").GetGuid() == a);
    }

    [Fact]
    public async Task Bad_entries_are_refused_and_change_nothing()
    {
        using var supervisor = await host.ClientAsync("hl", HotlineRole.Supervisor);
        var unit = DemoAccessSeeder.DemoUnitId("hl");
        await EnterAsync(supervisor, unit, 4, new { score = 70m, reason = "得分" });
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(unit, 4), new { score = 60m }, Ct), HttpStatusCode.UnprocessableEntity, "assessment.entry-invalid");
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(unit, 4), new { score = 5000m, reason = "x" }, Ct), HttpStatusCode.UnprocessableEntity, "assessment.entry-invalid");
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(unit, 4), new { reason = "x" }, Ct), HttpStatusCode.UnprocessableEntity, "assessment.entry-invalid");
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(unit, 13), new { score = 1m, reason = "x" }, Ct), HttpStatusCode.BadRequest, "request.out-of-range");
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(Guid.NewGuid(), 4), new { score = 1m, reason = "x" }, Ct), HttpStatusCode.NotFound, "unit.not-found");
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(unit, 4), new { score = "many", reason = "x" }, Ct), HttpStatusCode.BadRequest, "request.unreadable");
        Assert.Equal(70m, Line(await supervisor.GetJsonAsync("/api/assessment?year=2025&month=4"), unit).GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task Strangers_get_401_and_only_the_supervisor_enters()
    {
        using var stranger = host.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri("/api/assessment?year=2025&month=5", UriKind.Relative), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PutAsJsonAsync(Entry(DemoAccessSeeder.DemoUnitId("hl"), 5), new { score = 1m, reason = "x" }, Ct)).StatusCode);
        foreach (var role in new[] { HotlineRole.Reviewer, HotlineRole.UnitLeader, HotlineRole.Admin, HotlineRole.Auditor })
        {
            using var client = await host.ClientAsync("hl", role);
            await AssertRefusedAsync(await client.PutAsJsonAsync(Entry(DemoAccessSeeder.DemoUnitId("hl"), 5), new { score = 1m, reason = "x" }, Ct), HttpStatusCode.Forbidden, "access.denied");
        }

        using var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        Assert.Equal(HttpStatusCode.Forbidden, (await dispatcher.GetAsync(new Uri("/api/assessment?year=2025&month=5", UriKind.Relative), Ct)).StatusCode);
    }

    [Fact]
    public async Task The_use_case_itself_refuses_a_role_that_may_not_rate_units_and_changes_nothing()
    {
        // The workbench calls the use case directly, past no endpoint policy.
        var assessments = host.Services.GetRequiredService<Assessments>();
        var unit = DemoAccessSeeder.DemoUnitId("hl");
        using var supervisor = await host.ClientAsync("hl", HotlineRole.Supervisor);
        await EnterAsync(supervisor, unit, 8, new { score = 70m, reason = "督办核定" });

        foreach (var role in new[] { HotlineRole.Reviewer, HotlineRole.UnitLeader, HotlineRole.Admin, HotlineRole.Auditor })
        {
            var user = WorkbenchUsers.Demo("hl", role);
            await Assert.ThrowsAsync<AccessDeniedException>(() =>
                assessments.EnterAsync(user, unit, 2025, 8, 1m, unqualified: true, "越权", host.Clock.GetUtcNow(), Ct));
            await Assert.ThrowsAsync<AccessDeniedException>(() => assessments.RemoveEntryAsync(user, unit, 2025, 8, Ct));
        }

        var entry = Line(await supervisor.GetJsonAsync("/api/assessment?year=2025&month=8"), unit).GetProperty("entry");
        Assert.Equal((70m, false, "督办核定"), (entry.GetProperty("score").GetDecimal(), entry.GetProperty("unqualified").GetBoolean(), entry.GetProperty("reason").GetString()));
        // Another county's supervisor reaches no entry of this one.
        Assert.False(await assessments.RemoveEntryAsync(WorkbenchUsers.Demo("hsb", HotlineRole.Supervisor), unit, 2025, 8, Ct));
    }

    [Theory]
    [InlineData("hl", "hsb")]
    [InlineData("hsb", "hl")]
    public async Task Another_tenants_unit_cannot_be_rated_and_its_month_stays_empty(string tenant, string other)
    {
        using var supervisor = await host.ClientAsync(tenant, HotlineRole.Supervisor);
        var foreign = DemoAccessSeeder.DemoUnitId(other);
        await AssertRefusedAsync(await supervisor.PutAsJsonAsync(Entry(foreign, 6), new { unqualified = true, reason = "x" }, Ct), HttpStatusCode.NotFound, "unit.not-found");
        await AssertRefusedAsync(await supervisor.DeleteAsync(new Uri(Entry(foreign, 6), UriKind.Relative), Ct), HttpStatusCode.NotFound, "assessment.entry-not-found");

        // An entry of the other tenant is neither seen nor removed from here.
        using var theirs = await host.ClientAsync(other, HotlineRole.Supervisor);
        await EnterAsync(theirs, foreign, 7, new { score = 50m, reason = "本县" });
        Assert.DoesNotContain((await supervisor.GetJsonAsync("/api/assessment?year=2025&month=7")).GetProperty("units").EnumerateArray(), u => u.GetProperty("unitId").GetGuid() == foreign);
        await AssertRefusedAsync(await supervisor.DeleteAsync(new Uri(Entry(foreign, 7), UriKind.Relative), Ct), HttpStatusCode.NotFound, "assessment.entry-not-found");
        Assert.Equal(50m, Line(await theirs.GetJsonAsync("/api/assessment?year=2025&month=7"), foreign).GetProperty("score").GetDecimal());
    }
}
