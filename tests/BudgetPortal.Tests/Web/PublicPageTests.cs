using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

public sealed class PublicPageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<IHtmlDocument> GetPageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HomeListsEveryPublishedDisclosureInChinese()
    {
        var page = await GetPageAsync("/");

        page.DocumentElement.GetAttribute("lang").ShouldBe("zh-CN");
        page.QuerySelectorAll(".disclosure-list a.disclosure-link").Length.ShouldBe(5);
        page.QuerySelector("h1")!.TextContent.ShouldBe("部门预算和决算公开");
    }

    [Fact]
    public async Task HomeFiltersByKindAndDepartmentFragment()
    {
        var page = await GetPageAsync("/?kind=final&q=" + Uri.EscapeDataString("抚顺"));

        page.QuerySelectorAll(".disclosure-list a.disclosure-link").Select(a => a.GetAttribute("href"))
            .ShouldBe(["/disclosures/fushun-2023-final"]);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task DisclosurePageShowsEveryTableWithItsRowsAndSections(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);

        var page = await GetPageAsync($"/disclosures/{slug}");

        var tables = page.QuerySelectorAll("section.public-table");
        tables.Length.ShouldBe(document.Tables.Count);
        for (var i = 0; i < document.Tables.Count; i++)
        {
            var expected = document.Tables[i];
            tables[i].QuerySelector(".table-number")!.TextContent.ShouldBe(expected.Number);
            // An empty table carries the 空表 mark after its title, as the published documents print it.
            tables[i].QuerySelector("h3")!.TextContent.ShouldBe(expected.Title + (!expected.Missing && expected.HasNoData() ? "（空表）" : ""));
            if (!expected.Missing)
            {
                tables[i].QuerySelectorAll("table.data-table:not(.form-grid) > tbody > tr").Length.ShouldBe(expected.Rows.Count, $"{expected.Number} {expected.Title}");
            }
        }

        page.QuerySelectorAll("section.narrative").Length.ShouldBe(document.Sections.Count);
        page.QuerySelectorAll(".toc-tables li").Length.ShouldBe(document.Tables.Count);
    }

    [Theory]
    [MemberData(nameof(ReferenceFiles.Slugs), MemberType = typeof(ReferenceFiles))]
    public async Task DisclosurePageShowsEveryFigureInItsRowAndColumn(string slug)
    {
        var document = ReferenceFiles.BySlug(slug);

        var page = await GetPageAsync($"/disclosures/{slug}");

        var tables = page.QuerySelectorAll("section.public-table");
        for (var t = 0; t < document.Tables.Count; t++)
        {
            var table = document.Tables[t];
            var leaves = table.Leaves();
            var rows = tables[t].QuerySelectorAll("table.data-table:not(.form-grid) > tbody > tr");
            for (var r = 0; r < table.Rows.Count; r++)
            {
                var cells = rows[r].Children;
                cells.Length.ShouldBe(leaves.Count);
                for (var c = 0; c < leaves.Count; c++)
                {
                    var value = table.Rows[r].Cells[c];
                    var shown = cells[c].TextContent.Trim();
                    if (value.IsBlank)
                    {
                        shown.ShouldBeEmpty($"{table.Number} row {r + 1} column {leaves[c].Title}");
                    }
                    else if (value.Number is { } number && leaves[c].Type == ColumnTypes.Amount)
                    {
                        decimal.Parse(shown.Replace(",", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture)
                            .ShouldBe(number, $"{table.Number} row {r + 1} column {leaves[c].Title}");
                    }
                    else if (value.Text is { } text)
                    {
                        shown.ShouldBe(text.Trim(), $"{table.Number} row {r + 1} column {leaves[c].Title}");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task DisclosurePageUsesAccessibleTableHeaders()
    {
        var page = await GetPageAsync("/disclosures/liaoning-2023-budget");

        var table = page.QuerySelector("section.public-table table")!;
        table.QuerySelectorAll("thead th").ShouldAllBe(th => th.HasAttribute("scope"));
        table.QuerySelector("caption").ShouldNotBeNull();
        page.QuerySelector("a.skip-link")!.GetAttribute("href").ShouldBe("#main");
    }

    [Fact]
    public async Task DepartmentPageListsItsDisclosures()
    {
        var disclosure = await GetPageAsync("/disclosures/lushi-2023-budget");
        var links = disclosure.QuerySelectorAll(".breadcrumb a");
        var departmentLink = links[^1].GetAttribute("href")!;

        var page = await GetPageAsync(departmentLink);

        page.QuerySelector("h1")!.TextContent.ShouldBe("卢氏县医疗保障局");
        page.QuerySelectorAll(".disclosure-list a").Select(a => a.GetAttribute("href")).ShouldBe(["/disclosures/lushi-2023-budget"]);
    }

    [Fact]
    public async Task UnknownPageIsAChinese404()
    {
        var response = await _client.GetAsync("/disclosures/no-such-thing");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain("页面不存在");
    }

    [Fact]
    public async Task NarrativeHtmlIsNotExecuted()
    {
        var page = await GetPageAsync("/disclosures/liaoning-2023-budget");

        page.QuerySelectorAll("section.narrative script").Length.ShouldBe(0);
        page.QuerySelectorAll("script").Select(s => s.GetAttribute("src") ?? "inline").ShouldAllBe(src => src.StartsWith("/js/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OneTableAloneHasItsOwnAddressWithPreviousAndNext()
    {
        var page = await GetPageAsync("/disclosures/lushi-2023-budget?table=3");

        page.QuerySelectorAll("section.public-table").Length.ShouldBe(1);
        page.QuerySelector("section.public-table h3")!.TextContent.ShouldBe("2023年部门支出总体情况表");
        page.QuerySelectorAll("section.narrative").Length.ShouldBe(0);
        page.QuerySelector(".table-pager a[rel=prev]")!.GetAttribute("href").ShouldBe("/disclosures/lushi-2023-budget?table=2");
        page.QuerySelector(".table-pager a[rel=next]")!.GetAttribute("href").ShouldBe("/disclosures/lushi-2023-budget?table=4");
        page.Title!.ShouldStartWith("表3 2023年部门支出总体情况表");
    }

    [Fact]
    public async Task ATableNumberOutOfRangeIsNotFound()
    {
        (await _client.GetAsync("/disclosures/lushi-2023-budget?table=13")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
