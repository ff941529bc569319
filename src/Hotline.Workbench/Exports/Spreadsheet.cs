using ClosedXML.Excel;

namespace Hotline.Workbench.Exports;

/// <summary>What every exported workbook (导出表格) shares: a titled first sheet and the bytes of the file.</summary>
public static class Spreadsheet
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>A new sheet with <paramref name="title"/> in bold in its first cell.</summary>
    public static IXLWorksheet Titled(XLWorkbook workbook, string sheetName, string title)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        var sheet = workbook.Worksheets.Add(sheetName);
        sheet.Cell(1, 1).SetValue(title);
        sheet.Cell(1, 1).Style.Font.Bold = true;
        return sheet;
    }

    /// <summary>A header row in bold at <paramref name="row"/>.</summary>
    public static void Headers(IXLWorksheet sheet, int row, IReadOnlyList<string> headers)
    {
        ArgumentNullException.ThrowIfNull(sheet);
        for (var c = 0; c < headers.Count; c++)
            sheet.Cell(row, c + 1).SetValue(headers[c]);
        sheet.Row(row).Style.Font.Bold = true;
    }

    public static byte[] Bytes(XLWorkbook workbook)
    {
        ArgumentNullException.ThrowIfNull(workbook);
        using var stream = new MemoryStream();
        workbook.SaveAs(stream);
        return stream.ToArray();
    }
}
