using Hotline.Application.Assessment;
using Hotline.Tickets.Tickets;
using Hotline.Workbench.Exports;

namespace Hotline.Workbench.Assessment;

/// <summary>The month's assessment as an Excel sheet, one row per unit, in the page's columns.</summary>
public static class AssessmentExport
{
    public static IReadOnlyList<string> Headers { get; } =
        ["排名", "等次", "得分", "承办单位", "工单量", "量级区间", "先行联系率", "按时办结率", "实际解决", "解释说明", "参考备案", "未解决", "满意", "一般", "不满意", "满意率", "知识库逾期未复核"];

    public static IReadOnlyList<string> Cells(UnitAssessment unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        return
        [
            unit.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            unit.Grade ?? "",
            unit.Score?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            unit.UnitName,
            unit.Volume.ToString(System.Globalization.CultureInfo.InvariantCulture),
            unit.VolumeBand?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            AssessmentGrades.Percent(unit.FirstContactRate),
            AssessmentGrades.Percent(unit.OnTimeRate),
            .. Enum.GetValues<ResolutionType>().Select(r => unit.Resolutions.GetValueOrDefault(r).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. Enum.GetValues<SatisfactionRating>().Select(r => unit.Ratings.GetValueOrDefault(r).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            AssessmentGrades.Percent(unit.SatisfactionRate),
            unit.KnowledgeReviewDue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
    }

    public static byte[] Xlsx(MonthlyAssessment assessment)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        var workbook = new ExportWorkbook();
        var sheet = Spreadsheet.Titled(workbook, "月度考核", $"{assessment.Year} 年 {assessment.Month} 月 承办单位考核（{assessment.ProfileName}）");
        Spreadsheet.Headers(sheet, 3, Headers);
        var row = 4;
        foreach (var unit in assessment.Units)
        {
            var cells = Cells(unit);
            for (var c = 0; c < cells.Count; c++)
                sheet.Set(row, c + 1, cells[c]);
            row++;
        }

        return workbook.ToXlsx();
    }
}
