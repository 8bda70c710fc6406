using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Tests.Web;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// Every page type fits the screen it is read on: at 390 px (a phone) and 1280 px (a desk) the page itself never
/// scrolls sideways (<c>scrollWidth &lt;= clientWidth</c>); a wide table scrolls inside its own box instead.
/// Screenshots go to /tmp for a person to look at.
/// </summary>
public sealed class PageWidthBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    /// <summary>A phone and a desk.</summary>
    private static readonly int[] Widths = [390, 1280];

    private static readonly string[] PublicPages =
    [
        "/",
        "/departments/1",
        "/disclosures/liaoning-2023-budget",
        "/disclosures/fushun-2023-final",
        "/disclosures/lushi-2023-budget?table=3",
        "/disclosures/anshan-2025-budget/checks",
        "/disclosures/fushun-2023-final/charts",
        "/disclosures/fushun-2023-final/history",
        "/disclosures/fushun-2023-final/compare?execution=true",
        "/disclosures/shenyang-2024-final/compare",
        "/search?q=" + "医疗保障",
        "/regions/1",
        "/table-sets",
        "/table-sets/liaoning-province-budget",
        "/open-data",
        "/account/login",
    ];

    [Theory]
    [InlineData(390)]
    [InlineData(1280)]
    public async Task NoPublicPageScrollsSideways(int width)
    {
        var page = await portal.NewPageAsync(width);
        var overflowing = new List<string>();
        foreach (var path in PublicPages)
        {
            var response = await page.GotoAsync(portal.BaseUrl + path);
            response!.Status.ShouldBe(200, path);
            await MeasureAsync(page, path, width, overflowing);
        }

        overflowing.ShouldBeEmpty();
    }

    /// <summary>A draft made through the workspace's 新建 form on a phone, then every staff page at both widths.</summary>
    [Fact]
    public async Task NoStaffPageScrollsSideways()
    {
        var creating = await StaffPageAsync(390);
        await creating.Locator("select[name='Draft.TableSet']").SelectOptionAsync("liaoning-province-budget");
        await creating.Locator("input[name='Draft.Year']").FillAsync("2026");
        await creating.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await creating.WaitForURLAsync("**/staff/versions/*");
        var version = new Uri(creating.Url).AbsolutePath;

        var overflowing = new List<string>();
        foreach (var width in Widths)
        {
            var page = await StaffPageAsync(width);
            foreach (var path in new[] { "/staff", version, version + "/tables/1", version + "/tables/3", version + "/sections", version + "/import", "/account/password", "/account/two-factor" })
            {
                var response = await page.GotoAsync(portal.BaseUrl + path);
                response!.Status.ShouldBe(200, path);
                await MeasureAsync(page, path, width, overflowing);
            }
        }

        overflowing.ShouldBeEmpty();
    }

    /// <summary>
    /// A year comparison with figures (two budgets of one department, imported for this test), the budget-versus-final
    /// comparison and the charts with drill-down: their tables scroll inside their own boxes, the page never does.
    /// </summary>
    [Fact]
    public async Task ComparisonsAndChartsFitTheScreen()
    {
        using (var scope = portal.Factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>()
                .ImportPublishedAsync(ComparisonTests.Budget2024(ReferenceFiles.BySlug("lushi-2023-budget")), CancellationToken.None);
        }

        var overflowing = new List<string>();
        foreach (var width in Widths)
        {
            var page = await portal.NewPageAsync(width);
            foreach (var path in new[] { "/disclosures/lushi-2024-budget/compare?with=lushi-2023-budget", "/disclosures/lushi-2024-budget/compare?with=lushi-2023-budget&col=basic", "/disclosures/liaoning-2023-budget/charts", "/disclosures/liaoning-2023-budget/charts?fc=210", "/disclosures/lushi-2023-budget/charts" })
            {
                var response = await page.GotoAsync(portal.BaseUrl + path);
                response!.Status.ShouldBe(200, path);
                await MeasureAsync(page, path, width, overflowing);
            }
        }

        overflowing.ShouldBeEmpty();
    }

    /// <summary>
    /// The staff grid's states of its own: a submitted table read-only, and the grid with computed totals marked (a
    /// note under each computed cell), in a department of the test's own.
    /// </summary>
    [Fact]
    public async Task TheReadOnlyTableAndTheMarkedGridDoNotScrollSideways()
    {
        var table = await StaffEntryData.WaterTableAsync(portal.Factory.Services, "expenditure");
        var submitted = await DisclosureBuilder.ForDepartment("某县水政监察大队")
            .InState(BudgetPortal.Web.Data.Entities.VersionStatus.Submitted).WithTable(table).SaveAsync(portal.Factory.Services);
        var draft = await DisclosureBuilder.ForDepartment("某县水政监察大队").ForYear(2031)
            .InTableSet(StaffEntryData.SetCode).WithTable(table).SaveAsync(portal.Factory.Services);
        await StaffEntryData.GrantStaffAsync(portal.Factory.Services, submitted.DepartmentId);

        var overflowing = new List<string>();
        foreach (var width in Widths)
        {
            var page = await StaffPageAsync(width);
            var readOnly = $"/staff/versions/{submitted.VersionId}/tables/1";
            (await page.GotoAsync(portal.BaseUrl + readOnly))!.Status.ShouldBe(200);
            await page.Locator("table.read-only").WaitForAsync();
            await MeasureAsync(page, readOnly, width, overflowing);

            // Computed but not saved: the same draft serves the next width.
            var grid = $"/staff/versions/{draft.VersionId}/tables/1";
            await page.GotoAsync(portal.BaseUrl + grid);
            await page.Locator("input[name='Cells[3][4]']").FillAsync("40");
            await page.GetByRole(AriaRole.Button, new() { Name = "计算各级合计" }).ClickAsync();
            await page.Locator(".computed-hint").WaitForAsync();
            await MeasureAsync(page, grid + "-computed", width, overflowing);
        }

        overflowing.ShouldBeEmpty();
    }

    /// <summary>A page of the given width, signed in as the demo staff account, on the workspace.</summary>
    private async Task<IPage> StaffPageAsync(int width)
    {
        var page = await portal.NewPageAsync(width);
        await page.GotoAsync($"{portal.BaseUrl}/account/login");
        await page.GetByLabel("邮箱").FillAsync("staff@demo.budgetportal");
        await page.GetByLabel("密码").FillAsync("demo-portal-2025");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/staff");
        return page;
    }

    private static async Task MeasureAsync(IPage page, string path, int width, List<string> overflowing)
    {
        var sizes = await page.EvaluateAsync<int[]>("() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]");
        if (sizes[0] > sizes[1])
        {
            overflowing.Add($"{path} at {width}px: {sizes[0]} > {sizes[1]}");
        }

        var name = new string(path.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = $"/tmp/budgetportal-width-{width}-{(name.Length == 0 ? "home" : name[..Math.Min(name.Length, 50)])}.png" });
    }
}
