namespace Hotline.Workbench.Exports;

/// <summary>What every exported workbook (导出表格) shares: a titled first sheet, bold header rows and the bytes of the file.</summary>
public static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A new sheet with <paramref name="title"/> in bold in its first cell.</summary>
    public static ExportSheet Titled(ExportWorkbook workbook, string sheetName, string title)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var sheet = workbook.AddSheet(sheetName);
        sheet.Set(1, 1, title, bold: true);
        return sheet;
    }

    /// <summary>A header row in bold at <paramref name="row"/>.</summary>
    public static void Headers(ExportSheet sheet, int row, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        for (var c = 0; c < headers.Count; c++)
            sheet.Set(row, c + 1, headers[c], bold: true);
    }
}
