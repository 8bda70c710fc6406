using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Checks;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

public sealed class RegionOverviewTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<IHtmlDocument> GetPageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    /// <summary>The overview address of 辽宁省, as linked from the home page.</summary>
    private async Task<string> LiaoningAsync() =>
        (await GetPageAsync("/")).QuerySelectorAll(".region-links a").Single(a => a.TextContent == "辽宁省").GetAttribute("href")!;

    private static List<string[]> Cells(IHtmlDocument page) =>
        page.QuerySelectorAll(".overview-table tbody tr")
            .Select(tr => tr.Children.Select(c => c is IElement e && e.QuerySelector("a") is { } a && e.TagName == "TH" ? a.TextContent : c.TextContent.Trim()).ToArray())
            .ToList();

    [Fact]
    public async Task ListsEveryDepartmentOfTheRegionAndItsSubRegionsWithTheirFigures()
    {
        var page = await GetPageAsync(await LiaoningAsync() + "?year=2023");

        page.QuerySelector("h1")!.TextContent.ShouldContain("辽宁省");
        var rows = Cells(page);
        rows.Select(r => r[0]).ShouldBe(["辽宁省医疗保障局", "辽宁省抚顺市医疗保障局", "辽宁省沈阳市医疗保障局（本级）", "鞍山市医疗保障局"], ignoreOrder: true);

        var province = rows.Single(r => r[0] == "辽宁省医疗保障局");
        province[1..7].ShouldBe(["预算", "12,884.35", "12,884.35", "2,127.04", "10,757.31", "16.60"]);
        var fushun = rows.Single(r => r[0] == "辽宁省抚顺市医疗保障局");
        fushun[1..7].ShouldBe(["决算", "6,309.22", "6,309.22", "1,223.72", "5,085.49", "4.50"]);
        fushun[8].ShouldStartWith("已公开（第 1 版）");

        // 沈阳's disclosure is for 2024: listed as not published for 2023, with blank figures (not 0.00).
        var shenyang = rows.Single(r => r[0] == "辽宁省沈阳市医疗保障局（本级）");
        shenyang[1..8].ShouldAllBe(c => c.Length == 0);
        shenyang[8].ShouldBe("本年度未公开");
    }

    [Fact]
    public async Task FiguresAndCountsAreStoredOnceAndComputedAgainWhenWhatTheyDependOnChanges()
    {
        var liaoning = await LiaoningAsync();
        string Province(IHtmlDocument page) => Cells(page).Single(r => r[0] == "辽宁省医疗保障局")[2];
        Province(await GetPageAsync(liaoning + "?year=2023&u=1")).ShouldBe("12,884.35");

        using var scope = factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        var versionId = await db.Disclosures.Where(d => d.Slug == "liaoning-2023-budget").Select(d => d.CurrentVersionId!.Value).SingleAsync();
        var stored = await db.VersionSummaries.AsNoTracking().SingleAsync(s => s.VersionId == versionId);
        stored.Figures.ShouldContain("12884.35");
        stored.Passed.ShouldBeGreaterThan(0);

        // Another instance (a store with its own memory) reads the stored row: a changed stored figure shows there (only a
        // test would change it) ...
        VersionSummaryStore OtherInstance() => new(
            db, scope.ServiceProvider.GetRequiredService<DocumentLoader>(), scope.ServiceProvider.GetRequiredService<DisclosureCheckService>(),
            scope.ServiceProvider.GetRequiredService<ContentStamp>(), new VersionSummaryMemo(TimeProvider.System));
        var wanted = new[] { new SummaryRequest(versionId, "liaoning-2023-budget", null) };
        await db.VersionSummaries.Where(s => s.VersionId == versionId)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Figures, stored.Figures.Replace("12884.35", "1.00", StringComparison.Ordinal)));
        (await OtherInstance().GetAsync(wanted, default))[versionId].Figures.TotalIncome.ShouldBe(1.00m);

        // ... while this instance keeps what it read: a summary under the same stamp cannot change (decision 0470).
        Province(await GetPageAsync(liaoning + "?year=2023&u=2")).ShouldBe("12,884.35");

        // A stored stamp that no longer matches (new build, rules, code lists or same-year budget): computed again.
        await db.VersionSummaries.Where(s => s.VersionId == versionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Stamp, "old"));
        (await OtherInstance().GetAsync(wanted, default))[versionId].Figures.TotalIncome.ShouldBe(12884.35m);
        (await db.VersionSummaries.AsNoTracking().SingleAsync(s => s.VersionId == versionId)).Stamp.ShouldNotBe("old");
    }

    [Fact]
    public async Task ShowsTheCheckCountsOfEachDisclosureAndTotalsPerKind()
    {
        var page = await GetPageAsync(await LiaoningAsync() + "?year=2023");

        var province = page.QuerySelectorAll(".overview-table tbody tr").Single(tr => tr.QuerySelector("th")!.TextContent.Contains("辽宁省医疗保障局", StringComparison.Ordinal));
        var checks = province.QuerySelector(".check-counts")!;
        checks.GetAttribute("href").ShouldBe("/disclosures/liaoning-2023-budget/checks");
        int.Parse(checks.QuerySelector("[data-count=passed]")!.TextContent.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);

        var totals = page.QuerySelectorAll(".overview-table tfoot tr").Select(tr => tr.Children.Select(c => c.TextContent.Trim()).ToArray()).ToList();
        totals.Select(t => t[0]).ShouldBe(["预算合计（1 份）", "决算合计（1 份）"]);
        totals[1][1..6].ShouldBe(["6,309.22", "6,309.22", "1,223.72", "5,085.49", "4.50"]);
    }

    [Fact]
    public async Task SortsOnEveryColumnServerSideWithAriaSortAndBlanksLast()
    {
        var url = await LiaoningAsync();

        var ascending = await GetPageAsync(url + "?year=2023&sort=income");
        Cells(ascending).Select(r => r[0]).Take(2).ShouldBe(["辽宁省抚顺市医疗保障局", "辽宁省医疗保障局"]);
        var header = ascending.QuerySelectorAll(".overview-table thead th").Single(th => th.TextContent.Contains("收入总计", StringComparison.Ordinal));
        header.GetAttribute("aria-sort").ShouldBe("ascending");
        header.QuerySelector("a")!.GetAttribute("href").ShouldBe("?year=2023&sort=-income");
        ascending.QuerySelectorAll(".overview-table thead th[aria-sort]").Length.ShouldBe(1);

        var descending = await GetPageAsync(url + "?year=2023&sort=-income");
        Cells(descending).Select(r => r[0]).Take(2).ShouldBe(["辽宁省医疗保障局", "辽宁省抚顺市医疗保障局"]);
        Cells(descending).Skip(2).ShouldAllBe(r => r[2].Length == 0);
        descending.QuerySelector(".overview-table thead th[aria-sort]")!.GetAttribute("aria-sort").ShouldBe("descending");

        foreach (var key in new[] { "department", "kind", "expenditure", "basic", "project", "three-public", "checks", "published" })
        {
            var page = await GetPageAsync(url + "?year=2023&sort=" + key);
            page.QuerySelectorAll(".overview-table thead th a").ShouldContain(a => a.GetAttribute("href") == "?year=2023&sort=-" + key);
        }
    }

    [Fact]
    public async Task DownloadsTheSameTableAsCsvWithBom()
    {
        var response = await _client.GetAsync(await LiaoningAsync() + "/csv?year=2023&sort=-income");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("部门,地区,类型,公开文件,收入总计（万元）,支出总计（万元）,基本支出（万元）,项目支出（万元）,“三公”经费（万元）");
        lines[1].ShouldStartWith("辽宁省医疗保障局,辽宁省,预算,辽宁省医疗保障局2023年部门预算,12884.35,12884.35,2127.04,10757.31,16.60,");
        lines[1].ShouldEndWith("/disclosures/liaoning-2023-budget");
        lines[2].ShouldStartWith("辽宁省抚顺市医疗保障局,辽宁省 › 抚顺市,决算,");
        lines.Length.ShouldBe(5);
    }

    [Fact]
    public async Task BreadcrumbRegionNamesLinkToTheOverview()
    {
        var page = await GetPageAsync("/disclosures/fushun-2023-final");

        var links = page.QuerySelectorAll(".breadcrumb a").Where(a => a.GetAttribute("href")!.StartsWith("/regions/", StringComparison.Ordinal)).ToList();
        links.Select(a => a.TextContent).ShouldBe(["辽宁省", "抚顺市"]);
        links[0].GetAttribute("href").ShouldEndWith("?year=2023");
        var overview = await GetPageAsync(links[1].GetAttribute("href")!);
        Cells(overview).Select(r => r[0]).ShouldBe(["辽宁省抚顺市医疗保障局"]);
    }

    [Fact]
    public async Task ListsOneKindWhenAskedAndKeepsItOnItsLinks()
    {
        var liaoning = await LiaoningAsync();
        var budgets = await GetPageAsync(liaoning + "?year=2023&kind=budget");
        var finals = await GetPageAsync(liaoning + "?year=2023&kind=final");

        Cells(budgets).Where(r => r[1].Length > 0).Select(r => r[1]).ShouldAllBe(k => k == "预算");
        Cells(finals).Where(r => r[1].Length > 0).Select(r => r[1]).ShouldAllBe(k => k == "决算");
        Cells(finals).Single(r => r[0] == "辽宁省抚顺市医疗保障局")[2].ShouldBe("6,309.22");
        Cells(budgets).Single(r => r[0] == "辽宁省抚顺市医疗保障局")[8].ShouldBe("本年度未公开");
        Cells(budgets).Select(r => r[0]).ShouldBe(Cells(finals).Select(r => r[0]), ignoreOrder: true);
        budgets.QuerySelector(".overview-table thead th a")!.GetAttribute("href")!.ShouldContain("&kind=budget");
        budgets.QuerySelector(".kind-tabs [aria-current=page]")!.TextContent.ShouldBe("部门预算");
        Cells(await GetPageAsync(liaoning + "?year=2023&kind=nonsense")).Count.ShouldBe(Cells(await GetPageAsync(liaoning + "?year=2023")).Count);
    }

    [Fact]
    public async Task AnUnknownRegionIsNotFound()
    {
        (await _client.GetAsync("/regions/999999")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
