using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core.Narrative;

/// <summary>
/// The rules added with the drafter: amounts quoted against the tables (quoted), the drafter's reason slot (leftover),
/// a department against its units (units); and sentences of the kind that raised false alarms on a district's real
/// budgets (synthetic, not their text): a reason naming 购置公务用车, a short word repeated across "；", a change
/// between a 万元 text and 元 tables.
/// </summary>
public sealed class NarrativeAdditionsTests
{
    private static TableDocument Expenditure(string unit, decimal total, params (string Code, string Name, decimal Amount)[] rows) => new()
    {
        Number = "表5",
        Code = "gpb_expenditure",
        Title = "一般公共预算支出表",
        Unit = unit,
        Columns =
        [
            new ColumnNode { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
            new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
            new ColumnNode { Key = "total", Title = "合计", Type = ColumnTypes.Amount },
        ],
        Rows =
        [
            new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Of("合计"), CellValue.Of(total)] },
            .. rows.Select(r => new RowDocument { Code = r.Code, Name = r.Name, Cells = [CellValue.Of(r.Code), CellValue.Of(r.Name), CellValue.Of(r.Amount)] }),
        ],
    };

    private static DisclosureDocument Doc(string body, string department = "青山市林业局", int year = 2026, params TableDocument[] tables) => new()
    {
        Slug = "t" + year,
        Title = "测试",
        Department = new DepartmentInfo { Name = department, Units = [new UnitInfo { Name = "青山市林业局本级" }, new UnitInfo { Name = "青山市林业科学研究所" }] },
        Year = year,
        Kind = DisclosureKinds.Budget,
        Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = body }],
        Tables = [.. tables],
    };

    private static List<Finding> Run(string check, DisclosureDocument doc) =>
        [.. CheckEngine.Run(doc, [], [new CheckRule { Id = "W", Kind = "narrative", Check = check, Description = "测试" }]).Findings];

    private static List<Finding> Problems(List<Finding> findings) => [.. findings.Where(f => f.Severity != Severity.Pass)];

    [Fact]
    public void AQuotedAmountIsComparedWithItsTableInItsOwnUnit()
    {
        var table = Expenditure("元", 5_123_456.78m, ("213", "农林水支出", 5_123_456.78m), ("21302", "林业和草原", 5_123_456.78m), ("2130201", "行政运行", 5_123_456.78m));

        Run("quoted", Doc("2026年一般公共预算财政拨款支出512.35万元。\n\n（1）农林水支出（类）林业和草原（款）行政运行（项）5123456.78元。", tables: table))
            .Count(f => f.Severity == Severity.Pass).ShouldBe(2);

        var wrong = Problems(Run("quoted", Doc("（1）农林水支出（类）林业和草原（款）行政运行（项）512.45万元。", tables: table))).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(512.345678m);
    }

    [Fact]
    public void AnItemTheTablesDoNotHoldUnambiguouslyIsSkipped()
    {
        var table = Expenditure("万元", 10m, ("2130201", "行政运行", 5m), ("2120101", "行政运行", 5m));

        Run("quoted", Doc("行政运行（项）7.00万元。", tables: table)).ShouldBeEmpty();
    }

    [Fact]
    public void TheDraftersReasonSlotIsReportedUntilWritten()
    {
        Problems(Run("leftover", Doc("收入总计100.00万元，比上年增加10.00万元，增长11.11%，主要原因是新增防火项目。"))).ShouldBeEmpty();

        Problems(Run("leftover", Doc("收入总计100.00万元，比上年增加10.00万元，增长11.11%，主要原因是……。"))).ShouldHaveSingleItem().Column.ShouldBe("待填写");
    }

    [Fact]
    public void AReasonNamingAVehiclePurchaseIsNotABlankCountSlot()
    {
        Problems(Run("blank", Doc("公务用车购置费20万元，比上年增加20万元，主要原因是购置公务用车；公务用车运行费8.40万元，与上年持平。"))).ShouldBeEmpty();

        Problems(Run("blank", Doc("2026年当年购置公务用车；公务用车保有量辆。"))).Count.ShouldBe(2);
    }

    [Fact]
    public void AShortWordRepeatedAcrossASemicolonIsNotARepetition()
    {
        Problems(Run("repeat", Doc("主要原因是购置公务用车；公务用车运行费与上年持平。"))).ShouldBeEmpty();

        Problems(Run("repeat", Doc("实际编制绩效目标的林业项目共2个；实际编制绩效目标的林业项目共2个。"))).ShouldHaveSingleItem();
    }

    [Fact]
    public void AChangeQuotedInWanYuanAgainstYuanTablesIsRightWhenItIsTheDifferenceOfThePrintedFigures()
    {
        // 2026: 18,976.7643 万元 (元 table), printed 18976.76; 2025: 15,621.1110 万元, printed 15621.11; the text subtracts
        // the printed figures: 3355.65, where the tables' exact difference is 3355.6533.
        var before = Doc("", year: 2025, tables: Expenditure("元", 156_211_110.00m));
        CrossDocumentChecks.AgainstPreviousYear(Doc("一般公共预算财政拨款支出18976.76万元，比上年增加3355.65万元。", tables: Expenditure("元", 189_767_643.00m)), before)
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        // Neither the printed difference nor the exact one, but within the rounding of the three figures: 尾差.
        CrossDocumentChecks.AgainstPreviousYear(Doc("一般公共预算财政拨款支出18976.76万元，比上年增加3355.66万元。", tables: Expenditure("元", 189_767_643.00m)), before)
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Rounding);
        CrossDocumentChecks.AgainstPreviousYear(Doc("一般公共预算财政拨款支出18976.76万元，比上年增加3356.65万元。", tables: Expenditure("元", 189_767_643.00m)), before)
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    private static readonly CheckRule Units = new()
    {
        Id = "X3-units",
        Kind = "units",
        Description = "部门汇总数与所属单位之和一致",
        Table = "gpb_expenditure",
        Columns = ["total"],
        RowFilter = "coded",
    };

    private static DisclosureDocument Unit(string name, string unit, decimal administration, decimal research) => Doc("", department: name, tables:
        Expenditure(unit, administration + research, ("2130201", "行政运行", administration), ("2130206", "技术推广与转化", research)));

    private static List<Finding> UnitFindings(DisclosureDocument department, params DisclosureDocument[] units) =>
        [.. CheckEngine.Run(department, [], [Units], units: units).Findings];

    [Fact]
    public void ADepartmentEqualsTheSumOfItsUnitsWhenAllAreHeld()
    {
        var department = Doc("", tables: Expenditure("万元", 650.00m, ("2130201", "行政运行", 500.00m), ("2130206", "技术推广与转化", 150.00m)));
        var own = Unit("青山市林业局本级", "元", 4_000_000m, 0m);
        var institute = Unit("青山市林业科学研究所", "万元", 100.00m, 150.00m);

        var findings = UnitFindings(department, own, institute);
        findings.Count.ShouldBe(3);
        findings.ShouldAllBe(f => f.Severity == Severity.Pass);

        var wrong = Problems(UnitFindings(department, own, Unit("青山市林业科学研究所", "万元", 110.00m, 150.00m)));
        wrong.Select(f => f.Row).ShouldBe(["合计", "2130201 行政运行"]);
        wrong.ShouldAllBe(f => f.Severity == Severity.Error);
    }

    [Fact]
    public void WithSomeUnitsHeldTheDepartmentIsAtLeastTheirSum()
    {
        var department = Doc("", tables: Expenditure("万元", 650.00m, ("2130201", "行政运行", 500.00m), ("2130206", "技术推广与转化", 150.00m)));

        Problems(UnitFindings(department, Unit("青山市林业科学研究所", "万元", 100.00m, 150.00m))).ShouldBeEmpty();
        Problems(UnitFindings(department, Unit("青山市林业科学研究所", "万元", 100.00m, 160.00m))).ShouldHaveSingleItem().Row.ShouldBe("2130206 技术推广与转化");
        CheckEngine.Run(department, [], [Units]).Findings.ShouldBeEmpty();
    }
}
