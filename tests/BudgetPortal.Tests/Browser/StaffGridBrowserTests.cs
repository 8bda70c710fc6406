using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// The staff grid in Chromium, as a person uses it: a pasted block longer than the rows left adds rows, a refused value
/// stays in its cell with its message, leaving with unsaved changes asks first (and not after saving), and computed
/// totals are marked. Each test has a department of its own (not one of the seeds') with a draft of 表3 支出预算总表:
/// rows 合计, 213, 21303, 2130301; columns 编码, 名称, 合计, 基本支出小计, 人员经费, 公用经费, 项目支出.
/// </summary>
public sealed class StaffGridBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private async Task<(IPage Page, string Url, int VersionId)> GridAsync(string department)
    {
        var draft = await DisclosureBuilder.ForDepartment(department).InTableSet(StaffEntryData.SetCode)
            .WithTable(await StaffEntryData.WaterTableAsync(portal.Factory.Services, "expenditure")).SaveAsync(portal.Factory.Services);
        await StaffEntryData.GrantStaffAsync(portal.Factory.Services, draft.DepartmentId);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"{portal.BaseUrl}/account/login");
        await page.GetByLabel("邮箱").FillAsync("staff@demo.budgetportal");
        await page.GetByLabel("密码").FillAsync("demo-portal-2025");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/staff");
        var url = $"{portal.BaseUrl}/staff/versions/{draft.VersionId}/tables/1";
        await page.GotoAsync(url);
        return (page, url, draft.VersionId);
    }

    private static ILocator Cell(IPage page, int row, int column) => page.Locator($"input[name='Cells[{row}][{column}]']");

    /// <summary>Types into a cell key by key, as a person does (which also gives the page the user activation a
    /// beforeunload dialog needs).</summary>
    private static async Task TypeAsync(IPage page, int row, int column, string text)
    {
        await Cell(page, row, column).ClickAsync();
        await Cell(page, row, column).PressSequentiallyAsync(text);
    }

    /// <summary>Every dialog the page opens, dismissed (for beforeunload: staying on the page).</summary>
    private static List<string> DismissDialogs(IPage page)
    {
        var dialogs = new List<string>();
        page.Dialog += async (_, dialog) =>
        {
            dialogs.Add(dialog.Type);
            await dialog.DismissAsync();
        };
        return dialogs;
    }

    /// <summary>Follows the breadcrumb back to the workspace.</summary>
    private static Task LeaveAsync(IPage page) => page.Locator("nav.breadcrumb a[href='/staff']").ClickAsync();

    private async Task<DraftView> LoadAsync(int versionId)
    {
        using var scope = portal.Factory.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, default))!;
    }

    [Fact]
    public async Task ABlockLongerThanTheRowsLeftAddsRowsAndEveryRowIsSaved()
    {
        var (page, _, versionId) = await GridAsync("某县水库管理处");
        var rows = page.Locator("table[data-grid] tbody tr");
        (await rows.CountAsync()).ShouldBe(4);
        string[] lines =
        [
            "2130301\t行政运行\t\t\t30\t\t",
            "2130302\t一般行政管理事务\t\t\t\t\t5",
            "2130304\t水利行业业务管理\t\t\t\t\t6",
            "2130305\t水利工程建设\t\t\t\t\t7",
            "2130306\t水利工程运行与维护\t\t\t\t\t8",
        ];

        // Pasted into the code cell of the last row: five lines where one row is left.
        await page.EvaluateAsync(
            """
            ([selector, text]) => {
              const input = document.querySelector(selector);
              input.focus();
              const data = new DataTransfer();
              data.setData("text/plain", text);
              input.dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
            }
            """,
            new[] { "input[name='Cells[3][0]']", string.Join("\r\n", lines) + "\r\n" });

        (await rows.CountAsync()).ShouldBe(8);
        (await Cell(page, 7, 0).InputValueAsync()).ShouldBe("2130306");
        (await Cell(page, 7, 6).InputValueAsync()).ShouldBe("8");
        (await page.Locator("#grid-status").InnerTextAsync()).ShouldContain("已增加 4 行");

        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**saved=*");
        var saved = (await LoadAsync(versionId)).Document.Tables[0];
        saved.Rows.Where(r => r.Code is not null).Select(r => r.Code).ShouldBe(["213", "21303", "2130301", "2130302", "2130304", "2130305", "2130306"]);
        saved.Rows.Single(r => r.Code == "2130306").Cells[6].Number.ShouldBe(8m);
        saved.Rows.Single(r => r.Code == "2130306").Level.ShouldBe(3);
    }

    [Fact]
    public async Task ARefusedValueStaysHighlightedAndLeavingWithUnsavedChangesAsksFirstButNotAfterSaving()
    {
        var (page, url, _) = await GridAsync("某县水土保持站");
        var dialogs = DismissDialogs(page);

        await TypeAsync(page, 3, 4, "12abc");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.Locator("td.cell-rejected").WaitForAsync();

        (await Cell(page, 3, 4).InputValueAsync()).ShouldBe("12abc");
        (await Cell(page, 3, 4).GetAttributeAsync("aria-invalid")).ShouldBe("true");
        (await page.Locator("td.cell-rejected .cell-note").InnerTextAsync()).ShouldContain("“12abc”不是金额");
        var background = await Cell(page, 3, 4).EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        background.ShouldNotBe("rgba(0, 0, 0, 0)", "the refused cell is highlighted");

        // The values came back unsaved: leaving asks first, and staying keeps them.
        await Cell(page, 3, 5).ClickAsync();
        await LeaveAsync(page);
        (await page.EvaluateAsync<string>("() => location.href")).ShouldStartWith(url, customMessage: "the page stayed: the dialog was dismissed");
        dialogs.ShouldBe(["beforeunload"]);
        page.Url.ShouldStartWith(url);
        (await Cell(page, 3, 4).InputValueAsync()).ShouldBe("12abc");

        // Corrected and saved: leaving no longer asks.
        await Cell(page, 3, 4).FillAsync("12");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**saved=*");
        await Cell(page, 3, 5).ClickAsync();
        await LeaveAsync(page);
        await page.WaitForURLAsync("**/staff");
        dialogs.ShouldBe(["beforeunload"]);
    }

    [Fact]
    public async Task TypingThenLeavingAsksFirst()
    {
        var (page, url, _) = await GridAsync("某县防汛抗旱指挥部");
        var dialogs = DismissDialogs(page);

        await TypeAsync(page, 3, 6, "5");
        await LeaveAsync(page);
        (await page.EvaluateAsync<string>("() => location.href")).ShouldStartWith(url, customMessage: "the page stayed: the dialog was dismissed");

        dialogs.ShouldBe(["beforeunload"]);
        page.Url.ShouldStartWith(url);
    }

    [Fact]
    public async Task ComputedTotalsAreMarkedUntilSaved()
    {
        var (page, _, _) = await GridAsync("某县节水办公室");

        await Cell(page, 3, 4).FillAsync("40");
        await Cell(page, 3, 6).FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "计算各级合计" }).ClickAsync();
        await page.Locator(".computed-hint").WaitForAsync();

        (await Cell(page, 3, 2).InputValueAsync()).ShouldBe("42");
        (await page.Locator("td.cell-computed").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("td.cell-computed", new() { Has = Cell(page, 1, 2) }).Locator(".cell-note").InnerTextAsync()).ShouldBe("计算值，原为 80");

        await page.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        await page.WaitForURLAsync("**saved=*");
        (await page.Locator("td.cell-computed").CountAsync()).ShouldBe(0);
        (await Cell(page, 3, 2).InputValueAsync()).ShouldBe("42");
    }
}
