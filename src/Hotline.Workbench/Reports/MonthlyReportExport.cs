using System.Globalization;
using Hotline.Application.Reports;
using Hotline.Workbench.Exports;

namespace Hotline.Workbench.Reports;

/// <summary>The monthly report as an Excel workbook: a summary sheet and one sheet per breakdown.</summary>
public static class MonthlyReportExport
{
    public static byte[] Xlsx(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var workbook = new ExportWorkbook();
        var summary = Spreadsheet.Titled(workbook, "概况", $"{report.Year} 年 {report.Month} 月 热线工单月度通报");
        var row = 3;
        foreach (var (name, value) in Lines(report))
        {
            summary.Set(row, 1, name);
            summary.Set(row, 2, value);
            row++;
        }

        Breakdown(workbook, "按渠道", "受理渠道", report.ByChannel);
        Breakdown(workbook, "按类别", "诉求类别", report.ByCategory);
        Breakdown(workbook, "按单位", "主办单位", report.ByUnit);
        var hot = workbook.AddSheet("热点诉求");
        Spreadsheet.Headers(hot, 1, ["类型", "名称", "本月", "上月", "增加"]);
        for (var i = 0; i < report.HotTopics.Count; i++)
        {
            var topic = report.HotTopics[i];
            hot.Set(i + 2, 1, topic.Kind);
            hot.Set(i + 2, 2, topic.Name);
            hot.Set(i + 2, 3, topic.Count);
            hot.Set(i + 2, 4, topic.PreviousCount);
            hot.Set(i + 2, 5, topic.Rise);
        }

        return workbook.ToXlsx();
    }

    /// <summary>The summary lines, as the page and the workbook show them.</summary>
    public static IReadOnlyList<(string Name, string Value)> Lines(MonthlyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return
        [
            ("受理工单", Count(report.Registered)),
            ("其中直接办结（知识库答复）", Count(report.AnsweredDirectly)),
            ("本月办结（办理时限停止）", Count(report.HandledInMonth)),
            ("按时办结", Count(report.HandledOnTime)),
            ("按时办结率", Rate(report.OnTimeRate)),
            ("逾期工单", Count(report.OverdueTickets)),
            ("满意 / 一般 / 不满意", $"{report.Satisfied} / {report.Neutral} / {report.Dissatisfied}"),
            ("满意率", Rate(report.SatisfactionRate)),
            ("退办申请 / 通过", $"{report.ReturnsRequested} / {report.ReturnsApproved}"),
            ("延期申请 / 批准", $"{report.ExtensionsRequested} / {report.ExtensionsApproved}"),
            ("督办", Count(report.Supervisions)),
            ("约谈", Count(report.Interviews)),
        ];
    }

    public static string Rate(double? rate) => rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "—";

    private static string Count(int count) => count.ToString(CultureInfo.InvariantCulture);

    private static void Breakdown(ExportWorkbook workbook, string sheetName, string header, IReadOnlyList<Tally> tallies)
    {
        var sheet = workbook.AddSheet(sheetName);
        Spreadsheet.Headers(sheet, 1, [header, "工单数"]);
        for (var i = 0; i < tallies.Count; i++)
        {
            sheet.Set(i + 2, 1, tallies[i].Name);
            sheet.Set(i + 2, 2, tallies[i].Count);
        }
    }
}
