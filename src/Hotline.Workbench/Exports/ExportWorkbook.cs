using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Hotline.Workbench.Exports;

/// <summary>
/// An exported workbook as it is filled in — named sheets of text and number cells, bold cells, a frozen header row —
/// written as .xlsx with the Open XML SDK, which needs no System.Drawing. Text stays text: a ticket number or
/// <c>50.0 %</c> is never read as a number, a formula or a date.
/// </summary>
public sealed class ExportWorkbook
{
    private const uint BoldStyle = 1;
    private readonly List<ExportSheet> sheets = [];

    public ExportSheet AddSheet(string name)
    {
        var sheet = new ExportSheet(name);
        sheets.Add(sheet);
        return sheet;
    }

    public byte[] ToXlsx()
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbookPart = document.AddWorkbookPart();
            workbookPart.Workbook = new Workbook();
            workbookPart.AddNewPart<WorkbookStylesPart>().Stylesheet = Styles();
            var list = workbookPart.Workbook.AppendChild(new Sheets());
            uint sheetId = 1;
            foreach (var sheet in sheets)
            {
                var part = workbookPart.AddNewPart<WorksheetPart>();
                part.Worksheet = sheet.ToWorksheet(BoldStyle);
                list.Append(new Sheet { Id = workbookPart.GetIdOfPart(part), SheetId = sheetId++, Name = sheet.Name });
            }
        }

        return stream.ToArray();
    }

    /// <summary>Style 0 is the default; style <see cref="BoldStyle"/> the same font in bold.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(Font(bold: false), Font(bold: true)) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1 },
        new CellStyleFormats(new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0 }) { Count = 1 },
        new CellFormats(
            new CellFormat { NumberFormatId = 0, FontId = 0, FillId = 0, BorderId = 0, FormatId = 0 },
            new CellFormat { NumberFormatId = 0, FontId = 1, FillId = 0, BorderId = 0, FormatId = 0, ApplyFont = true }) { Count = 2 });

    private static Font Font(bool bold)
    {
        var font = new Font();
        if (bold)
        {
            font.Append(new Bold());
        }

        font.Append(new FontSize { Val = 11 }, new FontName { Val = "Calibri" });
        return font;
    }
}

/// <summary>One sheet of an <see cref="ExportWorkbook"/>; rows and columns are 1-based as in the spreadsheet.</summary>
public sealed class ExportSheet
{
    private readonly SortedDictionary<int, SortedDictionary<int, (object Value, bool Bold)>> rows = [];
    private bool headerFrozen;

    internal ExportSheet(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    public void Set(int row, int column, string value, bool bold = false) => Row(row)[column] = (value, bold);

    public void Set(int row, int column, int value, bool bold = false) => Row(row)[column] = (value, bold);

    /// <summary>Keeps the first row in view while the rest scrolls.</summary>
    public void FreezeFirstRow() => headerFrozen = true;

    private SortedDictionary<int, (object Value, bool Bold)> Row(int row)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        if (!rows.TryGetValue(row, out var cells))
        {
            rows[row] = cells = [];
        }

        return cells;
    }

    internal Worksheet ToWorksheet(uint boldStyle)
    {
        var worksheet = new Worksheet();
        if (headerFrozen)
        {
            worksheet.Append(new SheetViews(new SheetView(
                new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                new Selection { Pane = PaneValues.BottomLeft })
            { WorkbookViewId = 0 }));
        }

        var data = new SheetData();
        foreach (var (index, cells) in rows)
        {
            var row = new Row { RowIndex = (uint)index };
            foreach (var (column, (value, bold)) in cells)
            {
                var cell = new Cell { CellReference = Reference(column) + index.ToString(System.Globalization.CultureInfo.InvariantCulture) };
                if (bold)
                {
                    cell.StyleIndex = boldStyle;
                }

                if (value is int number)
                {
                    cell.CellValue = new CellValue(number);
                }
                else
                {
                    cell.DataType = CellValues.InlineString;
                    cell.InlineString = new InlineString(new Text(XmlSafe((string)value)) { Space = SpaceProcessingModeValues.Preserve });
                }

                row.Append(cell);
            }

            data.Append(row);
        }

        worksheet.Append(data);
        return worksheet;
    }

    /// <summary>1 → A, 27 → AA.</summary>
    private static string Reference(int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        var name = "";
        for (var c = column; c > 0; c = (c - 1) / 26)
        {
            name = (char)('A' + ((c - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>Control characters a caller's text may carry cannot be written in XML; they are dropped.</summary>
    private static string XmlSafe(string value) =>
        value.All(XmlConvert.IsXmlChar) ? value : string.Concat(value.Where(XmlConvert.IsXmlChar));
}
