using System.Net;
using Hotline.Application.Assessment;
using Hotline.Server.Access;
using Hotline.Server.Tests.Hosting;
using Hotline.Server.Tests.Tickets;
using Hotline.Tickets.Access;
using Hotline.Tickets.Tickets;
using Microsoft.Extensions.DependencyInjection;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// HL's monthly assessment from real tickets: one consultation contacted and replied within 1 working day, one replied
/// after it without first contact (HL-ASM-2's assessment limit, not the handling limit); bands, mixes, no points.
/// Its own host, because it moves the clock.
/// </summary>
public sealed class AssessmentDataTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    private static readonly TimeSpan Shanghai = TimeSpan.FromHours(8);

    [Fact]
    public async Task A_units_month_counts_first_contact_on_time_resolution_and_satisfaction_by_completion()
    {
        var ct = TestContext.Current.CancellationToken;
        var dispatcher = await host.ClientAsync("hl", HotlineRole.Dispatcher);
        var handler = await host.ClientAsync("hl", HotlineRole.UnitHandler);
        var reviewer = await host.ClientAsync("hl", HotlineRole.Reviewer);
        var unit = DemoAccessSeeder.DemoUnitId("hl");

        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 26, 9, 0, 0, Shanghai));
        var quick = (await dispatcher.RegisterAsync(TicketApi.Consultation("公积金提取材料"))).GetProperty("number").GetString()!;
        var slow = (await dispatcher.RegisterAsync(TicketApi.Consultation("社保转移流程"))).GetProperty("number").GetString()!;
        await dispatcher.ActAsync(quick, "dispatch", new { leadUnitId = unit });
        await dispatcher.ActAsync(slow, "dispatch", new { leadUnitId = unit });
        await handler.ActAsync(quick, "sign");
        await handler.ActAsync(slow, "sign");
        // The clock moves once only: each move lets the engine work through every timer that fell due.
        await handler.ActAsync(quick, "first-contact", new { note = "已电话联系来电人" });
        await handler.ActAsync(quick, "reply", new { measures = "告知所需材料", callerNotice = "已电话答复", resolution = "Resolved", fullyAnswered = true });
        await reviewer.ActAsync(quick, "reply/accept");
        await reviewer.ActAsync(quick, "revisit", new { rating = "Satisfied" });

        // 1 working day from Friday 09:00 is Sunday 28 September 09:00 (an adjusted working day); this reply is later.
        host.Clock.SetUtcNow(new DateTimeOffset(2025, 9, 29, 10, 0, 0, Shanghai));
        await handler.ActAsync(slow, "reply", new { measures = "说明转移政策", callerNotice = "已电话答复", resolution = "Explained", fullyAnswered = true });

        var assessment = await host.Services.GetRequiredService<Assessments>()
            .AssessAsync(WorkbenchUsers.Demo("hl", HotlineRole.Supervisor), 2025, 9, ct);

        Assert.Equal("HL", assessment.Profile);
        Assert.Equal(["volume", "firstContact", "onTimeCompletion", "resolution", "satisfaction"], assessment.Indicators);
        Assert.False(assessment.Scored);
        var line = Assert.Single(assessment.Units);
        Assert.Equal((2, 1, 1, 1), (line.Volume, line.VolumeBand, line.FirstContactCompliant, line.OnTime));
        Assert.Equal(1, line.Resolutions[ResolutionType.Resolved]);
        Assert.Equal(1, line.Resolutions[ResolutionType.Explained]);
        Assert.Equal(1, line.Rated);
        Assert.Equal(1.0, line.SatisfactionRate);
        Assert.Null(line.Grade);
        Assert.Empty((await host.Services.GetRequiredService<Assessments>().AssessAsync(WorkbenchUsers.Demo("hl", HotlineRole.Supervisor), 2025, 8, ct)).Units);
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            host.Services.GetRequiredService<Assessments>().AssessAsync(WorkbenchUsers.Demo("hl", HotlineRole.Dispatcher), 2025, 9, ct));

        var year = await host.Services.GetRequiredService<AssessmentYears>().BuildAsync(WorkbenchUsers.Demo("hl", HotlineRole.Supervisor), 2025, 9, ct);
        Assert.Equal(9, year.Months.Count);
        Assert.Equal((0.5, 1.0, 0.0), (year.Months[8].OnTimeRate, year.Months[8].SatisfactionRate, year.Months[8].ReturnRate));
        Assert.Null(year.Months[7].OnTimeRate);
        var unitYear = Assert.Single(year.Units);
        Assert.Equal([0, 0, 0, 0, 0, 0, 0, 0, 2], unitYear.Volumes);
        Assert.Null(unitYear.AnnualScore);

        var export = await reviewer.GetAsync(new Uri("/api/exports/assessment.xlsx?year=2025&month=9", UriKind.Relative), ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        using var workbook = XlsxFile.Open(await export.Content.ReadAsStreamAsync(ct));
        var sheet = workbook.Sheet(1);
        Assert.True(sheet.IsBold(1, 1) && sheet.IsBold(3, 1) && !sheet.IsBold(4, 4));
        Assert.Equal("承办单位", sheet.Text(3, 4));
        Assert.Equal("华龙区住房和城乡建设局", sheet.Text(4, 4));
        Assert.Equal("50.0 %", sheet.Text(4, 8));
    }
}
