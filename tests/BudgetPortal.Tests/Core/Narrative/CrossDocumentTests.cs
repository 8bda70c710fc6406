using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Checks.Narrative;
using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core.Narrative;

/// <summary>A disclosure's statements about last year and about its budget against the other published documents.</summary>
public sealed class CrossDocumentTests
{
    private static ColumnNode Leaf(string key, string title, string type = ColumnTypes.Amount) => new()
    {
        Key = key,
        Title = title,
        Type = type,
        Role = key == "code" ? ColumnRoles.Code : key == "name" ? ColumnRoles.Name : null,
    };

    private static TableDocument Summary(decimal total, string unit = "万元", int decimals = 2) => new()
    {
        Number = "表1",
        Code = "summary",
        Title = "收支预算总表",
        Unit = unit,
        Decimals = decimals,
        Columns = [Leaf("name", "项目", ColumnTypes.Text), Leaf("amount", "预算数"), Leaf("exp_name", "项目", ColumnTypes.Text), Leaf("exp_amount", "预算数")],
        Rows = [new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("收入总计"), CellValue.Of(total), CellValue.Of("支出总计"), CellValue.Of(total)] }],
    };

    private static TableDocument ThreePublic(decimal total, decimal reception) => new()
    {
        Number = "表7",
        Code = "three_public",
        Title = "“三公”经费支出表",
        Columns = [Leaf("total", "合计"), Leaf("abroad", "因公出国（境）费"), Leaf("vehicle", "公务用车购置及运行费"), Leaf("reception", "公务接待费")],
        Rows = [new RowDocument { Cells = [CellValue.Of(total), CellValue.Of(0m), CellValue.Of(total - reception), CellValue.Of(reception)] }],
    };

    private static TableDocument Functional(decimal total, decimal basic, decimal project, decimal item) => new()
    {
        Number = "表5",
        Code = "gpb_expenditure",
        Title = "一般公共预算支出表",
        Columns = [Leaf("code", "科目编码", ColumnTypes.Code), Leaf("name", "科目名称", ColumnTypes.Text), Leaf("total", "合计"), Leaf("basic", "基本支出"), Leaf("project", "项目支出")],
        Rows =
        [
            new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Blank, CellValue.Of("合计"), CellValue.Of(total), CellValue.Of(basic), CellValue.Of(project)] },
            new RowDocument { Cells = [CellValue.Of("2130101"), CellValue.Of("行政运行"), CellValue.Of(item), CellValue.Of(item), CellValue.Blank] },
        ],
    };

    private static DisclosureDocument Doc(int year, string kind, string text, params TableDocument[] tables) => RowsIdentified(new DisclosureDocument
    {
        Slug = $"forest-{year}-{kind}",
        Department = new DepartmentInfo { Name = "青山市林业局" },
        Year = year,
        Kind = kind,
        Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = text }],
        Tables = [.. tables],
    });

    private static DisclosureDocument RowsIdentified(DisclosureDocument doc) => doc with { Tables = [.. doc.Tables.Select(RowIdentity.Apply)] };

    [Fact]
    public void AStatedDecreaseMatchesLastYearsPublishedTotal()
    {
        var previous = Doc(2024, "budget", "", Summary(1200m));
        var current = Doc(2025, "budget", "2025年收入总计1000.00万元，与2024年预算相比，收入总计减少200.00万元，下降16.67%，主要原因是项目减少。", Summary(1000m));

        CrossDocumentChecks.AgainstPreviousYear(current, previous).ShouldAllBe(f => f.Severity == Severity.Pass);
        CrossDocumentChecks.AgainstPreviousYear(current, previous).Count.ShouldBe(2);

        var wrong = CrossDocumentChecks.AgainstPreviousYear(current, Doc(2024, "budget", "", Summary(1100m)));
        wrong.Count(f => f.Severity == Severity.Error).ShouldBe(2);
        wrong[0].Expected.ShouldBe(1100m);
    }

    [Fact]
    public void LastYearInYuanIsComparedInTenThousands()
    {
        var previous = Doc(2024, "budget", "", Summary(12_000_000m, "元", 0));
        var current = Doc(2025, "budget", "收入总计1000.00万元，比上年减少200.00万元。", Summary(1000m));

        CrossDocumentChecks.AgainstPreviousYear(current, previous).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
    }

    [Fact]
    public void AThreePublicPartIsComparedWithLastYearsTable()
    {
        var previous = Doc(2024, "budget", "", ThreePublic(7.5m, 0.3m));
        const string text = "2.公务接待费0.1万元，比上年预算数减少0.2万元，下降66.67%。";

        CrossDocumentChecks.AgainstPreviousYear(Doc(2025, "budget", text, ThreePublic(7.3m, 0.1m)), previous).ShouldAllBe(f => f.Severity == Severity.Pass);
        CrossDocumentChecks.AgainstPreviousYear(Doc(2025, "budget", text, ThreePublic(7.3m, 0.1m)), Doc(2024, "budget", "", ThreePublic(7.5m, 0.4m)))
            .ShouldContain(f => f.Severity == Severity.Error && f.Column == "上年数");
    }

    [Fact]
    public void CompletionOfAnItemIsAgainstTheSameYearsPublishedBudget()
    {
        const string text = "（1）林业和草原支出（类）林业和草原（款）行政运行（项）90.00万元，主要是人员支出，完成年初预算的90%，决算数与年初预算数存在差异的主要原因是人员调出。";
        var final = Doc(2025, "final", text, Functional(90m, 90m, 0m, 90m));

        CrossDocumentChecks.AgainstBudget(final, Doc(2025, "budget", "", Functional(100m, 100m, 0m, 100m))).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = CrossDocumentChecks.AgainstBudget(final, Doc(2025, "budget", "", Functional(120m, 120m, 0m, 120m))).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(75m);
    }

    [Fact]
    public void CompletionOfTheTotalsIsAgainstTheBudgetsTotals()
    {
        const string text = "与年初预算相比，2025年度财政拨款支出完成年初预算的80.00%，其中：基本支出完成年初预算的100.00%，项目支出完成年初预算的50.00%。";
        var final = Doc(2025, "final", text, Functional(400m, 300m, 100m, 300m));
        var budget = Doc(2025, "budget", "", Functional(500m, 300m, 200m, 300m));

        var findings = CrossDocumentChecks.AgainstBudget(final, budget);
        findings.Count.ShouldBe(3);
        findings.ShouldAllBe(f => f.Severity == Severity.Pass);
    }

    /// <summary>"公务接待费1.35万元。比2024年预算持平": both years' figures are the same.</summary>
    [Fact]
    public void AnUnchangedFigureIsTheSameAsLastYear()
    {
        const string text = "（三）公务接待费0.30万元。比2024年预算持平，主要原因是公务接待费保持不变。";
        var current = Doc(2025, "budget", text, ThreePublic(7.3m, 0.3m));

        CrossDocumentChecks.AgainstPreviousYear(current, Doc(2024, "budget", "", ThreePublic(7.5m, 0.3m))).ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);

        var wrong = CrossDocumentChecks.AgainstPreviousYear(current, Doc(2024, "budget", "", ThreePublic(7.5m, 0.5m))).ShouldHaveSingleItem();
        wrong.Severity.ShouldBe(Severity.Error);
        wrong.Expected.ShouldBe(0.5m);
        wrong.Row!.ShouldEndWith("公务接待费0.30万元。比2024年预算持平");
    }

    /// <summary>"其中：财政拨款收入1000.00万元，比2024年预算减少200.00万元": the summary's 财政拨款收入 row of both years.</summary>
    [Fact]
    public void FiscalIncomeIsComparedWithLastYearsSummaryRow()
    {
        static TableDocument Fiscal(decimal total, decimal fiscal) => Summary(total) with
        {
            Rows =
            [
                new RowDocument { Cells = [CellValue.Of("一、财政拨款收入"), CellValue.Of(fiscal), CellValue.Of("一、一般公共服务支出"), CellValue.Of(total)] },
                new RowDocument { Role = RowRoles.Total, Cells = [CellValue.Of("收入总计"), CellValue.Of(total), CellValue.Of("支出总计"), CellValue.Of(total)] },
            ],
        };
        const string text = "2025年，青山市林业局收入预算1100.00万元，其中：财政拨款收入1000.00万元，比2024年预算减少200.00万元。";

        CrossDocumentChecks.AgainstPreviousYear(Doc(2025, "budget", text, Fiscal(1100m, 1000m)), Doc(2024, "budget", "", Fiscal(1300m, 1200m)))
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Pass);
        CrossDocumentChecks.AgainstPreviousYear(Doc(2025, "budget", text, Fiscal(1100m, 1000m)), Doc(2024, "budget", "", Fiscal(1300m, 1250m)))
            .ShouldHaveSingleItem().Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void SentencesAboutUnknownItemsAreSkipped()
    {
        var previous = Doc(2024, "budget", "", Summary(1200m));
        var current = Doc(2025, "budget", "培训人次比上年减少20.00万元。机关运行经费比上年减少3.00万元。", Summary(1000m));

        CrossDocumentChecks.AgainstPreviousYear(current, previous).ShouldBeEmpty();
    }
}
