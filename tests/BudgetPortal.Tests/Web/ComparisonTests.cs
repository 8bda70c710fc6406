using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Year comparison and budget-versus-final comparison on crafted disclosures of 卢氏县医疗保障局: a 2024 budget (one
/// figure changed from the 2023 budget) and a 2023 final account (figures taken from 001), with the expected change,
/// percentage and completion rate computed by hand.
/// </summary>
public sealed class ComparisonTests(ComparisonTests.Portal factory) : IClassFixture<ComparisonTests.Portal>
{
    private readonly PortalAppFactory _factory = factory;

    /// <summary>The portal with the crafted disclosures, imported once for the class: an import that fails fails every test.</summary>
    public sealed class Portal : PortalAppFactory
    {
        public Portal()
        {
            using var scope = Services.CreateScope();
            var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
            var lushi = ReferenceFiles.BySlug("lushi-2023-budget");
            Import(importer, Budget2024(lushi));
            var fushun = ReferenceFiles.BySlug("fushun-2023-final");
            Import(importer, fushun with { Slug = "lushi-2023-final", Title = "卢氏县医疗保障局2023年度部门决算", Region = lushi.Region, Department = lushi.Department });
            Import(importer, Final2022(fushun) with { Slug = "lushi-2022-final", Title = "卢氏县医疗保障局2022年度部门决算", Region = lushi.Region, Department = lushi.Department });
        }

        private static void Import(DisclosureImporter importer, DisclosureDocument document) =>
            importer.ImportPublishedAsync(document, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>The 2023 final account as 2022, with 公开01表 九、卫生健康支出 left blank (not zero) and 一般公共预算财政拨款收入 5,000.00.</summary>
    private static DisclosureDocument Final2022(DisclosureDocument fushun) => fushun with
    {
        Year = 2022,
        Tables = [.. fushun.Tables.Select(t => t.Number != "公开01表" ? t : t with
        {
            Rows = [.. t.Rows.Select(r => r.Cells.Count > 3 && r.Cells[3].Text == "九、卫生健康支出"
                ? r with { Cells = [.. r.Cells.Select((c, i) => i == 5 ? CellValue.Blank : c)] }
                : r.Cells.Count > 2 && r.Cells[0].Text == "一、一般公共预算财政拨款收入" ? r with { Cells = [.. r.Cells.Select((c, i) => i == 2 ? CellValue.Of(5000.00m) : c)] } : r)],
        })],
    };

    private async Task<AngleSharp.Dom.IElement> SummaryTableAsync(string col)
    {
        var html = await _factory.CreateClient().GetStringAsync($"/disclosures/lushi-2023-final/compare?with=lushi-2022-final&col={col}");
        return new HtmlParser().ParseDocument(html).QuerySelectorAll("section.compare-table").Single(s => s.QuerySelector("h2")!.TextContent.Contains("公开01表"));
    }

    [Fact]
    public async Task ABlankFigureStaysBlankAndGivesNoChange()
    {
        var table = await SummaryTableAsync("exp_amount");

        var health = table.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("九、卫生健康支出", StringComparison.Ordinal));
        health.QuerySelectorAll("td").Select(td => td.TextContent).ShouldBe(["6,070.16", "", "", ""]);
    }

    [Fact]
    public async Task LabelsAreTheItemsOfTheComparedSideWithoutRowNumbers()
    {
        var expenditure = await SummaryTableAsync("exp_amount");
        var income = await SummaryTableAsync("amount");

        var labels = expenditure.QuerySelectorAll("tbody th").Select(th => th.TextContent).ToList();
        labels.ShouldContain("九、卫生健康支出");
        labels.ShouldAllBe(l => !System.Text.RegularExpressions.Regex.IsMatch(l, @"^\d+ "));
        labels.ShouldNotContain("一、一般公共预算财政拨款收入");
        var grant = income.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "一、一般公共预算财政拨款收入");
        grant.QuerySelectorAll("td").Select(td => td.TextContent).ShouldBe(["6,309.22", "5,000.00", "1,309.22", "+26.18%"]);
    }

    [Fact]
    public async Task ColumnSwitchesAreNamedByTheirColumnHeaders()
    {
        var table = await SummaryTableAsync("amount");

        table.QuerySelector("p.column-switch")!.TextContent.ShouldContain("收入·金额");
        table.QuerySelector("p.column-switch a")!.TextContent.ShouldBe("支出·金额");
    }

    [Fact]
    public async Task TheComparisonOpensWithASummaryOfTheHeadlineFigures()
    {
        var html = await _factory.CreateClient().GetStringAsync("/disclosures/lushi-2023-final/compare?with=lushi-2022-final");
        var summary = new HtmlParser().ParseDocument(html).QuerySelector("section.compare-summary")!;

        summary.TextContent.ShouldContain("收入总计");
        summary.TextContent.ShouldContain("逐表对比");
        summary.TextContent.ShouldContain("行增加");
    }

    [Fact]
    public async Task NoComparisonIsOfferedWhereThereIsNothingToCompareWith()
    {
        var client = _factory.CreateClient();
        var alone = await client.GetStringAsync("/disclosures/shenyang-2024-final");
        var paired = await client.GetStringAsync("/disclosures/lushi-2023-final");

        alone.ShouldNotContain("/disclosures/shenyang-2024-final/compare");
        paired.ShouldContain("/disclosures/lushi-2023-final/compare\"");
        paired.ShouldContain("/disclosures/lushi-2023-final/compare?execution=true");
    }

    /// <summary>The 2023 budget as 2024, with 表3 2101501 行政运行 合计 63.76 → 70.00.</summary>
    public static DisclosureDocument Budget2024(DisclosureDocument lushi)
    {
        var tables = lushi.Tables.Select(t =>
        {
            if (t.Number != "表3")
            {
                return t;
            }

            var total = t.Leaves().Select(l => l.Key).ToList().IndexOf("total");
            return t with { Rows = [.. t.Rows.Select(r => r.Code == "2101501" ? r with { Cells = [.. r.Cells.Select((c, i) => i == total ? CellValue.Of(70.00m) : c)] } : r)] };
        }).ToList();
        return lushi with { Slug = "lushi-2024-budget", Title = "卢氏县医疗保障局2024年部门预算", Year = 2024, Tables = tables };
    }

    [Fact]
    public async Task YearComparisonShowsTheChangeAndPercentageOfARow()
    {
        var html = await _factory.CreateClient().GetStringAsync("/disclosures/lushi-2024-budget/compare?with=lushi-2023-budget");
        var page = new HtmlParser().ParseDocument(html);

        var table3 = page.QuerySelectorAll("section.compare-table").Single(s => s.QuerySelector("h2")!.TextContent.Contains("表3"));
        var row = table3.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("2101501 行政运行", StringComparison.Ordinal));
        row.QuerySelectorAll("td").Select(td => td.TextContent).ShouldBe(["70.00", "63.76", "6.24", "+9.79%"]);
        var unchanged = table3.QuerySelectorAll("tbody tr").Single(r => r.QuerySelector("th")!.TextContent.StartsWith("2210201 住房公积金", StringComparison.Ordinal));
        unchanged.QuerySelectorAll("td").Select(td => td.TextContent).ShouldBe(["46.60", "46.60", "0.00", "0.00%"]);
    }

    [Fact]
    public async Task FinalAgainstTheSameYearBudgetGivesTheCompletionRate()
    {
        var html = await _factory.CreateClient().GetStringAsync("/disclosures/lushi-2023-final/compare?execution=true");
        var rows = new HtmlParser().ParseDocument(html).QuerySelectorAll("table.execution tbody tr");

        var run = rows.Single(r => r.QuerySelector("th")!.TextContent == "2101501 行政运行" && r.QuerySelectorAll("td")[0].TextContent == "小计");
        run.QuerySelectorAll("td").Skip(1).Select(td => td.TextContent).ShouldBe(["63.76", "301.29", "237.53", "完成年初预算的 472.54%。"]);
        rows.ShouldContain(r => r.QuerySelector("th")!.TextContent == "合计" && r.TextContent.Contains("完成年初预算的"));
    }

    [Fact]
    public async Task TheChecksOfTheFinalAccountShowTheCompletionToo()
    {
        var page = await _factory.CreateClient().GetStringAsync("/disclosures/lushi-2023-final/checks");

        page.ShouldContain("与年初预算对比");
        page.ShouldContain("完成年初预算的 472.54%。");
    }
}
