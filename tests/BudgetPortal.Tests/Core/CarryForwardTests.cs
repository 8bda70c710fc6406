using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

/// <summary>
/// A new draft started from last year's disclosure: rows and codes carried, figures blank — except, on request, the
/// columns a set declares as 上年数 (<see cref="ColumnNode.PriorYearOf"/>), filled with last year's figure of the named
/// column, converted to this year's unit.
/// </summary>
public sealed class CarryForwardTests
{
    /// <summary>A classified table of 上年预算数 (last year's 本年预算数) and 本年预算数; rows are (code, name, prior, budget).</summary>
    private static TableDocument Table(string unit, int decimals, params (string Code, string Name, decimal? Prior, decimal? Budget)[] rows)
    {
        var table = TableBuilder.Classified("表3", "water_works", "水利工程支出预算表")
            .WithColumn("prior_year", "上年预算数", priorYearOf: "budget")
            .WithColumn("budget", "本年预算数")
            .InUnit(unit, decimals);
        foreach (var (code, name, prior, budget) in rows)
        {
            table.WithCodedRow(code, name, prior, budget);
        }

        return table.Build();
    }

    private static DisclosureDocument LastYear(TableDocument table) => new() { Slug = "shuili-2026-budget", Year = 2026, Kind = "budget", Tables = [table] };

    [Fact]
    public void OnRequestThePriorYearColumnTakesLastYearsFigureAndEverythingElseStaysBlank()
    {
        // The same columns as last year: the draft keeps last year's rows, unit and decimals (0180).
        var previous = LastYear(Table("元", 0,
            ("213", "农林水支出", 2_500_000m, 1_234_567m),
            ("21303", "水利", null, 1_234_567m),
            ("21399", "其他农林水支出", 80_000m, null)));

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
            ("213", "农林水支出", 2_500_000m, 1_234_567m),
            ("21303", "水利", null, 1_234_565m)));
        var blank = Table("万元", 2, ("213", "农林水支出", null, null), ("21303", "水利", null, null));

        var drafted = CarryForward.PriorYear(blank, previous.Tables[0]);

        drafted.Unit.ShouldBe("万元");
        drafted.Rows.Select(r => r.Cells[2].Number).ShouldBe([123.46m, 123.46m]);
        drafted.Rows.ShouldAllBe(r => r.Cells[3].IsBlank);
    }

    [Fact]
    public void WithoutTheRequestEveryFigureStartsBlankAsBefore()
    {
        var previous = LastYear(Table("万元", 2, ("213", "农林水支出", 250m, 300.5m)));

        var drafted = CarryForward.Table(Table("万元", 2), previous);

        drafted.Rows.Single().Cells.Skip(2).ShouldAllBe(c => c.IsBlank);
    }

    [Fact]
    public void ARowLastYearDidNotHaveStaysBlankAndAFixedRowIsMatchedByItsItem()
    {
        TableDocument Fixed(params (string Item, decimal? Amount)[] rows)
        {
            var table = TableBuilder.Table("表7", "three_public", "“三公”经费支出预算表")
                .WithColumn("item", "项目", ColumnTypes.Text, ColumnRoles.Name)
                .WithColumn("prior_year", "上年数", priorYearOf: "amount")
                .WithColumn("amount", "本年数");
            foreach (var (item, amount) in rows)
            {
                table.WithItem(item, null, amount);
            }

            return table.Build();
        }

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
        var table = Table("万元", 2);
        var errors = new List<string>();

        DisclosureValidator.ValidateTable(table with { Columns = [.. table.Columns.Select(c => c.Key == "prior_year" ? c with { PriorYearOf = target } : c)] }, 3, errors);

        errors.ShouldContain(e => e.Contains("priorYearOf", StringComparison.Ordinal));
        var valid = new List<string>();
        DisclosureValidator.ValidateTable(Table("万元", 2), 3, valid);
        valid.ShouldBeEmpty();
    }
}
