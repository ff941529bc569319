using System.Text;
using System.Text.RegularExpressions;
using Hotline.Application.Audit;
using Hotline.Application.Queues;
using Hotline.Server.Tests.Hosting;
using Hotline.Tickets.Tickets;
using Hotline.Workbench.Audit;
using Hotline.Workbench.Reports;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// zh-CN throughout, checked where it is decided: MudBlazor's own words through the host's localization interceptor,
/// the audit export's resolution and rating, the report chart's y-axis step, and an API reference page that loads
/// nothing from the internet.
/// </summary>
public sealed partial class WorkbenchChineseTests(HotlineHost host) : IClassFixture<HotlineHost>
{
    [Theory]
    [InlineData("MudAlert_Close", "关闭")]
    [InlineData("MudSnackbar_Close", "关闭")]
    [InlineData("MudBaseDatePicker_Open", "打开日历")]
    [InlineData("MudTablePager_NextPage", "下一页")]
    [InlineData("MudTablePager_PreviousPage", "上一页")]
    [InlineData("MudTablePager_LastPage", "最后一页")]
    [InlineData("MudInput_Clear", "清除")]
    public void MudBlazor_speaks_Chinese_in_the_workbench_whatever_the_culture(string key, string expected)
    {
        using var scope = host.Services.CreateScope();
        var words = scope.ServiceProvider.GetRequiredService<ILocalizationInterceptor>();
        var english = System.Globalization.CultureInfo.CurrentUICulture;
        try
        {
            System.Globalization.CultureInfo.CurrentUICulture = System.Globalization.CultureInfo.GetCultureInfo("en-US");
            Assert.Equal(expected, words.Handle(key).Value);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = english;
        }
    }

    [Fact]
    public void The_audit_export_writes_resolution_and_rating_in_Chinese()
    {
        var row = new AuditRow("HL-20250926-0001", TicketState.Archived, "phone", TicketCategory.Complaint, TicketUrgency.Normal, "138****5678", "路灯不亮",
            null, "华龙区住房和城乡建设局", DateTimeOffset.UnixEpoch, null, DeadlineLight.Normal, false, ResolutionType.Resolved, SatisfactionRating.Satisfied);
        var csv = Encoding.UTF8.GetString(TicketListExport.Csv([row]));
        Assert.Contains(",已解决,满意", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Resolved", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("Satisfied", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(2, 1)]
    [InlineData(7, 2)]
    [InlineData(20, 5)]
    [InlineData(140, 50)]
    public void The_report_chart_steps_its_y_axis_by_the_largest_bar(int largest, int step) =>
        Assert.Equal(step, ReportsPage.CountStep(largest));

    [Fact]
    public async Task The_API_reference_loads_no_fonts_or_scripts_from_the_internet()
    {
        using var client = host.CreateClient();
        var html = await client.GetStringAsync(new Uri("/api/docs", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Empty(ExternalReference().Matches(html));
        Assert.Contains("\"withDefaultFonts\":false", html, StringComparison.Ordinal);
    }

    [GeneratedRegex("(src|href)\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
