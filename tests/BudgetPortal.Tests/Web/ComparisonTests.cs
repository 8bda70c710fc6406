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

    /// <summary>The portal with the two crafted disclosures, imported once for the class: an import that fails fails every test.</summary>
    public sealed class Portal : PortalAppFactory
    {
        public Portal()
        {
            using var scope = Services.CreateScope();
            var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
            var lushi = ReferenceFiles.BySlug("lushi-2023-budget");
            importer.ImportPublishedAsync(Budget2024(lushi), CancellationToken.None).GetAwaiter().GetResult();
            var fushun = ReferenceFiles.BySlug("fushun-2023-final");
            importer.ImportPublishedAsync(
                fushun with { Slug = "lushi-2023-final", Title = "卢氏县医疗保障局2023年度部门决算", Region = lushi.Region, Department = lushi.Department },
                CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    /// <summary>The 2023 budget as 2024, with 表3 2101501 行政运行 合计 63.76 → 70.00.</summary>
    private static DisclosureDocument Budget2024(DisclosureDocument lushi)
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
