using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The disclosure page keeps what it rendered of a published version (tables, narrative) and what it worked out from
/// the other disclosures (checks, summary, comparisons) — decision 0430. Each request has an address of its own, so
/// that the output cache never answers and what is tested is what the page kept. (Its own portal: these tests publish.)
/// </summary>
public sealed class RenderedVersionTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<IHtmlDocument> PageAsync(string url) => new HtmlParser().ParseDocument(await _client.GetStringAsync(url));

    [Fact]
    public async Task ADepartmentRenamedAfterItsPageWasRenderedIsNamedAnewInEveryTableHeading()
    {
        var built = await DisclosureBuilder.ForDepartment("渲染更名前局").InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出表", ("total", "合计")).WithCodedRow("213", "农林水支出", 12.5m).Build())
            .SaveAsync(factory.Services);
        var before = await PageAsync($"/disclosures/{built.Slug}?render=1");
        before.QuerySelector("section.public-table .table-meta")!.TextContent.ShouldContain("渲染更名前局");

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BudgetPortal.Web.Data.PortalDbContext>();
            await db.Departments.Where(d => d.Id == built.DepartmentId).ExecuteUpdateAsync(s => s.SetProperty(d => d.Name, "渲染更名后局"));
        }

        var after = await PageAsync($"/disclosures/{built.Slug}?render=2");
        after.QuerySelector("section.public-table .table-meta")!.TextContent.ShouldContain("渲染更名后局");
        after.QuerySelector("section.public-table")!.TextContent.ShouldNotContain("渲染更名前局");
    }

    [Fact]
    public async Task ABudgetPublishedLaterIsOfferedForComparisonOnAFinalAccountAlreadyShown()
    {
        var final = await DisclosureBuilder.ForDepartment("渲染对比核对局").ForYear(2033).AsFinalAccount().InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出决算表", ("total", "合计")).WithCodedRow("213", "农林水支出", 8m).Build())
            .SaveAsync(factory.Services);
        var before = await PageAsync($"/disclosures/{final.Slug}?render=1");
        before.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldNotContain($"/disclosures/{final.Slug}/compare?execution=true");

        await DisclosureBuilder.ForDepartment("渲染对比核对局").ForYear(2033).InState(VersionStatus.Published)
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出预算表", ("total", "合计")).WithCodedRow("213", "农林水支出", 10m).Build())
            .SaveAsync(factory.Services);

        var after = await PageAsync($"/disclosures/{final.Slug}?render=2");
        after.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ShouldContain($"/disclosures/{final.Slug}/compare?execution=true");
    }

    [Fact]
    public async Task TableCellsCarryOnlyTheAttributesTheyNeed()
    {
        var response = await _client.GetAsync("/disclosures/fushun-2023-final?render=markup");
        var html = await response.Content.ReadAsStringAsync();
        var page = new HtmlParser().ParseDocument(html);

        html.ShouldNotContain("class=\"\"");
        html.ShouldNotContain("indent-0");
        var tables = page.QuerySelectorAll("section.public-table table.data-table:not(.form-grid)");
        tables.Length.ShouldBeGreaterThan(0);
        foreach (var table in tables)
        {
            table.QuerySelectorAll("thead th").ShouldAllBe(th => th.HasAttribute("scope"));
            table.QuerySelector("caption").ShouldNotBeNull();
            table.QuerySelectorAll("tbody th").ShouldAllBe(th => th.GetAttribute("scope") == "row" && th.ClassList.Contains("sticky-name"));
        }

        // Amounts are right-aligned, rows addressable, deeper levels indented, the code column stays in view.
        page.QuerySelectorAll("td.num").Length.ShouldBeGreaterThan(100);
        page.QuerySelector("#t1-r2").ShouldNotBeNull();
        page.QuerySelectorAll("tbody th.indent-1, tbody th.indent-2").Length.ShouldBeGreaterThan(0);
        page.QuerySelectorAll("td.sticky-code").Length.ShouldBeGreaterThan(0);
    }
}
