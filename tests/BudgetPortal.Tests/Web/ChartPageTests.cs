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
}
