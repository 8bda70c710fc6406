using System.Globalization;
using System.Net;
using System.Text.Json;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using ClosedXML.Excel;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Reviewers see what they approve: a version not yet published rendered as it will be (page and PDF, marked 草稿) for
/// whoever may read it and 404 for everyone else; its check report with levels, plain titles, links into the grid and
/// downloads; publishing refused while a 错误 stands unless explained, the explanation published beside the report;
/// submitting with a 错误 asks for confirmation. Against the real PostgreSQL, with a district's set and accounts.
/// </summary>
public sealed class DraftReviewTests : PortalPerTest<PortalAppFactory>
{
    private const string Department = "某区审计测试园林局";
    private const string OtherDepartment = "某区审计测试档案局";
    private const string Staff = "staff.yuanlin@review.test";
    private const string OtherStaff = "staff.dangan@review.test";
    private const string Reviewer = "reviewer.mouqu@review.test";
    private const string OtherReviewer = "reviewer.elsewhere@review.test";
    private const string Auditor = "auditor@review.test";
    private const string Admin = "admin@review.test";

    /// <summary>
    /// The test's version of <see cref="Department"/> (its 2025 budget) in <paramref name="status"/>, the other
    /// department's published budget (so that both scopes exist) and one account of each role.
    /// </summary>
    private async Task<BuiltDisclosure> VersionAsync(VersionStatus status, bool withError)
    {
        var built = await ReviewVersions.CreateAsync(Factory.Services, Department, "review-yuanlin-2025-budget", status, withError);
        await ReviewVersions.CreateAsync(Factory.Services, OtherDepartment, "review-dangan-2025-budget", VersionStatus.Published, withError: false);
        await ReviewVersions.AccountAsync(Factory.Services, Staff, PortalRoles.DepartmentStaff, department: Department);
        await ReviewVersions.AccountAsync(Factory.Services, OtherStaff, PortalRoles.DepartmentStaff, department: OtherDepartment);
        await ReviewVersions.AccountAsync(Factory.Services, Reviewer, PortalRoles.Reviewer, region: ReviewVersions.Region);
        await ReviewVersions.AccountAsync(Factory.Services, OtherReviewer, PortalRoles.Reviewer, region: "河南省");
        await ReviewVersions.AccountAsync(Factory.Services, Auditor, PortalRoles.Auditor);
        await ReviewVersions.AccountAsync(Factory.Services, Admin, PortalRoles.Administrator);
        return built;
    }

    private Task<StaffSession> SignInAsync(string email) => StaffSession.SignInAsync(Factory, email, ReviewVersions.Password);

    [Fact]
    public async Task ADraftIsReadByItsStaffReviewersAuditorsAndAdministratorsAndIs404ForEveryoneElse()
    {
        var built = await VersionAsync(VersionStatus.Submitted, withError: true);
        var page = $"/staff/versions/{built.VersionId}/draft";
        var pdf = $"{page}/pdf";

        foreach (var url in new[] { page, pdf, $"{page}?table=3", $"{page}/xlsx" })
        {
            (await Factory.CreateClient().GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, $"anonymous {url}");
            foreach (var outsider in new[] { OtherStaff, OtherReviewer })
            {
                (await (await SignInAsync(outsider)).Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, $"{outsider} {url}");
            }
        }

        foreach (var reader in new[] { Staff, Reviewer, Auditor, Admin })
        {
            var session = await SignInAsync(reader);
            var response = await session.Client.GetAsync(page);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, reader);
            response.Headers.CacheControl!.NoStore.ShouldBeTrue(reader);
            response.Headers.ETag.ShouldBeNull();
            var html = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            html.QuerySelector(".draft-banner")!.TextContent.ShouldContain("草稿");
            html.QuerySelectorAll("section.public-table").Length.ShouldBe(4, reader);
            html.QuerySelector("#t3")!.TextContent.ShouldContain("124.45");
            var file = await session.Client.GetAsync(pdf);
            file.StatusCode.ShouldBe(HttpStatusCode.OK, reader);
            file.Headers.CacheControl!.NoStore.ShouldBeTrue();
        }

        // Never public: the public address, the API, the search and the feed know nothing of it.
        var anonymous = Factory.CreateClient();
        (await anonymous.GetAsync($"/disclosures/{built.Slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetStringAsync("/feed.atom")).ShouldNotContain(built.Slug);
        (await anonymous.GetStringAsync($"/search?q={Uri.EscapeDataString(Department)}")).ShouldNotContain($"versions/{built.VersionId}");
    }

    [Fact]
    public async Task EveryPageOfADraftPdfIsMarkedAsDraftAndThePublishedPdfIsNot()
    {
        var built = await VersionAsync(VersionStatus.Approved, withError: false);
        var reviewer = await SignInAsync(Reviewer);

        var draft = Pdf.ToText(await reviewer.Client.GetByteArrayAsync($"/staff/versions/{built.VersionId}/draft/pdf"), layout: false);
        var pages = draft.Split('\f').Where(p => p.Trim().Length > 0).ToList();
        pages.Count.ShouldBeGreaterThan(2);
        pages.ShouldAllBe(p => p.Contains("草稿"));
        Pdf.ToText(await reviewer.Client.GetByteArrayAsync($"/staff/versions/{built.VersionId}/draft/pdf?table=2"), layout: false).ShouldContain("草稿");

        (await (await reviewer.PostFormAsync($"/staff/versions/{built.VersionId}", "Publish", [])).Content.ReadAsStringAsync()).ShouldContain("已公开");
        Pdf.ToText(await Factory.CreateClient().GetByteArrayAsync($"/disclosures/{built.Slug}/pdf"), layout: false).ShouldNotContain("草稿");
        (await reviewer.Client.GetAsync($"/staff/versions/{built.VersionId}/draft")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task TablesAndSectionsAreReadableByTheReviewerAndByStaffAfterSubmitting()
    {
        var built = await VersionAsync(VersionStatus.Draft, withError: false);
        var staff = await SignInAsync(Staff);
        var reviewer = await SignInAsync(Reviewer);

        // While a draft: staff get the grid, the reviewer reads the table; the sections open as they will be published.
        (await staff.Client.GetStringAsync($"/staff/versions/{built.VersionId}/tables/3")).ShouldContain("grid-form");
        (await reviewer.Client.GetAsync($"/staff/versions/{built.VersionId}/tables/3?row=2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var sections = await reviewer.Client.GetAsync($"/staff/versions/{built.VersionId}/sections");
        sections.StatusCode.ShouldBe(HttpStatusCode.OK);
        sections.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe($"/staff/versions/{built.VersionId}/draft");

        (await staff.PostFormAsync($"/staff/versions/{built.VersionId}", "Submit", [])).StatusCode.ShouldBe(HttpStatusCode.OK);
        var afterSubmit = await staff.Client.GetAsync($"/staff/versions/{built.VersionId}/sections");
        afterSubmit.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await afterSubmit.Content.ReadAsStringAsync()).ShouldContain("支出总计");
        (await staff.Client.GetAsync($"/staff/versions/{built.VersionId}/tables/2")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await SignInAsync(OtherStaff)).Client.GetAsync($"/staff/versions/{built.VersionId}/tables/2")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PublishingWithAnErrorNeedsAnExplanationThatIsPublishedBesideTheReport()
    {
        var built = await VersionAsync(VersionStatus.Approved, withError: true);
        var reviewer = await SignInAsync(Reviewer);
        var url = $"/staff/versions/{built.VersionId}";

        var page = new HtmlParser().ParseDocument(await reviewer.Client.GetStringAsync(url));
        page.QuerySelector(".severity-counts")!.TextContent.ShouldContain("错误 2 项");
        page.QuerySelector("form textarea[name=explanation]").ShouldNotBeNull();
        var refused = await (await reviewer.PostFormAsync(url, "Publish", [])).Content.ReadAsStringAsync();
        refused.ShouldContain("检查发现 2 项错误，不能直接公开");
        (await Factory.CreateClient().GetAsync($"/disclosures/{built.Slug}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        const string explanation = "表3合计为部门录入时的笔误，经核对以表2为准，已责成部门在更正版本中改正。";
        (await (await reviewer.PostFormAsync(url, "Publish", new() { ["explanation"] = explanation })).Content.ReadAsStringAsync()).ShouldContain("已公开");

        var anonymous = Factory.CreateClient();
        var shown = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/disclosures/{built.Slug}"));
        shown.QuerySelector(".check-explanation")!.TextContent.ShouldContain(explanation);
        var checks = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/disclosures/{built.Slug}/checks"));
        checks.QuerySelector("#explanation")!.TextContent.ShouldContain(explanation);
        var json = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/disclosures/{built.Slug}")).RootElement;
        json.GetProperty("checkExplanation").GetString().ShouldBe(explanation);

        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        (await db.AuditEntries.SingleAsync(a => a.VersionId == built.VersionId && a.Action == "审核说明")).Detail.ShouldBe(explanation);
        (await db.AuditEntries.CountAsync(a => a.VersionId == built.VersionId && a.Action == "公开")).ShouldBe(1);
    }

    [Fact]
    public async Task AVersionWithoutErrorsIsPublishedWithoutAnExplanation()
    {
        var built = await VersionAsync(VersionStatus.Approved, withError: false);
        var reviewer = await SignInAsync(Reviewer);

        var page = new HtmlParser().ParseDocument(await reviewer.Client.GetStringAsync($"/staff/versions/{built.VersionId}"));
        page.QuerySelector("form textarea[name=explanation]").ShouldBeNull();
        (await (await reviewer.PostFormAsync($"/staff/versions/{built.VersionId}", "Publish", new() { ["explanation"] = "无需说明" })).Content.ReadAsStringAsync())
            .ShouldContain("已公开");
        var json = JsonDocument.Parse(await Factory.CreateClient().GetStringAsync($"/api/disclosures/{built.Slug}")).RootElement;
        json.TryGetProperty("checkExplanation", out _).ShouldBeFalse();
    }

    [Fact]
    public async Task SubmittingWithAnErrorAsksForAnExplicitConfirmation()
    {
        var built = await VersionAsync(VersionStatus.Draft, withError: true);
        var staff = await SignInAsync(Staff);
        var url = $"/staff/versions/{built.VersionId}";

        var page = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync(url));
        page.QuerySelector("input[name=confirm][required]").ShouldNotBeNull();
        page.QuerySelector("table.findings")!.TextContent.ShouldContain("上级科目不等于下级科目之和");

        var refused = await (await staff.PostFormAsync(url, "Submit", [])).Content.ReadAsStringAsync();
        refused.ShouldContain("2 项错误尚未改正");
        await StatusShouldBeAsync(built.VersionId, VersionStatus.Draft);

        (await (await staff.PostFormAsync(url, "Submit", new() { ["confirm"] = "true" })).Content.ReadAsStringAsync()).ShouldContain("已提交审核");
        await StatusShouldBeAsync(built.VersionId, VersionStatus.Submitted);
    }

    [Fact]
    public async Task EachFindingLinksToItsRowAndCellWhichTheGridHighlights()
    {
        var built = await VersionAsync(VersionStatus.Draft, withError: true);
        var staff = await SignInAsync(Staff);

        var page = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync($"/staff/versions/{built.VersionId}"));
        var u4 = page.QuerySelectorAll("table.findings tbody tr").First(r => r.QuerySelector("code")!.TextContent == "U4");
        u4.QuerySelector(".sev-label")!.TextContent.ShouldBe("错误");
        u4.QuerySelector(".finding-title")!.TextContent.ShouldStartWith("上级科目不等于下级科目之和");
        var link = u4.QuerySelector("a.finding-place")!.GetAttribute("href")!;
        link.ShouldBe($"/staff/versions/{built.VersionId}/tables/3?row=1&col=2#r1");
        u4.QuerySelector("a.finding-read")!.GetAttribute("href").ShouldBe($"/staff/versions/{built.VersionId}/draft?table=3#t3-r1");

        var grid = new HtmlParser().ParseDocument(await staff.Client.GetStringAsync(link));
        var target = grid.QuerySelector("tr.finding-target")!;
        target.Id.ShouldBe("r1");
        target.QuerySelector("td.finding-cell input")!.GetAttribute("value").ShouldBe("124.45");
        grid.QuerySelectorAll("tr.finding-target").Length.ShouldBe(1);
    }

    [Fact]
    public async Task ThePublicReportDownloadsAsCsvAndWorkbookWithTitlesRuleIdsPlacesAndLinks()
    {
        var built = await VersionAsync(VersionStatus.Approved, withError: true);
        var reviewer = await SignInAsync(Reviewer);
        await reviewer.PostFormAsync($"/staff/versions/{built.VersionId}", "Publish", new() { ["explanation"] = "笔误，已核对。" });
        var anonymous = Factory.CreateClient();

        var page = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/disclosures/{built.Slug}/checks"));
        var u5 = page.QuerySelectorAll("table.findings tbody tr").First(r => r.QuerySelector("code")!.TextContent == "U5");
        u5.QuerySelector(".finding-title")!.TextContent.ShouldStartWith("应相等的两处数字不一致");
        u5.QuerySelector("a.finding-place")!.GetAttribute("href").ShouldBe($"/disclosures/{built.Slug}?table=3#t3-r1");
        u5.QuerySelectorAll("td").ShouldAllBe(td => td.HasAttribute("data-label"));

        var csv = await anonymous.GetAsync($"/disclosures/{built.Slug}/checks/csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        using var reader = new CsvReader(new StreamReader(await csv.Content.ReadAsStreamAsync()), CultureInfo.InvariantCulture);
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, reader.Parser.Count).Select(i => reader.GetField(i) ?? "")]);
        }

        rows[1].ShouldBe(["级别", "问题", "规则编号", "规则说明", "位置", "应为", "实为", "差额", "允许尾差", "单位", "说明", "链接"]);
        var line = rows.Skip(2).Single(r => r[2] == "U5");
        line[0].ShouldBe("错误");
        line[1].ShouldBe("应相等的两处数字不一致");
        line[4].ShouldBe("表3 一般公共预算支出表 · 合计 · 合计");
        line[6].ShouldBe("124.45");
        line[9].ShouldBe("万元");
        line[11].ShouldEndWith($"/disclosures/{built.Slug}?table=3#t3-r1");

        var xlsx = await anonymous.GetAsync($"/disclosures/{built.Slug}/checks/xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var workbook = new XLWorkbook(await xlsx.Content.ReadAsStreamAsync());
        var sheet = workbook.Worksheet("检查结果");
        var found = sheet.RowsUsed().Single(r => r.Cell(3).GetString() == "U5");
        found.Cell(1).GetString().ShouldBe("错误");
        found.Cell(2).GetString().ShouldBe("应相等的两处数字不一致");
        found.Cell(7).GetValue<decimal>().ShouldBe(124.45m);
        found.Cell(7).DataType.ShouldBe(XLDataType.Number);
    }

    [Fact]
    public async Task TheStaffReportDownloadsAsCsvWithLevelsKeptApart()
    {
        var built = await VersionAsync(VersionStatus.Draft, withError: true);
        var staff = await SignInAsync(Staff);

        var csv = await staff.Client.GetStringAsync($"/staff/versions/{built.VersionId}?handler=ChecksCsv");

        csv.ShouldContain("U4");
        csv.ShouldContain("错误");
        (await (await SignInAsync(OtherStaff)).Client.GetAsync($"/staff/versions/{built.VersionId}?handler=ChecksCsv")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    private async Task StatusShouldBeAsync(int versionId, VersionStatus status)
    {
        using var scope = Factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Versions.Where(v => v.Id == versionId).Select(v => v.Status).SingleAsync()).ShouldBe(status);
    }
}
