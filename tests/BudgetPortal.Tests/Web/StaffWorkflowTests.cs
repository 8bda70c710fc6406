using System.Net;
using AngleSharp.Html.Parser;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// The staff lifecycle through HTTP against a real PostgreSQL: a draft from a table set, entry, a concurrent-edit
/// conflict, submit, approve, publish, correction to version 2 with its diff, and the audit entries of each step.
/// </summary>
public sealed class StaffWorkflowTests : PortalPerTest<StaffAppFactory>
{
    private const string Staff = "staff@demo.budgetportal";
    private const string Reviewer = "reviewer@demo.budgetportal";

    /// <summary>A draft with a few figures has 错误 findings (empty required tables, totals): staff confirm, the reviewer explains.</summary>
    private static readonly Dictionary<string, string> Confirmed = new() { ["confirm"] = "true" };
    private const string Explanation = "测试草稿只填了部分数字，其余为空。";

    private async Task<int> DepartmentIdAsync(string name)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Departments.Where(d => d.Name == name).Select(d => d.Id).SingleAsync();
    }

    private async Task<List<AuditEntry>> AuditAsync(int disclosureId)
    {
        using var scope = Factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.DisclosureId == disclosureId).OrderBy(a => a.Id).ToListAsync();
    }

    /// <summary>Every named field of the page's grid form, as a browser would post it.</summary>
    private static async Task<(Dictionary<string, string> Fields, string Token)> GridAsync(StaffSession session, string url)
    {
        var document = new HtmlParser().ParseDocument(await session.Client.GetStringAsync(url));
        var form = document.QuerySelector("form.grid-form")!;
        var fields = form.QuerySelectorAll("input[name]")
            .Where(i => i.GetAttribute("type") != "checkbox" && i.GetAttribute("name") != "__RequestVerificationToken")
            .ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        return (fields, form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!);
    }

    private static string CellName(Dictionary<string, string> fields, string rowText, int column)
    {
        var row = fields.First(f => f.Value == rowText).Key.Split('[', ']')[1];
        return $"Cells[{row}][{column}]";
    }

    private static async Task<int> CreateDraftAsync(StaffSession staff, int departmentId, int year, string kind, string tableSet)
    {
        var created = await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(), ["Draft.Year"] = year.ToString(), ["Draft.Kind"] = kind, ["Draft.TableSet"] = tableSet,
        });
        created.StatusCode.ShouldBe(HttpStatusCode.OK, await created.Content.ReadAsStringAsync());
        var path = created.RequestMessage!.RequestUri!.AbsolutePath;
        path.ShouldStartWith("/staff/versions/");
        return int.Parse(path["/staff/versions/".Length..]);
    }

    [Fact]
    public async Task DraftEntrySubmitApprovePublishAndCorrect()
    {
        var departmentId = await DepartmentIdAsync("辽宁省医疗保障局");
        var staff = await StaffSession.SignInAsync(Factory, Staff);
        var versionId = await CreateDraftAsync(staff, departmentId, 2026, "Budget", "liaoning-province-budget");
        var versionPage = await staff.Client.GetStringAsync($"/staff/versions/{versionId}");
        versionPage.ShouldContain("草稿");
        new HtmlParser().ParseDocument(versionPage).QuerySelectorAll("ol.staff-tables > li").Length.ShouldBe(18);

        // 表3: add 2101501 by code (its name comes from the code list), fill it, compute the totals, save.
        var table3 = $"/staff/versions/{versionId}/tables/3";
        var (fields, token) = await GridAsync(staff, table3);
        fields["NewCode"] = "2101501";
        (await staff.PostAsync(table3, "AddRow", token, fields)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (fields, token) = await GridAsync(staff, table3);
        fields.Values.ShouldContain("行政运行");
        fields[CellName(fields, "2101501", 2)] = "1,234.50";
        fields[CellName(fields, "2101501", 3)] = "１２３４．５０";
        var saved = await staff.PostAsync(table3, "Save", token, fields);
        (await saved.Content.ReadAsStringAsync()).ShouldContain("已保存");

        // A second editor who opened the table before that save is refused, and the first save stands.
        var (stale, staleToken) = (fields, token);
        stale[CellName(stale, "2101501", 2)] = "9999";
        var conflict = await staff.PostAsync(table3, "Save", staleToken, stale);
        (await conflict.Content.ReadAsStringAsync()).ShouldContain("其他人已修改并保存了这张表");
        (fields, _) = await GridAsync(staff, table3);
        fields[CellName(fields, "2101501", 2)].ShouldBe("1234.50");

        // Text in an amount cell is an error naming the row and column, and nothing is saved.
        (fields, token) = await GridAsync(staff, table3);
        fields[CellName(fields, "2101501", 4)] = "约100";
        var rejected = await staff.PostAsync(table3, "Save", token, fields);
        var rejectedHtml = await rejected.Content.ReadAsStringAsync();
        rejectedHtml.ShouldContain("“人员经费”列：“约100”不是金额");

        (await staff.PostFormAsync($"/staff/versions/{versionId}", "Submit", Confirmed)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var reviewer = await StaffSession.SignInAsync(Factory, Reviewer);
        (await (await reviewer.PostFormAsync($"/staff/versions/{versionId}", "Approve", new() { ["approvedOn"] = "2026-02-01" })).Content.ReadAsStringAsync())
            .ShouldContain("已记录批复");
        (await (await reviewer.PostFormAsync($"/staff/versions/{versionId}", "Publish", new() { ["explanation"] = Explanation })).Content.ReadAsStringAsync()).ShouldContain("已公开");

        var slug = "liaoning-2026-budget"; // the part its earlier disclosures use (liaoning-2023-budget)
        var anonymous = Factory.CreateClient();
        (await anonymous.GetStringAsync($"/disclosures/{slug}?table=3")).ShouldContain("1,234.50");

        // Correction: version 2 from the published version; publishing it needs a 更正说明.
        var correctedPage = await staff.PostFormAsync($"/staff/versions/{versionId}", "Correct", []);
        var version2 = int.Parse(correctedPage.RequestMessage!.RequestUri!.AbsolutePath["/staff/versions/".Length..]);
        (fields, token) = await GridAsync(staff, $"/staff/versions/{version2}/tables/3");
        fields[CellName(fields, "2101501", 2)] = "1300.00";
        fields[CellName(fields, "2101501", 3)] = "1300.00";
        await staff.PostAsync($"/staff/versions/{version2}/tables/3", "Save", token, fields);
        await staff.PostFormAsync($"/staff/versions/{version2}", "Submit", Confirmed);
        await reviewer.PostFormAsync($"/staff/versions/{version2}", "Approve", new() { ["approvedOn"] = "2026-02-10" });
        (await (await reviewer.PostFormAsync($"/staff/versions/{version2}", "Publish", new() { ["correctionNote"] = "" })).Content.ReadAsStringAsync())
            .ShouldContain("请填写更正说明");
        (await (await reviewer.PostFormAsync($"/staff/versions/{version2}", "Publish", new() { ["correctionNote"] = "更正行政运行支出", ["explanation"] = Explanation })).Content.ReadAsStringAsync())
            .ShouldContain("已公开");

        var page = await anonymous.GetStringAsync($"/disclosures/{slug}?table=3");
        page.ShouldContain("1,300.00");
        page.ShouldContain("第 2 版");
        var history = await anonymous.GetStringAsync($"/disclosures/{slug}/history?from=1&to=2");
        history.ShouldContain("更正行政运行支出");
        var diff = new HtmlParser().ParseDocument(history).QuerySelectorAll(".diff-table tbody tr").Select(r => r.TextContent).ToList();
        diff.ShouldContain(r => r.Contains("2101501 行政运行 · 合计") && r.Contains("1234.50") && r.Contains("1300.00"));
        (await anonymous.GetStringAsync($"/disclosures/{slug}?version=1&table=3")).ShouldContain("1,234.50");

        int disclosureId;
        using (var scope = Factory.Services.CreateScope())
        {
            disclosureId = await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Disclosures.Where(d => d.Slug == slug).Select(d => d.Id).SingleAsync();
        }

        var audit = await AuditAsync(disclosureId);
        audit.Select(a => a.Action).Distinct().ShouldBe(["新建草稿", "填报修改", "提交审核", "批复", "审核说明", "公开", "新建更正版本", "公开更正版本"], ignoreOrder: true);
        audit.ShouldContain(a => a.Action == "填报修改" && a.Location!.Contains("2101501 行政运行 · 合计") && a.OldValue == null && a.NewValue == "1234.50" && a.UserName == Staff);
        audit.ShouldContain(a => a.Action == "公开更正版本" && a.Detail == "更正行政运行支出" && a.UserName == Reviewer);
        audit.ShouldNotContain(a => a.NewValue == "9999");
    }

    [Fact]
    public async Task AReviewerCanReturnASubmissionWithAReason()
    {
        var departmentId = await DepartmentIdAsync("辽宁省医疗保障局");
        var staff = await StaffSession.SignInAsync(Factory, Staff);
        var versionId = await CreateDraftAsync(staff, departmentId, 2026, "Budget", "liaoning-province-budget");
        await staff.PostFormAsync($"/staff/versions/{versionId}", "Submit", Confirmed);

        var reviewer = await StaffSession.SignInAsync(Factory, Reviewer);
        (await (await reviewer.PostFormAsync($"/staff/versions/{versionId}", "Return", new() { ["reason"] = "表3 缺少项目支出" })).Content.ReadAsStringAsync())
            .ShouldContain("已退回部门修改");

        var page = await staff.Client.GetStringAsync($"/staff/versions/{versionId}");
        page.ShouldContain("审核退回：表3 缺少项目支出");
        page.ShouldContain("提交审核");
    }

    [Fact]
    public async Task TheAuditLogRefusesChanges()
    {
        using var scope = Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
        db.AuditEntries.Add(new AuditEntry { At = DateTimeOffset.UtcNow, UserName = "测试", Action = "测试" });
        await db.SaveChangesAsync();

        var update = () => db.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET action = '篡改'");
        var delete = () => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_entries");

        (await Should.ThrowAsync<Npgsql.PostgresException>(update)).MessageText.ShouldContain("审计日志只能追加");
        (await Should.ThrowAsync<Npgsql.PostgresException>(delete)).MessageText.ShouldContain("审计日志只能追加");
    }

    [Fact]
    public async Task NarrativeSectionsAreEditedInMarkdownAndShownSanitized()
    {
        var departmentId = await DepartmentIdAsync("辽宁省医疗保障局");
        var staff = await StaffSession.SignInAsync(Factory, Staff);
        var versionId = await CreateDraftAsync(staff, departmentId, 2026, "Budget", "liaoning-province-budget");
        var url = $"/staff/versions/{versionId}/sections";

        var saved = await staff.PostFormAsync(url, null, new()
        {
            ["Sections[0].Key"] = "overview",
            ["Sections[0].Title"] = "第一部分 概况",
            ["Sections[0].Body"] = "### 一、主要职责\n\n<script>alert(1)</script>负责全省医疗保障工作。[点我](javascript:alert(1))",
        });
        var html = await saved.Content.ReadAsStringAsync();

        html.ShouldContain("已保存，1 个部分有修改");
        var preview = new HtmlParser().ParseDocument(html).QuerySelector(".section-editor .narrative")!;
        preview.QuerySelector("h3")!.TextContent.ShouldBe("一、主要职责");
        preview.QuerySelectorAll("script").Length.ShouldBe(0);
        preview.InnerHtml.ShouldNotContain("javascript:");
        preview.TextContent.ShouldContain("负责全省医疗保障工作。");
        using var scope = Factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.CountAsync(a => a.VersionId == versionId && a.Action == "修改文字说明")).ShouldBe(1);
    }

    [Fact]
    public async Task TheNarrativeIsDraftedFromTheTablesAndWrittenTextIsReplacedOnlyWhenConfirmed()
    {
        var departmentId = await DepartmentIdAsync("辽宁省医疗保障局");
        var staff = await StaffSession.SignInAsync(Factory, Staff);
        var versionId = await CreateDraftAsync(staff, departmentId, 2026, "Budget", "liaoning-province-budget");
        var url = $"/staff/versions/{versionId}/sections";
        async Task<string?> ExplanationAsync()
        {
            using var scope = Factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<PortalDbContext>().Set<NarrativeSectionEntity>()
                .Where(s => s.VersionId == versionId && s.Key == "explanation").Select(s => s.Body).FirstOrDefaultAsync();
        }

        // The form as posted: the overview, and the 情况说明 as staff left it (none, or their own text).
        Dictionary<string, string> Form(string? explanation, bool confirm = false)
        {
            var form = new Dictionary<string, string>
            {
                ["Sections[0].Key"] = "overview",
                ["Sections[0].Title"] = "第一部分 概况",
                ["Sections[0].Body"] = "负责全省医疗保障工作。",
            };
            if (explanation is not null)
            {
                form["Sections[1].Key"] = "explanation";
                form["Sections[1].Title"] = "情况说明";
                form["Sections[1].Body"] = explanation;
            }

            if (confirm)
            {
                form["confirm"] = "true";
            }

            return form;
        }

        var drafted = await (await staff.PostFormAsync(url, "Draft", Form(null))).Content.ReadAsStringAsync();

        drafted.ShouldContain("已根据表格起草情况说明");
        var body = await ExplanationAsync();
        body.ShouldNotBeNull();
        body.ShouldContain("“三公”经费预算情况");
        body.ShouldContain("收入总计万元", Case.Sensitive, "a new draft has no figures yet: the slots are left for staff");
        body.ShouldContain("参加出国（境）团组个", Case.Sensitive);

        var asked = await (await staff.PostFormAsync(url, "Draft", Form("工作人员写的文字。"))).Content.ReadAsStringAsync();

        asked.ShouldContain("确认替换");
        (await ExplanationAsync()).ShouldBe(body, "nothing replaced before confirmation");

        var replaced = await (await staff.PostFormAsync(url, "Draft", Form("工作人员写的文字。", confirm: true))).Content.ReadAsStringAsync();
        replaced.ShouldContain("已根据表格起草情况说明");
        (await ExplanationAsync()).ShouldBe(body);
    }

    [Fact]
    public async Task TotalColumnsAndParentRowsAreComputedAndOfferedBeforeSaving()
    {
        var departmentId = await DepartmentIdAsync("辽宁省医疗保障局");
        var staff = await StaffSession.SignInAsync(Factory, Staff);
        var versionId = await CreateDraftAsync(staff, departmentId, 2026, "Budget", "liaoning-province-budget");
        var table3 = $"/staff/versions/{versionId}/tables/3";
        foreach (var code in new[] { "210", "21015", "2101501", "2101550" })
        {
            var (f, t) = await GridAsync(staff, table3);
            f["NewCode"] = code;
            await staff.PostAsync(table3, "AddRow", t, f);
        }

        var (fields, token) = await GridAsync(staff, table3);
        fields[CellName(fields, "2101501", 4)] = "1000";
        fields[CellName(fields, "2101501", 5)] = "234.50";
        fields[CellName(fields, "2101550", 4)] = "10.25";
        fields[CellName(fields, "2101550", 6)] = "5";
        var offered = await staff.PostAsync(table3, "Totals", token, fields);
        var page = await offered.Content.ReadAsStringAsync();
        page.ShouldContain("已计算合计列和各级合计行（尚未保存）");

        var grid = new HtmlParser().ParseDocument(page).QuerySelector("form.grid-form")!.QuerySelectorAll("input[name]")
            .Where(i => i.GetAttribute("type") != "checkbox").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        grid[CellName(grid, "2101501", 3)].ShouldBe("1234.50");
        grid[CellName(grid, "2101501", 2)].ShouldBe("1234.50");
        grid[CellName(grid, "2101550", 2)].ShouldBe("15.25");
        grid[CellName(grid, "21015", 2)].ShouldBe("1249.75");
        grid[CellName(grid, "210", 6)].ShouldBe("5");
        grid[CellName(grid, "合计", 2)].ShouldBe("1249.75");
        (await GridAsync(staff, table3)).Fields[CellName(fields, "2101501", 2)].ShouldBe("", "nothing is saved until 保存");
    }
}
