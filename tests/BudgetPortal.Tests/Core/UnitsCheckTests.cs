using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.Figures;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

/// <summary>A disclosure whose tables are printed in 元 except two in 万元, checked by its own table set.</summary>
public sealed class UnitsCheckTests
{
    private static CheckReport Check(DisclosureDocument document)
    {
        var set = DistrictUnits.Set();
        return CheckEngine.Run(document, set.Requirements(), set.Rules);
    }

    [Fact]
    public void ConsistentFiguresInYuanAndInTenThousandYuanHaveNoErrorNoRoundingAndNoWarning()
    {
        var report = Check(DistrictUnits.Disclosure());

        report.Errors.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message)));
        report.Warnings.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Warning).Select(f => f.Message)));
        report.Rounding.ShouldBe(0);
        // Every rule ran: the cross-unit ones included.
        report.Findings.Select(f => f.Rule).Distinct().Order().ShouldBe(["C1", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"]);
    }

    [Fact]
    public void AChangedTenThousandYuanFigureIsAnErrorStatingEachFigureInItsOwnUnit()
    {
        var report = Check(DistrictUnits.Disclosure(gpbTotalOverride: 124.45m));

        var errors = report.Findings.Where(f => f.Severity == Severity.Error).ToList();
        errors.Select(f => f.Rule).Order().ShouldBe(["U4", "U5"]);
        var cross = errors.Single(f => f.Rule == "U5");
        cross.Message.ShouldBe("表3“合计”合计 124.45 万元 对照 表2“合计”合计 1,234,500.00 元");
        cross.Unit.ShouldBe("万元");
        cross.Actual.ShouldBe(124.45m);
        cross.Expected.ShouldBe(123.45m);
        cross.Difference.ShouldBe(1m);
        report.Warnings.ShouldBe(0);
    }

    [Fact]
    public void ATenThousandYuanFigureRoundedFromYuanFiguresIsRightAsPrinted()
    {
        // 1,234,567.00 元 is printed as 123.46 万元: the exact value rounded to the 万元 figure's own two decimals, so the
        // figure is right as printed (neither 尾差 nor 不一致), in tables and in the narrative alike.
        var report = Check(DistrictUnits.Disclosure(pension: 234_567.00m));

        report.Errors.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message)));
        report.Warnings.ShouldBe(0);
        report.Rounding.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Rounding).Select(f => $"{f.Rule} {f.Message}")));
        var total = report.Findings.Single(f => f.Rule == "U5");
        total.Severity.ShouldBe(Severity.Pass);
        total.Difference.ShouldBe(0.0033m);
        report.Findings.Where(f => f.Rule == "U6").Select(f => f.Severity).ShouldAllBe(s => s == Severity.Pass);
        report.Findings.Single(f => f.Rule == "U8").Severity.ShouldBe(Severity.Pass);
    }

    [Fact]
    public void TenThousandYuanPartsThatEachRoundRightButDoNotAddUpAreRoundingNotAnError()
    {
        // 1,000,050 元 → 100.01 万元 and 234,450 元 → 23.45 万元, their total 1,234,500 元 → 123.45 万元: every 万元 figure is
        // right against its 元 figure, and the 万元 table's own sum is one 万元 cent out (尾差).
        var report = Check(DistrictUnits.Disclosure(retiredBasic: 800_050.00m, pension: 234_450.00m));

        report.Errors.ShouldBe(0, string.Join("\n", report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message)));
        report.Findings.Where(f => f.Rule is "U5" or "U6").Select(f => f.Severity).ShouldAllBe(s => s == Severity.Pass);
        var rounding = report.Findings.Where(f => f.Severity == Severity.Rounding).ToList();
        rounding.ShouldNotBeEmpty();
        rounding.ShouldAllBe(f => f.Rule == "U4");
        rounding.ShouldAllBe(f => f.Tolerance > 0.005m && Math.Abs(f.Difference!.Value) == 0.01m);
    }

    [Fact]
    public void AYuanFigureAgainstATenThousandYuanFigureItDoesNotRoundToIsAnError()
    {
        // The same comparison turned round: the 元 figure is the finer one, the 万元 figure must be its rounding.
        var rule = new CheckRule { Id = "Z1", Kind = "sum" };
        var yuan = new PrintedAmount(1_234_567.00m, AmountUnit.Yuan, 2);

        Comparison.IsPrintedRounding(yuan, [new PrintedAmount(123.46m, AmountUnit.TenThousandYuan, 2)]).ShouldBeTrue();
        Comparison.IsPrintedRounding(yuan, [new PrintedAmount(123.45m, AmountUnit.TenThousandYuan, 2)]).ShouldBeFalse();
        Comparison.Of(rule, null, null, null, yuan, [new PrintedAmount(123.45m, AmountUnit.TenThousandYuan, 2)], null).Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void ADifferenceOfHalfAYuanCentBetweenYuanFiguresIsNotExcusedByTheTenThousandYuanTables()
    {
        // Both sides in 元: the tolerance is half a 元 cent per figure, whatever other tables are printed in.
        var document = DistrictUnits.Disclosure();
        var summary = document.Tables[0];
        var edited = document with
        {
            Tables = [summary with { Rows = [summary.Rows[0], summary.Rows[1] with { Cells = [.. summary.Rows[1].Cells.Take(3), CellValue.Of(1_234_500.10m)] }] }, .. document.Tables.Skip(1)],
        };

        var finding = Check(edited).Findings.Single(f => f.Rule == "U1");

        finding.Severity.ShouldBe(Severity.Error);
        finding.Unit.ShouldBe("元");
        finding.Tolerance.ShouldBe(0.01m);
    }

    [Fact]
    public void NarrativeFiguresAreReadInTheUnitTheTextPrints()
    {
        var document = DistrictUnits.Disclosure();
        var wrong = document with { Sections = [document.Sections[0] with { Body = "2025年本部门支出总计123.45元，其中一般公共预算基本支出103.45亿元。" }] };

        var report = Check(wrong);

        var errors = report.Findings.Where(f => f.Severity == Severity.Error).ToList();
        errors.Select(f => f.Rule).Order().ShouldBe(["U8", "U9"]);
        errors.Single(f => f.Rule == "U8").Message.ShouldBe("文字说明为 123.45 元，表1“支出总计”预算数为 1,234,500.00 元。");
        errors.Single(f => f.Rule == "U9").Message.ShouldBe("文字说明为 103.45 亿元，表2“合计”基本支出为 1,034,500.00 元。");
    }

    [Fact]
    public void KeyFiguresAreInTenThousandYuanWhateverEachTablesUnit()
    {
        var figures = KeyFigures.From(DistrictUnits.Disclosure(pension: 234_567.00m));

        figures.Unit.ShouldBe("万元");
        figures.TotalIncome.ShouldBe(123.4567m);
        figures.TotalExpenditure.ShouldBe(123.4567m);
        figures.Basic.ShouldBe(103.4567m);
        figures.Project.ShouldBe(20m);
        figures.ThreePublic.ShouldBe(3.50m);
        figures.Vehicles.ShouldBe(2.30m);
    }

    [Fact]
    public void BreakdownsAreInTenThousandYuan()
    {
        var items = Breakdowns.Functional(DistrictUnits.Disclosure(), null, _ => null);

        items.ShouldHaveSingleItem().Amount.ShouldBe(123.45m);
        Breakdowns.Income(DistrictUnits.Disclosure()).ShouldHaveSingleItem().Amount.ShouldBe(123.45m);
    }
}
