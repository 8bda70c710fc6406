using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Core;

public sealed class CheckEngineTests
{
    private static CellValue V(decimal? value) => value is { } v ? CellValue.Of(v) : CellValue.Blank;

    private static RowDocument Coded(string code, string name, params decimal?[] amounts) =>
        new() { Level = code.Length == 3 ? 1 : code.Length == 5 ? 2 : 3, Cells = [CellValue.Of(code), CellValue.Of(name), .. amounts.Select(V)] };

    private static RowDocument Total(params decimal?[] amounts) =>
        new() { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Of("合计"), .. amounts.Select(V)] };

    /// <summary>An expenditure table (no unit): code, name, 合计, 基本支出, 项目支出.</summary>
    private static TableDocument Expenditure(params RowDocument[] rows) =>
        TableBuilder.Classified("表3", "expenditure", "支出预算总表", ("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")).WithoutUnit().WithRows(rows).Build();

    /// <summary>A two-sided summary (no unit): income item, amount, expenditure item, amount.</summary>
    private static TableDocument Summary(decimal income, decimal expenditure) => TableBuilder.Table("表1", "summary", "收支预算总表").WithoutUnit()
        .WithColumn("income_item", "项目", ColumnTypes.Text, ColumnRoles.Name).WithColumn("income", "预算数")
        .WithColumn("expense_item", "项目", ColumnTypes.Text).WithColumn("expense", "预算数")
        .WithCells("一般公共预算拨款收入", income, "卫生健康支出", expenditure)
        .WithRow(RowRoles.Total, "收入总计", income, "支出总计", expenditure).Build();

    private static DisclosureDocument Doc(params TableDocument[] tables) =>
        DisclosureBuilder.ForDepartment("测试局").ForYear(2023).WithSlug("t-2023-budget").WithTitle("测试").WithTable(tables).Document();

    private static CheckReport Run(DisclosureDocument doc, params CheckRule[] rules) => CheckEngine.Run(doc, [], rules);

    private static readonly CheckRule RowsRule = new() { Id = "Y4", Kind = "rows", Description = "合计 = 基本支出 + 项目支出", Table = "expenditure", Target = "total", Parts = ["basic", "project"] };

    [Fact]
    public void RowsPassesWhenEveryRowAddsUp()
    {
        var report = Run(Doc(Expenditure(Total(300m, 100m, 200m), Coded("210", "卫生健康支出", 300m, 100m, 200m))), RowsRule);

        report.Findings.Count.ShouldBe(2);
        report.Errors.ShouldBe(0);
        report.Passed.ShouldBe(2);
    }

    [Fact]
    public void RowsReportsAnErrorBeyondRoundingWithLocationAndDifference()
    {
        var report = Run(Doc(Expenditure(Coded("210", "卫生健康支出", 300.10m, 100m, 200m))), RowsRule);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Table.ShouldBe("表3 支出预算总表");
        finding.Row.ShouldBe("210 卫生健康支出");
        finding.Column.ShouldBe("合计");
        finding.Expected.ShouldBe(300m);
        finding.Actual.ShouldBe(300.10m);
        finding.Difference.ShouldBe(0.10m);
    }

    [Fact]
    public void RowsCallsASmallDifferenceWithinNTimesHalfACentRounding()
    {
        // Three rounded figures: tolerance 3 × 0.005 = 0.015.
        var within = Run(Doc(Expenditure(Coded("210", "卫生健康支出", 300.01m, 100m, 200m))), RowsRule);
        var beyond = Run(Doc(Expenditure(Coded("210", "卫生健康支出", 300.02m, 100m, 200m))), RowsRule);

        within.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Rounding);
        within.Findings[0].Tolerance.ShouldBe(0.015m);
        beyond.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void BlankCountsAsZeroButAnAllBlankRowIsNotChecked()
    {
        var report = Run(Doc(Expenditure(Coded("210", "卫生健康支出", 100m, 100m, null), Coded("221", "住房保障支出", null, null, null))), RowsRule);

        report.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
    }

    private static readonly CheckRule HierarchyRule = new() { Id = "J10", Kind = "hierarchy", Description = "类 = Σ款 = Σ项，合计 = Σ类", Table = "expenditure", Columns = ["total"] };

    [Fact]
    public void HierarchyPassesForNestedCodesAndTotal()
    {
        var doc = Doc(Expenditure(
            Total(30m, null, null),
            Coded("210", "卫生健康支出", 30m, null, null),
            Coded("21011", "行政事业单位医疗", 30m, null, null),
            Coded("2101101", "行政单位医疗", 10m, null, null),
            Coded("2101102", "事业单位医疗", 20m, null, null)));

        var report = Run(doc, HierarchyRule);

        report.Findings.Count.ShouldBe(3);
        report.Findings.ShouldAllBe(f => f.Severity == Severity.Pass);
    }

    [Fact]
    public void HierarchyFindsAParentThatIsNotTheSumOfItsChildren()
    {
        var doc = Doc(Expenditure(
            Coded("210", "卫生健康支出", 30m, null, null),
            Coded("21011", "行政事业单位医疗", 31m, null, null),
            Coded("2101101", "行政单位医疗", 10m, null, null),
            Coded("2101102", "事业单位医疗", 20m, null, null)));

        var report = Run(doc, HierarchyRule);

        report.Errors.ShouldBe(2);
        report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Row).ShouldBe(["210 卫生健康支出", "21011 行政事业单位医疗"]);
    }

    private static readonly CheckRule SumRule = new()
    {
        Id = "Y2",
        Kind = "sum",
        Description = "收支总表支出总计 = 支出总表合计",
        Left = new CellTerm { Table = "summary", Row = new RowSelector { Total = true }, Column = "expense" },
        Right = [new CellTerm { Table = "expenditure", Row = new RowSelector { Total = true }, Column = "total" }],
    };

    [Fact]
    public void SumBetweenTablesPassesAndFails()
    {
        var pass = Run(Doc(Summary(300m, 300m), Expenditure(Total(300m, 100m, 200m))), SumRule);
        var fail = Run(Doc(Summary(300m, 301m), Expenditure(Total(300m, 100m, 200m))), SumRule);

        pass.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        var error = fail.Findings.ShouldHaveSingleItem();
        error.Severity.ShouldBe(Severity.Error);
        error.Difference.ShouldBe(1m);
        error.Tolerance.ShouldBe(0.01m);
    }

    [Fact]
    public void BalanceFindsRowsByTextOnEitherSide()
    {
        var rule = new CheckRule
        {
            Id = "Y1",
            Kind = "sum",
            Description = "收入总计 = 支出总计",
            Left = new CellTerm { Table = "summary", Row = new RowSelector { Name = "收入总计" }, Column = "income" },
            Right = [new CellTerm { Table = "summary", Row = new RowSelector { Text = "支出 总计" }, Column = "expense" }],
        };

        Run(Doc(Summary(300m, 300m)), rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        Run(Doc(Summary(300m, 299m)), rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void SumOnAMissingTableSaysItCannotCheckInsteadOfPassing()
    {
        var report = Run(Doc(Summary(300m, 300m)), SumRule);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Message!.ShouldContain("expenditure");
    }

    [Fact]
    public void LevelsRollsProjectsUpToTheirUnitAndUnitsToTheTotal()
    {
        RowDocument Row(int level, string name, decimal total) => new() { Level = level, Cells = [CellValue.Blank, CellValue.Of(name), V(total), CellValue.Blank, V(total)] };
        var table = Expenditure(
            Total(30m, null, 30m),
            Row(1, "本级", 20m),
            Row(2, "项目甲", 5m),
            Row(2, "项目乙", 15m),
            Row(1, "事务服务中心", 10m),
            Row(2, "项目丙", 11m));
        var rule = new CheckRule { Id = "L1", Kind = "levels", Description = "单位 = Σ项目，合计 = Σ单位", Table = "expenditure", Columns = ["total"] };

        var report = Run(Doc(table), rule);

        report.Findings.Count.ShouldBe(3);
        report.Findings.Single(f => f.Severity == Severity.Error).Row.ShouldBe("事务服务中心");
    }

    [Fact]
    public void CodesComparesEveryCodeAcrossTablesAndReportsOnesMissingFromTheOther()
    {
        var expenditure = Expenditure(Coded("210", "卫生健康支出", 30m, 30m, null), Coded("221", "住房保障支出", 5m, 5m, null));
        var other = Expenditure(Coded("210", "卫生健康支出", 30m, 30m, null)) with { Code = "gpb_expenditure", Number = "表5", Title = "一般公共预算支出表" };
        var rule = new CheckRule { Id = "J21", Kind = "codes", Description = "各功能科目在两表中一致", Table = "expenditure", Column = "total", OtherTable = "gpb_expenditure" };

        var report = Run(Doc(expenditure, other), rule);

        report.Passed.ShouldBe(1);
        var missing = report.Findings.Single(f => f.Severity == Severity.Error);
        missing.Row.ShouldBe("221 住房保障支出");
        missing.Message.ShouldBe("表5 一般公共预算支出表中没有科目 221。");
    }

    [Fact]
    public void CodesWithLessOrEqualAcceptsASmallerLeftSide()
    {
        var expenditure = Expenditure(Coded("210", "卫生健康支出", 20m, 20m, null));
        var other = Expenditure(Coded("210", "卫生健康支出", 30m, 30m, null)) with { Code = "other" };
        var rule = new CheckRule { Id = "J25", Kind = "codes", Description = "≤", Table = "expenditure", Column = "total", OtherTable = "other", Relation = "le" };

        Run(Doc(expenditure, other), rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        Run(Doc(other with { Code = "expenditure" }, expenditure with { Code = "other" }), rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Theory]
    [InlineData("行政单位", "参公事业单位", Severity.Error)]
    [InlineData("行政单位", "事业单位", Severity.Pass)]
    [InlineData("行政单位", null, Severity.Pass)]
    public void RunningCostsBelowPublicFundsAreAnErrorOnlyWhenEveryUnitIsAdministrativeOrCivilServiceManaged(string first, string? second, Severity expected)
    {
        // 机关运行经费 (表9, 万元) 12.00 against 公用经费 (表8, 元) 150,000: below it. J25: equal only when no unit is an
        // ordinary 事业单位 (or of unknown category).
        var basic = TableBuilder.Classified("表8", "gpb_basic", "基本支出表", ("public_funds", "公用经费")).InUnit("元", 0).WithTotal(150000m).Build();
        var three = TableBuilder.Table("表9", "three_public", "机关运行经费预算表").WithColumn("running_costs", "机关运行经费预算数").WithTotal(12.00m).Build();
        var rule = new CheckRule
        {
            Id = "J25", Kind = "sum", Description = "机关运行经费 ≤ 公用经费", Relation = CheckRule.EqualIfAdministrative,
            Left = new CellTerm { Table = "three_public", Row = new RowSelector { Total = true }, Column = "running_costs" },
            Right = [new CellTerm { Table = "gpb_basic", Row = new RowSelector { Total = true }, Column = "public_funds" }],
        };
        var doc = Doc(basic, three) with
        {
            Department = new DepartmentInfo { Name = "某县文化和旅游局", Units = [new UnitInfo { Name = "本级", Category = first }, new UnitInfo { Name = "文化馆", Category = second }] },
        };

        Run(doc, rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(expected);

        // Equal figures pass whatever the units are; above 公用经费 is always an error.
        var equal = doc with { Tables = [basic, three with { Rows = [new RowDocument { Role = RowRoles.Total, Cells = [V(15.00m)] }] }] };
        Run(equal, rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        var above = doc with { Tables = [basic, three with { Rows = [new RowDocument { Role = RowRoles.Total, Cells = [V(15.10m)] }] }] };
        Run(above, rule).Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void CompletenessReportsMissingTablesAndEmptyTablesWithoutANote()
    {
        var doc = Doc(
            Expenditure(Total(null, null, null)),
            new TableDocument { Number = "表9", Code = "projects", Title = "项目支出预算表", Missing = true });
        TableRequirement[] required = [new("表1", "summary", "收支预算总表"), new("表3", "expenditure", "支出预算总表"), new("表9", "projects", "项目支出预算表")];

        var report = CheckEngine.Run(doc, required, []);

        report.Findings.Where(f => f.Severity == Severity.Error).Select(f => f.Message).ShouldBe(
        [
            "缺少表1 收支预算总表。",
            "目录列出了表9 项目支出预算表，但公开文本中没有这张表。",
        ]);
        report.Findings.Single(f => f.Rule == "C2").Severity.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void CompletenessAcceptsAnEmptyTableThatCarriesItsNote()
    {
        var doc = Doc(Expenditure(Total(null, null, null)) with { EmptyNote = "本表为空表。" });

        var report = CheckEngine.Run(doc, [new("表3", "expenditure", "支出预算总表")], []);

        report.Errors.ShouldBe(0);
        report.Warnings.ShouldBe(0);
    }

    [Fact]
    public void BadgeCountsPassesRoundingAndErrors()
    {
        var report = Run(Doc(Expenditure(Coded("210", "甲", 300m, 100m, 200m), Coded("221", "乙", 300.01m, 100m, 200m), Coded("222", "丙", 301m, 100m, 200m))), RowsRule);

        report.Badge.ShouldBe("勾稽关系：1 项通过，1 项尾差，1 项不一致");
    }
    private static readonly CheckRule CompletionRule = new()
    {
        Id = "J22", Kind = "completion", Table = "expenditure", OtherTable = "expenditure", Columns = ["total", "basic", "project"],
    };

    [Fact]
    public void CompletionGivesTheRateAgainstTheSameYearBudgetCodeByCode()
    {
        var final = Doc(Expenditure(Total(150m, 100m, 50m), Coded("210", "卫生健康支出", 150m, 100m, 50m), Coded("221", "住房保障支出", 0m, 0m, null))) with { Kind = "final" };
        var budget = Doc(Expenditure(Total(120m, 100m, 20m), Coded("210", "卫生健康支出", 120m, 100m, 20m)));

        var report = CheckEngine.Run(final, [], [CompletionRule], budget: budget);

        report.Errors.ShouldBe(0);
        report.Passed.ShouldBe(0);
        var total = report.Findings.Single(f => f.Row == "合计" && f.Column == "合计");
        total.Severity.ShouldBe(Severity.Info);
        total.Expected.ShouldBe(120m);
        total.Actual.ShouldBe(150m);
        total.Message.ShouldBe("完成年初预算的 125.00%。");
        report.Findings.Single(f => f.Row == "210 卫生健康支出" && f.Column == "项目支出").Message.ShouldBe("完成年初预算的 250.00%。");
        report.Findings.Single(f => f.Row == "221 住房保障支出" && f.Column == "合计").Message.ShouldBe("年初预算未安排（预算表中无此科目或为零）。");
    }

    [Fact]
    public void CompletionSaysSoWhenThePortalHoldsNoBudget()
    {
        var final = Doc(Expenditure(Total(150m, 100m, 50m))) with { Kind = "final" };

        var finding = CheckEngine.Run(final, [], [CompletionRule]).Findings.ShouldHaveSingleItem();

        finding.Severity.ShouldBe(Severity.Info);
        finding.Message!.ShouldContain("未收录该部门 2023 年度的部门预算");
    }

    private static DisclosureDocument WithText(string body, params TableDocument[] tables) =>
        Doc(tables) with { Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = body }] };

    private static readonly CheckRule ExpenditureTotalText = new()
    {
        Id = "T1-out", Kind = "text", Description = "文字说明中的支出总计与收支总表一致",
        Pattern = @"支出总计\s*(?<amount>\d[\d,，]*(?:\.\d+)*)\s*万元",
        Left = new CellTerm { Table = "summary", Row = new RowSelector { Text = "支出总计" }, Column = "expense" },
    };

    [Fact]
    public void TextPassesWhenTheQuotedFigureIsTheTableFigure()
    {
        var report = Run(WithText("本部门收入总计780.84万元，支出总计780.84万元。", Summary(780.84m, 780.84m)), ExpenditureTotalText);

        report.Findings.ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
    }

    [Fact]
    public void TextReportsAMisquotedFigureWithTheSentence()
    {
        var report = Run(WithText("本部门收入总计780.84万元，支出总计780.34万元。", Summary(780.84m, 780.84m)), ExpenditureTotalText);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Table.ShouldBe("情况说明");
        finding.Row!.ShouldContain("支出总计780.34万元");
        finding.Expected.ShouldBe(780.84m);
        finding.Actual.ShouldBe(780.34m);
        finding.Difference.ShouldBe(-0.50m);
    }

    [Fact]
    public void TextAcceptsTheRoundingOfAFigureQuotedWithFewerDecimalsAndFlagsAMisprintedNumber()
    {
        // 780.8 is 780.84 rounded to the one decimal it is printed with: right as printed (Comparison.IsPrintedRounding).
        var report = Run(WithText("支出总计780.8万元。另：支出总计780.84万元，支出总计780.840.00万元，支出总计780.9万元", Summary(780.84m, 780.84m)), ExpenditureTotalText);

        report.Findings.Count(f => f.Severity == Severity.Pass).ShouldBe(2);
        report.Findings.Single(f => f.Actual == 780.8m).Severity.ShouldBe(Severity.Pass);
        report.Findings.Single(f => f.Actual == 780.9m).Severity.ShouldBe(Severity.Error);
        report.Findings.ShouldContain(f => f.Severity == Severity.Hint && f.Message!.Contains("书写有误"));
    }

    [Fact]
    public void TextFindsAClassificationRowByNameAndParent()
    {
        var rule = new CheckRule
        {
            Id = "T6-item", Kind = "text", Table = "expenditure", Column = "total",
            Pattern = @"（类）(?<parent>[^（）]+)（款）(?<name>[^（）]+)（项）\s*(?<amount>\d[\d,]*(?:\.\d+)*)\s*万元",
        };
        var table = Expenditure(
            Coded("210", "卫生健康支出", 300m, 300m, 0m), Coded("21011", "行政事业单位医疗", 100m, 100m, 0m), Coded("2101101", "行政运行", 100m, 100m, 0m),
            Coded("21015", "医疗保障管理事务", 200m, 200m, 0m), Coded("2101501", "行政运行", 200m, 200m, 0m));

        var report = Run(WithText("卫生健康支出（类）医疗保障管理事务（款）行政运行（项）200.10万元。", table), rule);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Error);
        finding.Column!.ShouldContain("2101501");
        finding.Expected.ShouldBe(200m);
    }

    [Fact]
    public void SumOnACodeTheTableDoesNotListUsesTheRowsUnderItWithTheirRounding()
    {
        var rule = new CheckRule
        {
            Id = "Y2-210", Kind = "sum", Description = "总表卫生健康支出 = 支出表科目 210",
            Left = new CellTerm { Table = "summary", Row = new RowSelector { Text = "卫生健康支出" }, Column = "expense" },
            Right = [new CellTerm { Table = "expenditure", Row = new RowSelector { Code = "210" }, Column = "total" }],
        };
        var itemsOnly = Expenditure(Coded("2101101", "行政单位医疗", 100.01m, 100.01m, null), Coded("2101501", "行政运行", 200m, 200m, null), Coded("2210201", "住房公积金", 5m, 5m, null));

        var rounding = Run(Doc(Summary(300m, 300.02m), itemsOnly), rule).Findings.ShouldHaveSingleItem();
        var error = Run(Doc(Summary(300m, 300.50m), itemsOnly), rule).Findings.ShouldHaveSingleItem();

        rounding.Severity.ShouldBe(Severity.Rounding);
        rounding.Expected.ShouldBe(300.01m);
        rounding.Tolerance.ShouldBe(0.015m);
        error.Severity.ShouldBe(Severity.Error);
    }

}

public sealed class CodeNameCheckTests
{
    private static readonly BudgetPortal.Core.CodeLists.CodeBook Codes = new(
    [
        new BudgetPortal.Core.CodeLists.CodeList
        {
            Code = "functional",
            Name = "支出功能分类科目",
            Prefix = "2",
            Entries = [new("208", "社会保障和就业支出"), new("20805", "行政事业单位养老支出"), new("2080505", "机关事业单位基本养老保险缴费支出")],
        },
    ]);

    private static DisclosureDocument Doc(params (string Code, string Name)[] rows) => RowIdentity.Apply(new DisclosureDocument
    {
        Slug = "t-2023-budget",
        Department = new DepartmentInfo { Name = "测试局" },
        Kind = "budget",
        Tables =
        [
            new TableDocument
            {
                Number = "表5",
                Code = "gpb_expenditure",
                Title = "一般公共预算支出表",
                Columns =
                [
                    new ColumnNode { Key = "code", Title = "科目编码", Type = ColumnTypes.Code, Role = ColumnRoles.Code },
                    new ColumnNode { Key = "name", Title = "科目名称", Type = ColumnTypes.Text, Role = ColumnRoles.Name },
                ],
                Rows = rows.Select(r => new RowDocument { Cells = [CellValue.Of(r.Code), CellValue.Of(r.Name)] }).ToList(),
            },
        ],
    });

    [Fact]
    public void NamesMatchingTheCodeListPassIgnoringSpacesAndPunctuationWidth()
    {
        var report = CheckEngine.Run(Doc(("208", "社会保障和就业支出"), ("20805", "行政事业单位 养老支出")), [], [], Codes);

        report.Findings.ShouldAllBe(f => f.Severity == Severity.Pass);
        report.Passed.ShouldBe(2);
    }

    [Fact]
    public void AVariantNameIsAWarningWithTheListName()
    {
        var report = CheckEngine.Run(Doc(("208", "社会保障与就业支出")), [], [], Codes);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Warning);
        finding.Message.ShouldBe("科目 208 在编码表中名为“社会保障和就业支出”，表中为“社会保障与就业支出”。");
    }

    [Fact]
    public void AnUnknownCodeIsReported()
    {
        var complete = new BudgetPortal.Core.CodeLists.CodeBook(Codes.Lists.Select(l => l with { Complete = true }));
        var report = CheckEngine.Run(Doc(("2089999", "不存在的科目")), [], [], complete);

        var finding = report.Findings.ShouldHaveSingleItem();
        finding.Rule.ShouldBe("N2");
        finding.Message.ShouldBe("编码表中没有科目 2089999，也没有它的上级科目。");
    }
}
