using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Importing;

/// <summary>The one amount reader of the grid, the importer and the exchange format, and the storage limits they share.</summary>
public sealed class AmountRulesTests
{
    [Theory]
    [InlineData("236,77")]
    [InlineData("236、77")]
    [InlineData("1,23,456.00")]
    [InlineData("12 88.35")]
    [InlineData("1E+30")]
    public void ASeparatorThatCouldBeReadTwoWaysIsAnErrorNotAGuess(string input)
    {
        AmountParser.TryParseCell(input, out var cell, out var error).ShouldBeFalse();
        cell.IsBlank.ShouldBeTrue();
        error!.ShouldContain("不是金额");
    }

    [Theory]
    [InlineData("236,770", "236770")]
    [InlineData("1,234,567.8", "1234567.8")]
    [InlineData("１２，８８４．３５", "12884.35")]
    public void ThousandsSeparatorsInGroupsOfThreeAreRead(string input, string expected)
    {
        AmountParser.TryParseCell(input, out var cell, out _).ShouldBeTrue();
        cell.Number.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("-")]
    [InlineData("—")]
    [InlineData("－")]
    [InlineData("/")]
    public void TheExchangeFormatsMarksAreKeptAsText(string mark)
    {
        AmountParser.TryParseCell($" {mark} ", out var cell, out var error).ShouldBeTrue(error);
        cell.Text.ShouldBe(mark);
        AmountParser.IsMark(mark).ShouldBeTrue();
    }

    [Fact]
    public void AnAmountBeyondTheStorageRangeIsRefused()
    {
        AmountParser.TryParseCell("1,000,000,000,000,000", out _, out var error).ShouldBeFalse();
        error!.ShouldContain("超出允许的范围");
        AmountParser.TryParseCell("999,999,999,999,999.99", out var cell, out _).ShouldBeTrue();
        cell.Number.ShouldBe(999_999_999_999_999.99m);
    }

    [Fact]
    public void APrintedScaleAloneIsNoChange()
    {
        var columns = new List<ColumnNode>
        {
            new() { Key = "name", Title = "项目", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
            new() { Key = "amount", Title = "金额", Type = ColumnTypes.Amount },
        };
        TableDocument Table(decimal value) => RowIdentity.Apply(new TableDocument
        {
            Number = "表1", Title = "测试表", Columns = columns,
            Rows = [new RowDocument { Cells = [CellValue.Of("某支出"), CellValue.Of(value)] }],
        });

        TableDiff.Compare(Table(0.60m), Table(0.6m)).ShouldBeEmpty();
        TableDiff.Compare(Table(0.60m), Table(0.61m)).ShouldHaveSingleItem();
    }

    [Fact]
    public void ClassificationCodesAreThreeFiveOrSevenDigitsOrTwoDigitPartsWhereSplit()
    {
        var split = new List<ColumnNode>
        {
            new() { Key = "cls", Title = "类", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
            new() { Key = "kuan", Title = "款", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
            new() { Key = "xiang", Title = "项", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
            new() { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
        };
        var table = new TableDocument
        {
            Number = "表5", Title = "测试表", Columns = split,
            Rows =
            [
                new RowDocument { Cells = [CellValue.Of("212"), CellValue.Of("01"), CellValue.Of("02"), CellValue.Of("城乡社区管理事务")] },
                new RowDocument { Cells = [CellValue.Of("212"), CellValue.Of("1"), CellValue.Blank, CellValue.Of("城乡社区管理事务")] },
            ],
        };

        var violation = StorageLimits.Check(table).ShouldHaveSingleItem();

        violation.Row.ShouldBe(1);
        violation.Column.ShouldBe(1);
        violation.Message.ShouldBe("“1”不是 2 位数字的款级、项级编码");
    }
}
