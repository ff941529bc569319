using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hotline.Server.Tests.Workbench;

/// <summary>
/// An exported .xlsx as a test reads it: a sheet's cell text by row and column (1-based), whether a cell is bold, and
/// how many rows are frozen. Reads shared and inline strings and numbers, as any writer may store them.
/// </summary>
internal sealed class XlsxFile : IDisposable
{
    private readonly SpreadsheetDocument document;

    private XlsxFile(SpreadsheetDocument document) => this.document = document;

    public static XlsxFile Open(Stream stream) => new(SpreadsheetDocument.Open(stream, isEditable: false));

    public static XlsxFile Open(string path) => new(SpreadsheetDocument.Open(path, isEditable: false));

    public XlsxSheet Sheet(int position) => Sheet(Sheets().ElementAt(position - 1));

    public XlsxSheet Sheet(string name) => Sheet(Sheets().Single(s => s.Name == name));

    public void Dispose() => document.Dispose();

    private IEnumerable<Sheet> Sheets() => document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>();

    private XlsxSheet Sheet(Sheet sheet)
    {
        var part = (WorksheetPart)document.WorkbookPart!.GetPartById(sheet.Id!);
        var shared = document.WorkbookPart.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(i => i.InnerText).ToArray() ?? [];
        var bold = document.WorkbookPart.WorkbookStylesPart?.Stylesheet is { } styles
            ? styles.CellFormats!.Elements<CellFormat>().Select(f => styles.Fonts!.Elements<Font>().ElementAt((int)(f.FontId?.Value ?? 0)).Bold is not null).ToArray()
            : [];
        return new XlsxSheet(part.Worksheet, shared, bold);
    }
}

internal sealed class XlsxSheet(Worksheet worksheet, string[] shared, bool[] boldStyles)
{
    public string Text(int row, int column) => Cell(row, column) is { } cell ? Value(cell) : "";

    public bool IsEmpty(int row, int column) => Text(row, column).Length == 0;

    public bool IsBold(int row, int column) =>
        Cell(row, column) is { StyleIndex: { } style } && style.Value < boldStyles.Length && boldStyles[style.Value];

    /// <summary>Rows kept in view by a frozen pane; 0 when none.</summary>
    public int FrozenRows =>
        worksheet.SheetViews?.Elements<SheetView>().FirstOrDefault()?.Pane is { State.Value: var state, VerticalSplit: { } split }
        && state == PaneStateValues.Frozen ? (int)split.Value : 0;

    private Cell? Cell(int row, int column) =>
        worksheet.Descendants<Cell>().FirstOrDefault(c => c.CellReference?.Value == Reference(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture));

    private string Value(Cell cell)
    {
        if (cell.DataType?.Value == CellValues.InlineString)
            return cell.InlineString?.InnerText ?? "";
        var text = cell.CellValue?.Text ?? "";
        return cell.DataType?.Value == CellValues.SharedString ? shared[int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)] : text;
    }

    private static string Reference(int column)
    {
        var name = "";
        for (var c = column; c > 0; c = (c - 1) / 26)
            name = (char)('A' + ((c - 1) % 26)) + name;
        return name;
    }
}
