using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.Playwright;

namespace BudgetPortal.Tests.Browser;

/// <summary>
/// In Chromium: a reviewer reads the rendered draft and its PDF before approving it, while a visitor gets 404 for both;
/// a reviewer cannot publish a version with a 错误 until an explanation is recorded, and the public then reads it.
/// A district's budget and accounts of its own (<see cref="ReviewVersions"/>).
/// </summary>
public sealed class DraftReviewBrowserTests(BrowserPortal portal) : IClassFixture<BrowserPortal>
{
    private const string Reviewer = "reviewer.browser@review.test";

    private async Task<IPage> ReviewerAsync()
    {
        await ReviewVersions.AccountAsync(portal.Factory.Services, Reviewer, PortalRoles.Reviewer, region: ReviewVersions.Region);
        var page = await portal.NewPageAsync();
        await page.GotoAsync($"{portal.BaseUrl}/account/login");
        await page.GetByLabel("邮箱").FillAsync(Reviewer);
        await page.GetByLabel("密码").FillAsync(ReviewVersions.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/staff");
        return page;
    }

    [Fact]
    public async Task AReviewerReadsTheRenderedDraftAndItsPdfBeforeApprovingAndAVisitorGets404()
    {
        var built = await ReviewVersions.CreateAsync(portal.Factory.Services, "某区浏览测试气象局", "browser-qixiang-2025-budget", VersionStatus.Submitted, withError: false);
        var reviewer = await ReviewerAsync();
        var versionUrl = $"{portal.BaseUrl}/staff/versions/{built.VersionId}";
        await reviewer.GotoAsync(versionUrl);

        // The draft and the check report come before the approval form.
        var before = await reviewer.Locator(".draft-review").EvaluateAsync<bool>(
            "(e) => { const form = document.querySelector('input[name=approvedOn]'); const checks = document.querySelector('#checks');"
            + " return !!(e.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING) && !!(checks.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING); }");
        before.ShouldBeTrue();

        await reviewer.GetByRole(AriaRole.Link, new() { Name = "查看草稿全文" }).ClickAsync();
        await reviewer.WaitForURLAsync("**/draft");
        await Assertions.Expect(reviewer.Locator(".draft-banner")).ToContainTextAsync("草稿");
        await Assertions.Expect(reviewer.Locator("section.public-table")).ToHaveCountAsync(4);
        await Assertions.Expect(reviewer.Locator("#t2")).ToContainTextAsync("1,234,500.00");
        var draftUrl = reviewer.Url;

        var download = await reviewer.RunAndWaitForDownloadAsync(() => reviewer.GetByRole(AriaRole.Link, new() { Name = "PDF（草稿）", Exact = true }).ClickAsync());
        var file = Path.Combine(Path.GetTempPath(), $"bp-draft-{Guid.NewGuid():N}.pdf");
        await download.SaveAsAsync(file);
        var text = Pdf.ToText(await File.ReadAllBytesAsync(file), layout: false);
        File.Delete(file);
        text.ShouldContain("草稿");
        text.ShouldContain("一般公共预算支出表");

        await reviewer.GotoAsync(versionUrl);
        await reviewer.GetByLabel("批复日期").FillAsync("2025-02-10");
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "记录批复" }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".form-ok")).ToContainTextAsync("已记录批复");

        var visitor = await portal.NewPageAsync(390, 844);
        (await visitor.GotoAsync(draftUrl))!.Status.ShouldBe(404);
        (await visitor.GotoAsync(draftUrl + "/pdf"))!.Status.ShouldBe(404);
        await reviewer.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/budgetportal-reviewer-version.png", FullPage = true });
    }

    [Fact]
    public async Task AReviewerCannotPublishAnErrorUntilAnExplanationIsRecordedWhichThePublicThenReads()
    {
        var built = await ReviewVersions.CreateAsync(portal.Factory.Services, "某区浏览测试地震局", "browser-dizhen-2025-budget", VersionStatus.Approved, withError: true);
        var reviewer = await ReviewerAsync();
        await reviewer.GotoAsync($"{portal.BaseUrl}/staff/versions/{built.VersionId}");
        await Assertions.Expect(reviewer.Locator(".severity-counts")).ToContainTextAsync("错误 2 项");
        var publish = reviewer.GetByRole(AriaRole.Button, new() { Name = "公开", Exact = true });
        var explanation = reviewer.Locator("textarea[name=explanation]");

        // The browser asks for the explanation first; a blank one (spaces) is refused by the server.
        await publish.ClickAsync();
        (await explanation.EvaluateAsync<bool>("(e) => e.validity.valueMissing")).ShouldBeTrue();
        await explanation.FillAsync("   ");
        await publish.ClickAsync();
        await Assertions.Expect(reviewer.Locator(".form-error")).ToContainTextAsync("不能直接公开");
        var visitor = await portal.NewPageAsync(390, 844);
        (await visitor.GotoAsync($"{portal.BaseUrl}/disclosures/{built.Slug}"))!.Status.ShouldBe(404);

        const string text = "表3合计为录入笔误，以表2为准，部门将在更正版本中改正。";
        await reviewer.Locator("textarea[name=explanation]").FillAsync(text);
        await reviewer.GetByRole(AriaRole.Button, new() { Name = "公开", Exact = true }).ClickAsync();
        await Assertions.Expect(reviewer.Locator(".form-ok")).ToContainTextAsync("已公开");

        (await visitor.GotoAsync($"{portal.BaseUrl}/disclosures/{built.Slug}"))!.Status.ShouldBe(200);
        await Assertions.Expect(visitor.Locator(".check-explanation")).ToContainTextAsync(text);
        await visitor.GotoAsync($"{portal.BaseUrl}/disclosures/{built.Slug}/checks");
        await Assertions.Expect(visitor.Locator("#explanation")).ToContainTextAsync(text);
        // On a phone the report reads as cards, without a page wider than the screen.
        (await visitor.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= document.scrollingElement.clientWidth")).ShouldBeTrue();
        (await visitor.Locator("table.findings tbody tr").First.EvaluateAsync<string>("(e) => getComputedStyle(e).display")).ShouldBe("block");
        await visitor.ScreenshotAsync(new PageScreenshotOptions { Path = "/tmp/budgetportal-checks-cards-390.png", FullPage = true });
    }
}
