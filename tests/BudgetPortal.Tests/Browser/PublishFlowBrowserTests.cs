using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// In Chromium, as people do it: staff sign in, create a draft, type a figure into the grid and submit; a reviewer
/// signs in, records the approval and publishes; the public page shows the new figure.
/// </summary>
public sealed class PublishFlowBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private async Task SignInAsync(IPage page, string email)
    {
        await page.GotoAsync($"{portal.BaseUrl}/account/login");
        await page.GetByLabel("邮箱").FillAsync(email);
        await page.GetByLabel("密码").FillAsync("demo-portal-2025");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/staff");
    }

    [Fact]
    public async Task StaffEnterAndSubmitReviewerPublishesThePublicSeesTheFigure()
    {
        var staff = await portal.NewPageAsync();
        await SignInAsync(staff, "staff@demo.budgetportal");
        await staff.Locator("select[name='Draft.TableSet']").SelectOptionAsync("liaoning-province-budget");
        await staff.Locator("input[name='Draft.Year']").FillAsync("2036");
        await staff.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await staff.WaitForURLAsync("**/staff/versions/*");
        var versionUrl = staff.Url;

        // 表1: the first income line, typed with a thousands separator, then Tab to leave the cell.
        await staff.Locator("ol.staff-tables li").Nth(0).GetByRole(AriaRole.Link, new() { Name = "填报" }).ClickAsync();
        var cell = staff.GetByLabel("第 1 行 预算数").First;
        await cell.FillAsync("4,321.09");
        await cell.PressAsync("Tab");
        await staff.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".form-ok")).ToContainTextAsync("已保存");
        await staff.GotoAsync(versionUrl);
        // Most tables are still empty: 错误 findings stand, so staff confirm that they submit anyway.
        await staff.Locator("input[name=confirm]").CheckAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(staff.Locator(".form-ok")).ToContainTextAsync("已提交审核");

        var reviewer = await portal.NewPageAsync();
        await SignInAsync(reviewer, "reviewer@demo.budgetportal");
        await reviewer.GotoAsync(versionUrl);
        await reviewer.GetByLabel("批复日期").FillAsync("2036-01-20");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "记录批复" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".form-ok")).ToContainTextAsync("已记录批复");
        await reviewer.Locator("textarea[name=explanation]").FillAsync("仅填报了收入总表，其余表格为空。");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "公开" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".form-ok")).ToContainTextAsync("已公开");

        var visitor = await portal.NewPageAsync(390, 844);
        await reviewer.GetByRole(AriaRole.Link, new() { Name = "公开页面" }).ClickAsync();
        var publicUrl = reviewer.Url;
        await visitor.GotoAsync(publicUrl + "&table=1");
        await Assertions.Expect(visitor.Locator("section.public-table").First).ToContainTextAsync("4,321.09");
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/budgetportal-published-390.png", FullPage = true });
    }
}
