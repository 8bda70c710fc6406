using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Tests.Infrastructure;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Exports;

public sealed class ExcelExporterTests
{
    private static XLWorkbook Write(DisclosureDocument document)
    {
        var stream = new MemoryStream();
        ExcelExporter.WriteDisclosure(document, stream);
        stream.Position = 0;
        return new XLWorkbook(stream);
    }

    [Fact]
    public void WorkbookReadBackGivesEveryFigureExactlyAndBlanksBlank()
    {
        var document = PdfExporterTests.LongTable(40);
        document.Tables[0].Rows[3].Cells[3] = CellValue.Blank;
        document.Tables[0].Rows[4].Cells[4] = CellValue.Of(0.00m);

        using var workbook = Write(document);

        var body = Workbooks.ReadBody(workbook.Worksheet(2), document.Tables[0]);
        body.Count.ShouldBe(40);
        for (var r = 0; r < 40; r++)
        {
            body[r].ShouldBe(document.Tables[0].Rows[r].Cells, $"row {r + 1}");
        }

        body[3][3].IsBlank.ShouldBeTrue();
        body[4][4].Number.ShouldBe(0m);
    }

    [Fact]
    public void SheetHasContentsMergedHeaderNumberFormatFrozenHeaderAndPrintSetup()
    {
        using var workbook = Write(PdfExporterTests.LongTable(3));

        workbook.Worksheets.Select(s => s.Name).ShouldBe(["目录", "表10 支出功能分类预算表"]);
        var sheet = workbook.Worksheet(2);
        var group = sheet.Cell(3, 4);
        group.GetString().ShouldBe("本年收入");
        group.MergedRange().RangeAddress.ToString().ShouldBe("D3:E3");
        sheet.Cell(3, 1).MergedRange().RangeAddress.ToString().ShouldBe("A3:A4");
        sheet.Cell(5, 1).DataType.ShouldBe(XLDataType.Text);
        sheet.Cell(5, 3).Style.NumberFormat.Format.ShouldBe("#,##0.00");
        sheet.SheetView.SplitRow.ShouldBe(4);
        sheet.SheetView.SplitColumn.ShouldBe(2, "the code and name columns stay in view");
        sheet.PageSetup.PaperSize.ShouldBe(XLPaperSize.A4Paper);
        sheet.PageSetup.PagesWide.ShouldBe(1);
        sheet.PageSetup.FirstRowToRepeatAtTop.ShouldBe(3);
        sheet.PageSetup.LastRowToRepeatAtTop.ShouldBe(4);
        sheet.Column(2).Width.ShouldBeGreaterThan(8);
    }

    [Fact]
    public void SheetNamesAreCutTo31CharactersCleanedAndUnique()
    {
        var taken = new HashSet<string>();
        var table = new TableDocument { Number = "表17", Title = "部门预算项目（政策）绩效目标表：医疗保障工作专项经费/其他" };

        var first = ExcelExporter.SheetName(table, taken);
        var second = ExcelExporter.SheetName(table, taken);

        first.Length.ShouldBeLessThanOrEqualTo(31);
        first.ShouldNotContain("/");
        first.ShouldNotContain(":");
        second.ShouldEndWith("(2)");
        second.Length.ShouldBeLessThanOrEqualTo(31);
    }

    [Fact]
    public void ACutSheetNameNeverLeavesABracketOpen()
    {
        var table = new TableDocument { Number = "表9", Title = "一般公共预算基本支出预算表（部门预算支出经济分类科目与政府预算支出经济分类科目对照）" };

        var name = ExcelExporter.SheetName(table, []);

        name.Length.ShouldBeLessThanOrEqualTo(31);
        name.Count(c => c == '（').ShouldBe(name.Count(c => c == '）'));
        name.ShouldBe("表9 一般公共预算基本支出预算表");
    }

    [Fact]
    public void CsvHasBomFullHeaderPathsWithTheUnitAndPlainNumbers()
    {
        var document = PdfExporterTests.LongTable(2);
        using var stream = new MemoryStream();

        CsvExporter.WriteTable(document.Tables[0], stream);

        var bytes = stream.ToArray();
        bytes.Take(3).ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).TrimEnd().Split("\r\n");
        lines[0].ShouldBe("科目编码,科目名称,总计（万元）,本年收入/基本支出（万元）,本年收入/项目支出（万元）");
        lines[1].ShouldBe("\"2080001\",第1行科目,1001.25,1.25,1000.00");
    }
}
