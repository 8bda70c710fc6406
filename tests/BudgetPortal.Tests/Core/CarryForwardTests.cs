using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core;

/// <summary>
/// A new draft started from last year's disclosure: rows and codes carried, figures blank — except, on request, the
/// columns a set declares as 上年数 (<see cref="ColumnNode.PriorYearOf"/>), filled with last year's figure of the named
/// column, converted to this year's unit.
/// </summary>
public sealed class CarryForwardTests
{
    private static readonly List<ColumnNode> WithPriorYear =
    [
        new() { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
        new() { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
        new() { Key = "prior_year", Title = "上年预算数", Type = ColumnTypes.Amount, PriorYearOf = "budget" },
        new() { Key = "budget", Title = "本年预算数", Type = ColumnTypes.Amount },
    ];

    private static RowDocument Row(string code, string name, decimal? prior, decimal? budget) => new()
    {
        Level = code.Length == 3 ? 1 : 2,
        Cells = [CellValue.Of(code), CellValue.Of(name), prior is { } p ? CellValue.Of(p) : CellValue.Blank, budget is { } b ? CellValue.Of(b) : CellValue.Blank],
    };

    private static TableDocument Table(string unit, int decimals, params RowDocument[] rows) => RowIdentity.Apply(new TableDocument
    {
        Number = "表3",
        Code = "water_works",
        Title = "水利工程支出预算表",
        Unit = unit,
        Decimals = decimals,
        Columns = WithPriorYear,
        Rows = [.. rows],
    });

    private static DisclosureDocument LastYear(TableDocument table) => new() { Slug = "shuili-2026-budget", Year = 2026, Kind = "budget", Tables = [table] };

    [Fact]
    public void OnRequestThePriorYearColumnTakesLastYearsFigureAndEverythingElseStaysBlank()
    {
        // The same columns as last year: the draft keeps last year's rows, unit and decimals (0180).
        var previous = LastYear(Table("元", 0,
            Row("213", "农林水支出", 2_500_000m, 1_234_567m),
            Row("21303", "水利", null, 1_234_567m),
            Row("21399", "其他农林水支出", 80_000m, null)));

        var drafted = CarryForward.Table(Table("万元", 2), previous, priorYearFigures: true);

        drafted.Unit.ShouldBe("元");
        drafted.Rows.Select(r => r.Code).ShouldBe(["213", "21303", "21399"]);
        drafted.Rows.Select(r => r.Cells[2].Number).ShouldBe([1_234_567m, 1_234_567m, null]);
        drafted.Rows.ShouldAllBe(r => r.Cells[3].IsBlank);
    }

    [Fact]
    public void ATableInAnotherUnitThanLastYearGetsTheFigureConvertedAndRoundedToItsDecimals()
    {
        var previous = LastYear(Table("元", 0,
            Row("213", "农林水支出", 2_500_000m, 1_234_567m),
            Row("21303", "水利", null, 1_234_565m)));
        var blank = Table("万元", 2);

        var drafted = CarryForward.PriorYear(blank with { Rows = [Row("213", "农林水支出", null, null), Row("21303", "水利", null, null)] }, previous.Tables[0]);

        drafted.Unit.ShouldBe("万元");
        drafted.Rows.Select(r => r.Cells[2].Number).ShouldBe([123.46m, 123.46m]);
        drafted.Rows.ShouldAllBe(r => r.Cells[3].IsBlank);
    }

    [Fact]
    public void WithoutTheRequestEveryFigureStartsBlankAsBefore()
    {
        var previous = LastYear(Table("万元", 2, Row("213", "农林水支出", 250m, 300.5m)));

        var drafted = CarryForward.Table(Table("万元", 2), previous);

        drafted.Rows.Single().Cells.Skip(2).ShouldAllBe(c => c.IsBlank);
    }

    [Fact]
    public void ARowLastYearDidNotHaveStaysBlankAndAFixedRowIsMatchedByItsItem()
    {
        var columns = new List<ColumnNode>
        {
            new() { Key = "item", Title = "项目", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
            new() { Key = "prior_year", Title = "上年数", Type = ColumnTypes.Amount, PriorYearOf = "amount" },
            new() { Key = "amount", Title = "本年数", Type = ColumnTypes.Amount },
        };
        TableDocument Fixed(params (string Item, decimal? Amount)[] rows) => RowIdentity.Apply(new TableDocument
        {
            Number = "表7",
            Code = "three_public",
            Title = "“三公”经费支出预算表",
            Columns = columns,
            Rows = [.. rows.Select(r => new RowDocument { Cells = [CellValue.Of(r.Item), CellValue.Blank, r.Amount is { } a ? CellValue.Of(a) : CellValue.Blank] })],
        });
        var previous = LastYear(Fixed(("合计", 12.3m), ("公务接待费", 2.3m)));
        var blank = Fixed(("合计", null), ("公务接待费", null), ("公务用车运行费", null));

        var drafted = CarryForward.PriorYear(blank, previous.Tables[0]);

        drafted.Rows.Select(r => r.Cells[1].Number).ShouldBe([12.3m, 2.3m, null]);
    }

    [Theory]
    [InlineData("budget_x")]
    [InlineData("name")]
    [InlineData("prior_year")]
    public void APriorYearColumnMustNameAnotherNumericColumnOfItsTable(string target)
    {
        var columns = WithPriorYear.Select(c => c.Key == "prior_year" ? c with { PriorYearOf = target } : c).ToList();
        var errors = new List<string>();

        DisclosureValidator.ValidateTable(Table("万元", 2) with { Columns = columns }, 3, errors);

        errors.ShouldContain(e => e.Contains("priorYearOf", StringComparison.Ordinal));
        var valid = new List<string>();
        DisclosureValidator.ValidateTable(Table("万元", 2), 3, valid);
        valid.ShouldBeEmpty();
    }
}
