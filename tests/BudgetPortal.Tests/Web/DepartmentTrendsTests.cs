using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>The department page's charts across years: with the reference data (one year) and with a second year added.</summary>
public sealed class DepartmentTrendsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<IHtmlDocument> GetPageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private async Task<IHtmlDocument> DepartmentOfAsync(string slug)
    {
        var disclosure = await GetPageAsync($"/disclosures/{slug}");
        var href = disclosure.QuerySelectorAll(".breadcrumb a").Single(a => a.GetAttribute("href")!.StartsWith("/departments/", StringComparison.Ordinal)).GetAttribute("href")!;
        return await GetPageAsync(href);
    }

    private static IElement Chart(IHtmlDocument page, string title) =>
        page.QuerySelectorAll("figure.chart").Single(f => f.QuerySelector("figcaption")!.TextContent.Trim() == title);

    private static List<string[]> Figures(IElement chart) =>
        chart.QuerySelectorAll("table.chart-figures tbody tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();

    /// <summary>A copy of a reference disclosure for another year, every amount scaled (as a department's earlier year).</summary>
    private static DisclosureDocument EarlierYear(DisclosureDocument document, int year, decimal factor) => document with
    {
        Slug = document.Slug.Replace(document.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
        Title = document.Title.Replace(document.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), year.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal),
        Year = year,
        Sections = document.Sections.Select(s => s with { Body = s.Body.Replace("机关运行经费支出预算2.35万元", "机关运行经费支出预算2.28万元", StringComparison.Ordinal) }).ToList(),
        Tables = document.Tables.Select(t => t with
        {
            Rows = t.Rows.Select(r => r with
            {
                Cells = r.Cells.Select(c => c.Number is { } n && r.Role != RowRoles.ColumnNumbers ? CellValue.Of(Math.Round(n * factor, 2)) : c).ToList(),
            }).ToList(),
        }).ToList(),
    };

    [Fact]
    public async Task OneYearDrawsEachChartWithItsFiguresTable()
    {
        var page = await DepartmentOfAsync("anshan-2025-budget");

        var charts = page.QuerySelectorAll("section.trends figure.chart");
        charts.Select(c => c.QuerySelector("figcaption")!.TextContent.Trim())
            .ShouldBe(["收入总计和支出总计", "基本支出和项目支出", "“三公”经费", "机关运行经费"]);
        foreach (var chart in charts)
        {
            var svg = chart.QuerySelector("svg[role=img]")!;
            svg.GetAttribute("aria-labelledby").ShouldNotBeNull();
            svg.QuerySelectorAll("rect").Length.ShouldBeGreaterThan(0);
            chart.QuerySelector("table.chart-figures caption").ShouldNotBeNull();
            chart.QuerySelectorAll("table.chart-figures thead th[scope=col]").Length.ShouldBeGreaterThan(1);
        }

        Figures(Chart(page, "基本支出和项目支出")).ShouldBe([["2025年预算", "2,009.29", "211.11", "2,220.40"]]);
        Figures(Chart(page, "“三公”经费")).ShouldBe([["2025年预算", "", "0.10", "7.20", "7.30"]]);
        Figures(Chart(page, "机关运行经费")).ShouldBe([["2025年预算", "118.06"]]);
    }

    [Fact]
    public async Task TheThreePublicChartOfAFinalAccountUsesTheFinalFigures()
    {
        var page = await DepartmentOfAsync("shenyang-2024-final");

        Figures(Chart(page, "“三公”经费")).ShouldBe([["2024年决算", "", "", "0.70", "0.70"]]);
        Figures(Chart(page, "收入总计和支出总计")).ShouldBe([["2024年决算", "3,707.54", "3,707.54"]]);
    }

    [Fact]
    public async Task ASecondYearAddsABarPerChartOldestFirst()
    {
        using (var scope = factory.Services.CreateScope())
        {
            var lushi = ReferenceFiles.BySlug("lushi-2023-budget");
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(EarlierYear(lushi, 2022, 1.1m), CancellationToken.None);
        }

        var page = await DepartmentOfAsync("lushi-2023-budget");

        Figures(Chart(page, "收入总计和支出总计")).ShouldBe([["2022年预算", "858.92", "858.92"], ["2023年预算", "780.84", "780.84"]]);
        Figures(Chart(page, "基本支出和项目支出")).ShouldBe([["2022年预算", "615.31", "243.62", "858.93"], ["2023年预算", "559.37", "221.47", "780.84"]]);
        Figures(Chart(page, "“三公”经费")).ShouldBe([["2022年预算", "", "0.33", "3.30", "3.63"], ["2023年预算", "", "0.30", "3.00", "3.30"]]);
        Figures(Chart(page, "机关运行经费")).ShouldBe([["2022年预算", "2.28"], ["2023年预算", "2.35"]]);

        // Grouped bars: two series × two years; the category labels read 2022年 then 2023年.
        var svg = Chart(page, "收入总计和支出总计").QuerySelector("svg")!;
        svg.QuerySelectorAll("rect title").Select(t => t.TextContent)
            .ShouldBe(["2022年 预算 收入总计：858.92 万元", "2022年 预算 支出总计：858.92 万元", "2023年 预算 收入总计：780.84 万元", "2023年 预算 支出总计：780.84 万元"]);
        page.QuerySelectorAll(".year-group h3").Select(h => h.TextContent).ShouldBe(["2023 年度", "2022 年度"]);
    }

    [Fact]
    public async Task ThePageShowsItsRegionTrailAlsoForARegionAddedAfterTheCatalogWasBuilt()
    {
        // The trail comes from the published catalog's region tree; a region the catalog does not know yet (made after
        // it was built, nothing published in it) is read from the database.
        (await DepartmentOfAsync("lushi-2023-budget")).QuerySelector(".breadcrumb")!.TextContent.ShouldContain("卢氏县");
        int departmentId;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var parent = db.Regions.Single(r => r.Name == "卢氏县");
            var town = new Region { Name = "新设示范镇", Level = RegionLevel.District, ParentId = parent.Id };
            var department = new Department { Name = "新设示范镇文化站", Region = town };
            db.Add(department);
            await db.SaveChangesAsync();
            departmentId = department.Id;
        }

        var crumbs = (await GetPageAsync($"/departments/{departmentId}")).QuerySelectorAll(".breadcrumb a").Select(a => a.TextContent.Trim()).ToList();
        crumbs.ShouldContain("卢氏县");
        crumbs.ShouldContain("新设示范镇");
    }
}
