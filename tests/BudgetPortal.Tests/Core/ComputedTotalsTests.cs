using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core;

/// <summary>
/// "计算各级合计" fills by the meaning the check engine gives the rules (<see cref="ClassificationTree"/>,
/// <see cref="RowRelation"/>): what the button computes, the checks then accept; what it changes, it reports.
/// </summary>
public sealed class ComputedTotalsTests
{
    private static readonly CheckRule Hierarchy = new() { Id = "H1", Kind = "hierarchy", Description = "类 = Σ款 = Σ项，合计 = Σ类", Table = "expenditure" };
    private static readonly CheckRule Split = new() { Id = "R1", Kind = "rows", Description = "合计 = 基本支出 + 项目支出", Table = "expenditure", Target = "total", Parts = ["basic", "project"] };

    private static CellValue V(decimal? value) => value is { } v ? CellValue.Of(v) : CellValue.Blank;

    private static RowDocument Coded(string code, string name, decimal? total, decimal? basic, decimal? project) =>
        new() { Level = ClassificationTree.LevelOf(code), Cells = [CellValue.Of(code), CellValue.Of(name), V(total), V(basic), V(project)] };

    private static TableDocument Expenditure(params RowDocument[] rows) => RowIdentity.Apply(new TableDocument
    {
        Number = "表3",
        Code = "expenditure",
        Title = "支出预算总表",
        Columns =
        [
            new() { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
            new() { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
            new() { Key = "total", Title = "合计", Type = ColumnTypes.Amount },
            new() { Key = "basic", Title = "基本支出", Type = ColumnTypes.Amount },
            new() { Key = "project", Title = "项目支出", Type = ColumnTypes.Amount },
        ],
        Rows = [new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Of("合计"), V(null), V(null), V(null)] }, .. rows],
    });

    private static CheckReport Check(TableDocument table) =>
        CheckEngine.Run(new DisclosureDocument { Tables = [table] }, [], [Split, Hierarchy]);

    [Fact]
    public void AClassWithOnlyItemRowsIsFilledFromThemAndTheCheckThenPasses()
    {
        // 类 213 lists no 款: its 项 rows are its nearest listed descendants, for the button as for the check.
        var table = Expenditure(
            Coded("213", "农林水支出", null, null, null),
            Coded("2130301", "行政运行", null, 40m, 2m),
            Coded("2130305", "水利工程建设", null, null, 58m));

        Check(table).Errors.ShouldBeGreaterThan(0);
        var (filled, changed) = ComputedTotals.Apply(table, [Split, Hierarchy]);

        filled.Rows.Single(r => r.Code == "213").Cells.Skip(2).Select(c => c.Number).ShouldBe([100m, 40m, 60m]);
        filled.Rows.Single(r => r.Role == RowRoles.Total).Cells.Skip(2).Select(c => c.Number).ShouldBe([100m, 40m, 60m]);
        var report = Check(filled);
        report.Errors.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Error).Select(f => $"{f.Rule} {f.Row} {f.Column} {f.Message}")));
        report.Findings.ShouldContain(f => f.Rule == "H1" && f.Row == "213 农林水支出" && f.Severity == Severity.Pass);

        // 213's three figures, the 合计 row's three, and the two 项 rows' 合计: each reported, all were blank.
        changed.Count.ShouldBe(8);
        changed.ShouldAllBe(c => c.Before.IsBlank);
    }

    [Fact]
    public void AnEnteredFigureThatIsReplacedIsReportedWithItsValueAndBlankPartsLeaveItAlone()
    {
        var table = Expenditure(
            Coded("205", "教育支出", 999m, null, null),
            Coded("20501", "教育管理事务", null, 10m, 5m),
            Coded("208", "社会保障和就业支出", 30m, null, null));

        var (filled, changed) = ComputedTotals.Apply(table, [Split, Hierarchy]);

        var replaced = changed.Single(c => c.Row == 1 && c.Column == 2);
        replaced.Before.Number.ShouldBe(999m);
        filled.Rows[1].Cells[2].Number.ShouldBe(15m);

        // 208 has no rows under it and no parts entered: its 30 stays as entered and is not reported.
        filled.Rows[3].Cells[2].Number.ShouldBe(30m);
        changed.ShouldNotContain(c => c.Row == 3 && c.Column == 2);
    }

    [Fact]
    public void AMarkIsNotZeroAndIsKeptWhereNothingUnderItHasAFigure()
    {
        var marked = new RowDocument { Level = 2, Cells = [CellValue.Of("20501"), CellValue.Of("教育管理事务"), V(null), CellValue.Of("—"), V(null)] };
        var table = Expenditure(Coded("205", "教育支出", null, null, null), marked);

        var (filled, changed) = ComputedTotals.Apply(table, [Split, Hierarchy]);

        filled.Rows.Single(r => r.Code == "20501").Cells[3].Text.ShouldBe("—");
        filled.Rows.Single(r => r.Code == "205").Cells[3].IsBlank.ShouldBeTrue();
        changed.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("205", 1)]
    [InlineData("20501", 2)]
    [InlineData("2050101", 3)]
    [InlineData(null, 0)]
    public void TheLevelOfARowFollowsFromItsCode(string? code, int level) => ClassificationTree.LevelOf(code).ShouldBe(level);
}
