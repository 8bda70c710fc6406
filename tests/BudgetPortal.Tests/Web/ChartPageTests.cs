using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Web;

/// <summary>The charts of a disclosure: SVG with the same figures as a table, and drill-down 类 → 款 → 项.</summary>
public sealed class ChartPageTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<List<(string Name, string Amount)>> FiguresAsync(string url, string chart)
    {
        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync(url));
        var figure = page.QuerySelector($"figure#{chart}")!;
        figure.QuerySelector("svg[role=img] title").ShouldNotBeNull();
        return [.. figure.QuerySelectorAll("table.chart-figures tbody tr").Select(r => (r.QuerySelector("th")!.TextContent.Replace("（展开下一级）", "", StringComparison.Ordinal).Trim(), r.QuerySelectorAll("td")[0].TextContent))];
    }

    [Fact]
    public async Task FunctionalExpenditureByClassThenDrillDownOneLevel()
    {
        (await FiguresAsync("/disclosures/liaoning-2023-budget/charts", "functional"))
            .ShouldBe([("208 社会保障和就业支出", "236.77"), ("210 卫生健康支出", "12,462.52"), ("221 住房保障支出", "185.06")]);

        (await FiguresAsync("/disclosures/liaoning-2023-budget/charts?fc=210", "functional"))
            .ShouldBe([("21011 行政事业单位医疗", "90.81"), ("21015 医疗保障管理事务", "12,371.71")]);
    }

    [Fact]
    public async Task ALayoutThatListsOnlyItemsIsSummedUpByClass()
    {
        var classes = await FiguresAsync("/disclosures/lushi-2023-budget/charts", "functional");

        classes.ShouldBe([("208 社会保障和就业支出", "62.13"), ("210 卫生健康支出", "672.12"), ("221 住房保障支出", "46.60")]);
        (await FiguresAsync("/disclosures/lushi-2023-budget/charts", "economic")).Select(x => x.Name).ShouldContain("301 工资福利支出");
    }

    [Fact]
    public async Task BasicExpenditureByEconomicClassAndThreePublicParts()
    {
        var economic = await FiguresAsync("/disclosures/liaoning-2023-budget/charts", "economic");
        economic.ShouldContain(("301 工资福利支出", "1,717.16"));
        economic.ShouldContain(("302 商品和服务支出", "389.64"));
        (await FiguresAsync("/disclosures/liaoning-2023-budget/charts", "three-public")).ShouldBe([("公务接待费", "1.70"), ("公务用车购置及运行费", "14.90")]);
    }

    [Fact]
    public async Task LabelsAreNeverCutAndEveryBarLinksToItsTableRow()
    {
        var html = await _client.GetStringAsync("/disclosures/liaoning-2023-budget/charts");
        var page = new HtmlParser().ParseDocument(html);
        var svg = page.QuerySelector("figure#functional svg")!;

        svg.OuterHtml.ShouldNotContain("…");
        var links = svg.QuerySelectorAll("a").ToList();
        links.Count.ShouldBe(3);
        var social = links.Single(a => a.TextContent.Contains("208社会", StringComparison.Ordinal));
        string.Concat(social.QuerySelectorAll("text").Select(t => t.TextContent)).ShouldEndWith("208社会保障和就业支出");

        var anchor = social.GetAttribute("href")!;
        anchor.ShouldStartWith("/disclosures/liaoning-2023-budget#t");
        var disclosure = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/liaoning-2023-budget"));
        var row = disclosure.GetElementById(anchor[(anchor.IndexOf('#', StringComparison.Ordinal) + 1)..])!;
        row.TagName.ShouldBe("TR");
        row.TextContent.ShouldContain("社会保障和就业支出");
        page.QuerySelectorAll("figure#functional table.chart-figures a").Select(a => a.GetAttribute("href")).ShouldContain(anchor);
    }

    [Fact]
    public async Task ASingleFigureIsStatedNotDrawnAsOneBar()
    {
        var page = new HtmlParser().ParseDocument(await _client.GetStringAsync("/disclosures/liaoning-2023-budget/charts?fc=221"));
        var figure = page.QuerySelector("figure#functional")!;

        figure.QuerySelector("svg").ShouldBeNull();
        figure.QuerySelector("p.single-figure")!.TextContent.ShouldContain("只有一项");
        figure.QuerySelectorAll("table.chart-figures tbody tr").Length.ShouldBe(1);
    }
}
