using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

public sealed class SearchTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<IHtmlDocument> GetPageAsync(string url)
    {
        var response = await _client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, url);
        return new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
    }

    private static string Search(string q, string extra = "") => "/search?q=" + Uri.EscapeDataString(q) + extra;

    private static List<(string Type, string Href, string Title)> Hits(IHtmlDocument page) =>
        page.QuerySelectorAll(".search-results li").Select(li => (
            li.QuerySelector(".type-label")!.TextContent,
            li.QuerySelector("a.hit-title")!.GetAttribute("href")!,
            li.QuerySelector("a.hit-title")!.TextContent)).ToList();

    [Theory]
    [InlineData("抚顺", "/disclosures/fushun-2023-final")]
    [InlineData("卢氏", "/disclosures/lushi-2023-budget")]
    public async Task ATwoCharacterFragmentFindsTheDepartmentFirstAndItsDisclosure(string q, string disclosure)
    {
        var hits = Hits(await GetPageAsync(Search(q)));

        hits[0].Type.ShouldBe("部门");
        hits[0].Href.ShouldStartWith("/departments/");
        hits[0].Title.ShouldContain(q);
        hits.ShouldContain(h => h.Type == "公开文件" && h.Href == disclosure);
    }

    [Fact]
    public async Task RanksDepartmentsThenUnitsTitlesTablesProjectsAndRowsThenText()
    {
        var hits = Hits(await GetPageAsync(Search("医疗保障")));

        // Projects and table rows share one rank: within it the whole name comes before a name that only contains the word.
        var order = new Dictionary<string, int> { ["部门"] = 0, ["单位"] = 1, ["公开文件"] = 2, ["表格"] = 3, ["项目"] = 4, ["表格行"] = 4, ["文字说明"] = 5 };
        // A row or project that holds the words only inside other words ranks below the text (see the test below).
        var firstText = hits.FindIndex(h => h.Type == "文字说明");
        var ranks = hits.Take(firstText).Select(h => order[h.Type]).ToList();
        ranks.ShouldBe(ranks.Order().ToList());
        hits.Skip(firstText).Select(h => h.Type).Distinct().ShouldBeSubsetOf(["文字说明", "项目", "表格行"]);
        hits.Select(h => h.Type).Distinct().ShouldBe(["部门", "单位", "公开文件", "表格", "项目", "表格行", "文字说明"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("行政运行")]
    [InlineData("2101550")]
    [InlineData("公务接待")]
    public async Task TableRowsAreFoundByNameOrCodeAndLinkToTheirRow(string q)
    {
        var hits = Hits(await GetPageAsync(Search(q)));

        var row = hits.First(h => h.Type == "表格行");
        row.Title.ShouldContain(q);
        row.Href.ShouldMatch(@"^/disclosures/[a-z0-9-]+\?table=\d+#t\d+-r\d+$");
        var (path, anchor) = (row.Href[..row.Href.IndexOf('#')], row.Href[(row.Href.IndexOf('#') + 1)..]);
        var page = await GetPageAsync(path);
        page.GetElementById(anchor).ShouldNotBeNull(row.Href);
        page.GetElementById(anchor)!.TextContent.ShouldContain(q);
    }

    [Fact]
    public async Task TableTitlesAreFound()
    {
        var hits = Hits(await GetPageAsync(Search("收入支出决算总表")));

        hits.ShouldContain(h => h.Type == "表格" && h.Title.Contains("收入支出决算总表") && h.Href.Contains("?table="));
    }

    [Fact]
    public async Task AWordFoundOnlyInsideAnotherWordRanksBelowTextUsingTheWord()
    {
        var hits = Hits(await GetPageAsync(Search("公用")));

        hits[0].Title.ShouldNotContain("办公用房");
        hits.FindIndex(h => h.Title.Contains("办公用房")).ShouldBeGreaterThan(hits.FindIndex(h => h.Type == "文字说明"));
    }

    [Fact]
    public async Task AnExactDepartmentNameComesBeforeLongerNamesContainingIt()
    {
        var hits = Hits(await GetPageAsync(Search("鞍山市医疗保障局")));

        hits[0].ShouldBe(("部门", hits[0].Href, "鞍山市医疗保障局"));
    }

    [Fact]
    public async Task FindsAProjectAndLinksToItsTableAlone()
    {
        var hits = Hits(await GetPageAsync(Search("物业管理费")));

        hits.ShouldContain(h => h.Type == "项目" && h.Href == "/disclosures/anshan-2025-budget?table=10" && h.Title == "物业管理费");
        (await GetPageAsync("/disclosures/anshan-2025-budget?table=10")).QuerySelector(".table-number")!.TextContent.ShouldBe("表9");
    }

    [Fact]
    public async Task FindsNarrativeTextAndLinksToTheSectionAnchor()
    {
        var page = await GetPageAsync(Search("厉行节约"));

        // 厉行节约 occurs five times in 鞍山's 情况说明 and three times in 沈阳's: the one that says it more ranks first.
        var hits = page.QuerySelectorAll(".search-results li").Where(li => li.QuerySelector(".type-label")!.TextContent == "文字说明").ToList();
        hits.Select(h => h.QuerySelector("a.hit-title")!.GetAttribute("href"))
            .ShouldBe(["/disclosures/anshan-2025-budget#s4", "/disclosures/shenyang-2024-final#s2"]);
        hits.ShouldAllBe(h => h.QuerySelector(".snippet mark")!.TextContent == "厉行节约");
        (await GetPageAsync("/disclosures/shenyang-2024-final")).GetElementById("s2").ShouldNotBeNull();
    }

    [Fact]
    public async Task HighlightsEveryMatchedWordAndEncodesTheRest()
    {
        var page = await GetPageAsync(Search("沈阳 本级"));

        var title = page.QuerySelector(".hit-department a.hit-title")!;
        title.TextContent.ShouldBe("辽宁省沈阳市医疗保障局（本级）");
        title.QuerySelectorAll("mark").Select(m => m.TextContent).ShouldBe(["沈阳", "本级"]);
    }

    [Fact]
    public async Task FiltersByRegionYearAndKind()
    {
        var all = Hits(await GetPageAsync(Search("医疗保障局")));
        all.Where(h => h.Type == "公开文件").Count().ShouldBe(5);

        var henan = Hits(await GetPageAsync(Search("医疗保障局", "&region=" + Uri.EscapeDataString("河南省"))));
        henan.Where(h => h.Type == "公开文件").Select(h => h.Href).ShouldBe(["/disclosures/lushi-2023-budget"]);

        var liaoning2023 = Hits(await GetPageAsync(Search("医疗保障局", "&region=" + Uri.EscapeDataString("辽宁省") + "&year=2023")));
        liaoning2023.Where(h => h.Type == "公开文件").Select(h => h.Href).Order()
            .ShouldBe(["/disclosures/fushun-2023-final", "/disclosures/liaoning-2023-budget"]);

        var finals = Hits(await GetPageAsync(Search("医疗保障局", "&kind=final")));
        finals.Where(h => h.Type == "公开文件").Select(h => h.Href).Order()
            .ShouldBe(["/disclosures/fushun-2023-final", "/disclosures/shenyang-2024-final"]);
        finals.Where(h => h.Type == "部门").Count().ShouldBe(2);
    }

    [Fact]
    public async Task LikeWildcardsInTheQueryAreTakenLiterally()
    {
        Hits(await GetPageAsync(Search("抚%局"))).ShouldBeEmpty();
        Hits(await GetPageAsync(Search("抚_市"))).ShouldBeEmpty();
        Hits(await GetPageAsync(Search("76.40%"))).ShouldContain(h => h.Href == "/disclosures/lushi-2023-budget#s2");
    }

    [Fact]
    public async Task EveryPageHasTheSearchBoxInTheHeader()
    {
        foreach (var url in new[] { "/", "/disclosures/lushi-2023-budget", "/table-sets" })
        {
            var form = (await GetPageAsync(url)).QuerySelector("header form[role=search]")!;
            form.GetAttribute("action").ShouldBe("/search");
            form.QuerySelector("input[name=q]")!.Id.ShouldNotBeNull();
            form.QuerySelector($"label[for={form.QuerySelector("input[name=q]")!.Id}]").ShouldNotBeNull();
        }
    }

    [Fact]
    public async Task JsonEndpointReturnsRankedTypedResultsWithMarks()
    {
        var json = await _client.GetFromJsonAsync<JsonElement>("/api/search?q=" + Uri.EscapeDataString("抚顺") + "&year=2023&kind=final");

        json.GetProperty("terms").EnumerateArray().Select(t => t.GetString()).ShouldBe(["抚顺"]);
        var results = json.GetProperty("results").EnumerateArray().ToList();
        results.Count.ShouldBe(json.GetProperty("count").GetInt32());
        results[0].GetProperty("type").GetString().ShouldBe("department");
        results[0].GetProperty("titleHtml").GetString().ShouldBe("辽宁省<mark>抚顺</mark>市医疗保障局");
        results.ShouldContain(r => r.GetProperty("type").GetString() == "disclosure" && r.GetProperty("url").GetString() == "/disclosures/fushun-2023-final");
        results.Where(r => r.GetProperty("kind").ValueKind != JsonValueKind.Null).ShouldAllBe(r => r.GetProperty("kind").GetString() == "final");
        results.ShouldNotContain(r => r.GetProperty("url").GetString()!.Contains("liaoning", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonEndpointRejectsAMissingQueryInChinese()
    {
        var response = await _client.GetAsync("/api/search?q=");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("参数错误");
    }

    [Theory]
    [InlineData("医😀")]
    [InlineData("😀医")]
    [InlineData("医\0保")]
    [InlineData("\0")]
    [InlineData("医\uD83D")]
    public async Task QueriesWithCharactersOutsideTheBmpControlCharactersOrBrokenSurrogatesAreAnsweredNotCrashed(string q)
    {
        var page = await _client.GetAsync(Search(q));
        var api = await _client.GetAsync("/api/search?q=" + Uri.EscapeDataString(q));

        page.StatusCode.ShouldBe(HttpStatusCode.OK, await page.Content.ReadAsStringAsync());
        api.StatusCode.ShouldBe(HttpStatusCode.OK, await api.Content.ReadAsStringAsync());
        var body = await api.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("q").GetString()!.ShouldNotContain("\0");
    }

    [Fact]
    public async Task AQueryWithANulBetweenWordsStillFindsTheWords()
    {
        var hits = Hits(await GetPageAsync(Search("抚\0顺")));

        hits.ShouldContain(h => h.Href == "/disclosures/fushun-2023-final");
    }
}
