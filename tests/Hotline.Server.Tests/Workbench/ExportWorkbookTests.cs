using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Hotline.Workbench.Exports;

namespace Hotline.Server.Tests.Workbench;

/// <summary>The export writer: a valid .xlsx whose text stays text, numbers are numbers, and titles and headers are bold.</summary>
public sealed class ExportWorkbookTests
{
    [Fact]
    public void A_workbook_is_valid_open_xml_and_reads_back_as_written()
    {
        var workbook = new ExportWorkbook();
        var sheet = Spreadsheet.Titled(workbook, "概况", "2026 年 1 月 热线工单月度通报");
        Spreadsheet.Headers(sheet, 3, ["工单编号", "工单数"]);
        sheet.Set(4, 1, "QU-20260105-0001");
        sheet.Set(4, 2, 42);
        sheet.Set(5, 1, "=1+1");
        sheet.Set(5, 28, "控制\u0001字符");
        sheet.FreezeFirstRow();
        workbook.AddSheet("热点诉求").Set(1, 1, "0012");

        var bytes = workbook.ToXlsx();

        using (var document = SpreadsheetDocument.Open(new MemoryStream(bytes), isEditable: false))
        {
            Assert.Empty(new OpenXmlValidator().Validate(document, TestContext.Current.CancellationToken));
        }

        using var file = XlsxFile.Open(new MemoryStream(bytes));
        var read = file.Sheet("概况");
        Assert.Equal("2026 年 1 月 热线工单月度通报", read.Text(1, 1));
        Assert.True(read.IsBold(1, 1) && read.IsBold(3, 2) && !read.IsBold(4, 1));
        Assert.Equal(("QU-20260105-0001", "42", "=1+1", "控制字符"), (read.Text(4, 1), read.Text(4, 2), read.Text(5, 1), read.Text(5, 28)));
        Assert.Equal(1, read.FrozenRows);
        Assert.Equal("0012", file.Sheet(2).Text(1, 1));
    }
}
