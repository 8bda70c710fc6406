using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Exports;
using BudgetPortal.Core.Workbooks;
using BudgetPortal.Tests.Infrastructure;
using ClosedXML.Excel;

namespace BudgetPortal.Tests.Importing;

/// <summary>The importer alone, against the exported workbook of the 2023 budget of 辽宁省 as the draft it came from.</summary>
public sealed class WorkbookImporterTests
{
    private static readonly DisclosureDocument Draft = ReferenceFiles.BySlug("liaoning-2023-budget");
    private static readonly Lazy<byte[]> Good = new(() =>
    {
        using var output = new MemoryStream();
        ExcelExporter.WriteDisclosure(Draft, output);
        return output.ToArray();
    });

    private static WorkbookReading Read(byte[] file) => WorkbookImporter.Read(Draft, new MemoryStream(file));

    private static List<CellChange> Changes(WorkbookReading reading) =>
        [.. reading.Tables.SelectMany(kv => TableDiff.Compare(Draft.Tables[kv.Key], kv.Value))];

    [Theory]
    [MemberData(nameof(BadWorkbooks.Names), MemberType = typeof(BadWorkbooks))]
    public void EveryWorkbookOfTheCorpusIsRefusedWithItsMessageAndNothingRead(string name)
    {
        var (file, expected) = BadWorkbooks.Get(name).Make(Good.Value);

        var reading = Read(file);

        reading.Ok.ShouldBeFalse();
        reading.Tables.ShouldBeEmpty();
        string.Join("\n", reading.Errors).ShouldContain(expected);
    }

    [Fact]
    public void TheExportedWorkbookReadsBackWithoutAnyChange()
    {
        var reading = Read(Good.Value);

        reading.Errors.ShouldBeEmpty();
        Changes(reading).ShouldBeEmpty();
    }

    [Fact]
    public void NotesBelowATableEndItsBodyInsteadOfBecomingRows()
    {
        var file = BadWorkbooks.Edit(Good.Value, book =>
        {
            var sheet = book.Worksheet(BadWorkbooks.Spending);
            var last = sheet.LastRowUsed()!.RowNumber();
            sheet.Cell(last + 1, 1).SetValue("注：本表反映部门本年度支出预算，按支出功能分类科目列示。");
            sheet.Cell(last + 2, 1).SetValue("注1. 尾数差异系四舍五入所致。");
            sheet.Cell(last + 3, 1).SetValue("说明：空白表示无此项支出。");
        });

        var reading = Read(file);

        reading.Errors.ShouldBeEmpty();
        Changes(reading).ShouldBeEmpty();
    }

    [Fact]
    public void CodeColumnsOfTheDownloadedWorkbookAreTextSoThatATypedCodeKeepsItsLeadingZero()
    {
        using var book = new XLWorkbook(new MemoryStream(Good.Value));
        var sheet = book.Worksheet(BadWorkbooks.Spending);
        var code = BadWorkbooks.Find(sheet, "2080501");

        code.Style.NumberFormat.Format.ShouldBe("@");
        sheet.Cell(sheet.LastRowUsed()!.RowNumber() + 5, code.Address.ColumnNumber).Style.NumberFormat.Format.ShouldBe("@", "rows added below the table too");
        BadWorkbooks.Find(sheet, "行政单位离退休").Style.NumberFormat.Format.ShouldNotBe("@");
    }

    [Theory]
    [InlineData("—")]
    [InlineData("-")]
    [InlineData("/")]
    public void AMarkInAnAmountCellIsKeptAsPrintedLikeTheExchangeFormatDoes(string mark)
    {
        var file = BadWorkbooks.Edit(Good.Value, book =>
        {
            var code = BadWorkbooks.Find(book.Worksheet(BadWorkbooks.Spending), "2080501");
            code.Worksheet.Cell(code.Address.RowNumber, code.Address.ColumnNumber + 6).SetValue(mark);
        });

        var reading = Read(file);

        reading.Errors.ShouldBeEmpty();
        var change = Changes(reading).ShouldHaveSingleItem();
        change.New.ShouldBe(mark);
        var table = reading.Tables.Values.Single(t => t.Number == "表3");
        var document = Draft with { Tables = [.. Draft.Tables.Select(t => t.Number == "表3" ? table : t)] };
        DisclosureValidator.Validate(document).ShouldBeEmpty("the exchange format accepts what the importer accepts");
    }

    [Fact]
    public void ANumberIsReadAsExcelShowsItWithoutBinaryNoise()
    {
        var file = BadWorkbooks.Edit(Good.Value, book =>
        {
            var code = BadWorkbooks.Find(book.Worksheet(BadWorkbooks.Spending), "2080501");
            code.Worksheet.Cell(code.Address.RowNumber, code.Address.ColumnNumber + 2).Value = 0.1 + 0.2;
        });

        var change = Changes(Read(file)).ShouldHaveSingleItem();

        change.New.ShouldBe("0.30");
    }
}
