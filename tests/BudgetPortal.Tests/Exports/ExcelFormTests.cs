using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Workbooks;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Exports;

/// <summary>绩效 forms and empty tables in the workbook: task grids with amounts as numbers, the 空表 mark, a readable print size.</summary>
public sealed class ExcelFormTests
{
    private static byte[] Export(DisclosureDocument document)
    {
        using var stream = new MemoryStream();
        ExcelExporter.WriteDisclosure(document, stream);
        return stream.ToArray();
    }

    private static IXLWorksheet Sheet(XLWorkbook workbook, string number) => workbook.Worksheets.Single(s => s.Name.StartsWith(number, StringComparison.Ordinal));

    [Fact]
    public void TaskLinesAreAGridWithAmountsStoredAsNumbersPrintedAsTheFormPrintsThem()
    {
        using var workbook = new XLWorkbook(new MemoryStream(Export(FormDocuments.WithForm())));
        var sheet = Sheet(workbook, "附件1");

        var header = sheet.CellsUsed().Single(c => c.GetString() == "年度主要任务");
        header.CellRight().GetString().ShouldBe("对应项目");
        header.CellRight(2).GetString().ShouldBe("项目下达金额");
        header.CellRight(3).GetString().ShouldBe("项目执行率");
        var first = header.CellBelow();
        first.GetString().ShouldBe("年度主要任务1");
        first.CellRight().GetString().ShouldBe("河道整治");
        first.CellRight(2).DataType.ShouldBe(XLDataType.Number);
        first.CellRight(2).GetValue<decimal>().ShouldBe(12.50m);
        first.CellRight(2).Style.NumberFormat.Format.ShouldBe("0.00");
        first.CellRight(3).DataType.ShouldBe(XLDataType.Number);
        first.CellRight(3).GetValue<decimal>().ShouldBe(0.96m);
        first.CellRight(3).Style.NumberFormat.Format.ShouldBe("0%");
        first.CellBelow().CellRight(2).Style.NumberFormat.Format.ShouldBe("0.0");
        sheet.CellsUsed().ShouldNotContain(c => c.GetString().Contains("年度主要任务1：", StringComparison.Ordinal));
        var unitCode = sheet.CellsUsed().Single(c => c.GetString() == "部门（单位）名称").CellRight();
        unitCode.DataType.ShouldBe(XLDataType.Text, "a unit code with a leading zero is not a figure");
    }

    [Fact]
    public void TheFormReadsBackIntoTheSameLines()
    {
        var document = FormDocuments.WithForm();
        var reading = WorkbookImporter.Read(document, new MemoryStream(Export(document)));

        reading.Errors.ShouldBeEmpty();
        var form = document.Tables.FindIndex(t => t.Number == "附件1");
        reading.Tables[form].Fields!.Select(f => (f.Label, f.Value)).ShouldBe(document.Tables[form].Fields!.Select(f => (f.Label, f.Value)));
    }

    [Fact]
    public void AnEmptyTableIsMarkedOnItsSheetAndInTheContents()
    {
        using var workbook = new XLWorkbook(new MemoryStream(Export(FormDocuments.WithForm())));

        Sheet(workbook, "公开08表").Cell(1, 1).GetString().ShouldEndWith("（空表）");
        Sheet(workbook, "公开08表").CellsUsed().ShouldContain(c => c.GetString() == "本部门本年度无政府性基金预算财政拨款支出。");
        workbook.Worksheet("目录").CellsUsed().ShouldContain(c => c.GetString() == "政府性基金预算财政拨款支出决算表（空表）");
    }

    [Fact]
    public void AWideFormPrintsAtAReadableScaleNotFittedIntoOnePage()
    {
        var wide = FormDocuments.WithForm();
        var form = wide.Tables.Single(t => t.Number == "附件1");
        var columns = Enumerable.Range(1, 14).Select(i => new ColumnNode { Key = $"reason{i}", Title = $"原因分析{i}", Type = ColumnTypes.Text }).ToList();
        var row = new RowDocument { Cells = [.. form.Rows[0].Cells, .. columns.Select(_ => CellValue.Of("经费保障不足，需要在下一年度加强预算编制"))] };
        wide = wide with { Tables = [.. wide.Tables.Select(t => t == form ? t with { Columns = [.. t.Columns, .. columns], Rows = [row] } : t)] };

        using var workbook = new XLWorkbook(new MemoryStream(Export(RowIdentity.Apply(wide))));
        var sheet = Sheet(workbook, "附件1");

        sheet.PageSetup.Scale.ShouldBeGreaterThanOrEqualTo(60);
        sheet.PageSetup.PagesWide.ShouldNotBe(1);
    }
}
