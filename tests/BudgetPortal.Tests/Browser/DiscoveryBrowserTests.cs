using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// A new visitor in Chromium: finds a department by a two-character fragment and reaches its disclosure, reads a
/// change in the year comparison and a completion rate against the budget, and drills a chart down one level.
/// </summary>
public sealed class DiscoveryBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    /// <summary>
    /// 卢氏县医疗保障局's 2024 budget (2101501 raised to 70.00) and a 2023 final account (抚顺's figures under its name),
    /// beside its 2023 budget of the seeds. A second test in this class would import them a second time and fail
    /// loudly: it gets a portal of its own or shares this one through a fixture.
    /// </summary>
    private static async Task ImportLushiYearsAsync(IServiceProvider services)
    {
        using var scope = services.CreateScope();
        var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
        var lushi = ReferenceFiles.BySlug("lushi-2023-budget");
        var tables = lushi.Tables.Select(t => t.Number != "表3" ? t : t with
        {
            Rows = [.. t.Rows.Select(r => r.Code == "2101501" ? r with { Cells = [.. r.Cells.Select((c, i) => i == t.Leaves().Select(l => l.Key).ToList().IndexOf("total") ? CellValue.Of(70.00m) : c)] } : r)],
        }).ToList();
        await importer.ImportPublishedAsync(lushi with { Slug = "lushi-2024-budget", Title = "卢氏县医疗保障局2024年部门预算", Year = 2024, Tables = tables }, CancellationToken.None);
        var fushun = ReferenceFiles.BySlug("fushun-2023-final");
        await importer.ImportPublishedAsync(fushun with { Slug = "lushi-2023-final", Title = "卢氏县医疗保障局2023年度部门决算", Region = lushi.Region, Department = lushi.Department }, CancellationToken.None);
    }

    [Fact]
    public async Task SearchByTwoCharactersThenCompareThenDrillDown()
    {
        await ImportLushiYearsAsync(portal.Factory.Services);
        var page = await portal.NewPageAsync(390, 844);
        await page.GotoAsync(portal.BaseUrl + "/");
        await page.GetByRole(AriaRole.Searchbox).First.FillAsync("卢氏");
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?**");
        await page.GetByRole(AriaRole.Link, new() { Name = "卢氏县医疗保障局2024年部门预算" }).First.ClickAsync();
        await page.WaitForURLAsync("**/disclosures/lushi-2024-budget");

        await page.GetByRole(AriaRole.Link, new() { Name = "年度对比" }).ClickAsync();
        await page.Locator("select[name=with]").SelectOptionAsync("lushi-2023-budget");
        await page.GetByRole(AriaRole.Button, new() { Name = "对比" }).ClickAsync();
        var row = page.Locator("section.compare-table", new() { HasText = "表3" }).Locator("tbody tr", new() { HasText = "2101501 行政运行" });
        await Assertions.Expect(row.Locator("td").Nth(2)).ToHaveTextAsync("6.24");
        await Assertions.Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("+9.79%");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/budgetportal-compare-390.png", FullPage = true });

        await page.GotoAsync(portal.BaseUrl + "/disclosures/lushi-2023-final");
        await page.GetByRole(AriaRole.Link, new() { Name = "与年初预算对比" }).ClickAsync();
        var execution = page.Locator("table.execution tbody tr", new() { HasText = "2101501 行政运行" }).Filter(new() { HasText = "小计" });
        await Assertions.Expect(execution).ToContainTextAsync("完成年初预算的 472.54%");

        await page.GotoAsync(portal.BaseUrl + "/disclosures/liaoning-2023-budget");
        await page.GetByRole(AriaRole.Link, new() { Name = "图表" }).ClickAsync();
        await page.Locator("figure#functional").GetByRole(AriaRole.Link, new() { Name = "210 卫生健康支出", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("figure#functional table.chart-figures tbody")).ToContainTextAsync("21015 医疗保障管理事务");
        await Assertions.Expect(page.Locator("figure#functional table.chart-figures tbody")).ToContainTextAsync("12,371.71");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/budgetportal-charts-390.png", FullPage = true });
    }
}
