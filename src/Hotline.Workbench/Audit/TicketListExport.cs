using System.Text;
using Hotline.Application.Audit;
using Hotline.Application.Names;
using Hotline.Workbench.Exports;

namespace Hotline.Workbench.Audit;

/// <summary>
/// The auditor's result list as a file (导出): CSV (UTF-8 with BOM, so Excel reads the Chinese) and XLSX. Both carry
/// the same columns in zh-CN; times are Beijing time; the caller phone stays masked.
/// </summary>
public static class TicketListExport
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = Spreadsheet.ContentType;

    private static readonly string[] Headers =
        ["工单编号", "状态", "渠道", "诉求类别", "紧急程度", "来电号码", "诉求内容", "事发地点", "主办单位", "受理时间", "最近到期", "时限状态", "曾逾期", "解决情况", "满意度"];

    public static byte[] Csv(IEnumerable<AuditRow> rows)
    {
        var text = new StringBuilder();
        text.AppendJoin(',', Headers.Select(Quote)).Append("\r\n");
        foreach (var row in rows)
            text.AppendJoin(',', Cells(row).Select(Quote)).Append("\r\n");
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];
    }

    public static byte[] Xlsx(IEnumerable<AuditRow> rows)
    {
        var workbook = new ExportWorkbook();
        var sheet = workbook.AddSheet("工单");
        Spreadsheet.Headers(sheet, 1, Headers);
        var r = 2;
        foreach (var row in rows)
        {
            var cells = Cells(row);
            for (var c = 0; c < cells.Length; c++)
                sheet.Set(r, c + 1, cells[c]);  // text stays text: numbers like ticket numbers are not reformatted.
            r++;
        }

        sheet.FreezeFirstRow();
        return workbook.ToXlsx();
    }

    private static string[] Cells(AuditRow row) =>
    [
        row.Number,
        Labels.State(row.State),
        Labels.Channel(row.Channel),
        Labels.Category(row.Category),
        Labels.Urgency(row.Urgency.ToString()),
        row.CallerPhone,
        row.Content,
        row.Location ?? "",
        row.LeadUnit ?? "",
        Labels.Time(row.RegisteredAt),
        Labels.Time(row.NextDueAt),
        Labels.Light(row.Light),
        row.EverOverdue ? "是" : "否",
        row.Resolution is { } resolution ? Labels.Resolution(resolution) : "",
        row.Satisfaction is { } rating ? Labels.Rating(rating) : "",
    ];

    /// <summary>RFC 4180 quoting; a cell that a spreadsheet would run as a formula is prefixed with an apostrophe.</summary>
    private static string Quote(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        return value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
