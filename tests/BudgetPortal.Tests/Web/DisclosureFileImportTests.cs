using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Admin;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// Disclosures as files into a running portal (issue 11, item 6): staff upload a disclosure JSON (the API's format) as
/// the content of a draft through the workbook's preview and confirmation; an administrator imports a region's earlier
/// years as a ZIP of JSON files with their own dates, previewed file by file, applied once and only once. The history
/// uses an invented county and department, never a reference document. Each test has its own portal and database
/// (<see cref="PortalPerTest{TFactory}"/>), so the drafts are all of one year.
/// </summary>
public sealed class DisclosureFileImportTests : PortalPerTest<StaffAppFactory>
{
    private const string Admin = "admin@demo.budgetportal";
    private const int DraftYear = 2041;

    private async Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = Factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static async Task<string> UploadJsonAsync(StaffSession staff, int versionId, string json, string name = "草稿.json")
    {
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        form.Add(file, "file", name);
        var response = await staff.Client.PostAsync($"/staff/versions/{versionId}/import/upload", form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The published 2023 budget of a seeded department as the API serves it, made into this draft's year.</summary>
    private async Task<(StaffSession Staff, int VersionId, DisclosureDocument Source)> DraftWithSourceAsync()
    {
        var (staff, versionId) = await StaffDrafts.CreateAsync(Factory, "辽宁省医疗保障局", DraftYear, "liaoning-province-budget");
        var source = DisclosureJson.Parse(await Factory.CreateClient().GetStringAsync("/api/disclosures/liaoning-2023-budget"), "api");
        // The draft holds each table of the set once; the published document prints a form per project (表17 …).
        return (staff, versionId, source with { Year = DraftYear, Slug = $"json-upload-{DraftYear}-budget", Tables = [.. source.Tables.DistinctBy(t => t.Code ?? t.Number)] });
    }

    [Fact]
    public async Task StaffUploadADisclosureJsonAsTheDraftsContentThroughPreviewAndConfirmation()
    {
        var (staff, versionId, source) = await DraftWithSourceAsync();

        var preview = await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(source));

        var pending = new HtmlParser().ParseDocument(preview).QuerySelector("input[name=pendingId]")?.GetAttribute("value");
        pending.ShouldNotBeNull(preview[..Math.Min(3000, preview.Length)]);
        preview.ShouldContain("将带来的变化");
        preview.ShouldContain("文字说明 · ");
        (await DbAsync(db => db.AuditEntries.AnyAsync(a => a.VersionId == versionId && a.Action.StartsWith("导入公开文件JSON")))).ShouldBeFalse("a preview changes nothing");

        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        var confirmed = await staff.PostAsync($"/staff/versions/{versionId}/import", "Confirm", token, new() { ["pendingId"] = pending! });
        confirmed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe($"/staff/versions/{versionId}");

        using (var scope = Factory.Services.CreateScope())
        {
            var draft = (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(versionId, default))!;
            draft.Document.Tables.Count.ShouldBe(source.Tables.Count);
            draft.Document.Sections.Select(s => (s.Key, s.Title, s.Body)).ShouldBe(source.Sections.Select(s => (s.Key, s.Title, s.Body)));
            for (var t = 0; t < source.Tables.Count; t++)
            {
                TableDiff.Compare(draft.Document.Tables[t], source.Tables[t]).ShouldBeEmpty($"{source.Tables[t].Number}");
                draft.Document.Tables[t].Unit.ShouldBe(source.Tables[t].Unit);
            }

            var audit = scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.Where(a => a.VersionId == versionId);
            (await audit.CountAsync(a => a.Action == "导入公开文件JSON（确认）" && a.FileName == "草稿.json")).ShouldBe(1);
            (await audit.CountAsync(a => a.Action == "导入公开文件JSON")).ShouldBeGreaterThan(10);
            (await audit.CountAsync(a => a.Action == "导入公开文件JSON" && a.Location!.StartsWith("文字说明 · "))).ShouldBeGreaterThan(0);
        }

        // The same file again: nothing to import.
        (await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(source))).ShouldContain("文件中的表格与草稿完全一致");
    }

    [Fact]
    public async Task ABadJsonIsRefusedInChineseNamingWhereAndTheDraftIsUnchanged()
    {
        var (staff, versionId, source) = await DraftWithSourceAsync();
        var json = DisclosureJson.Serialize(source);
        var auditBefore = await DbAsync(db => db.AuditEntries.CountAsync());

        // Broken syntax: the line is named.
        (await UploadJsonAsync(staff, versionId, json[..(json.Length / 2)])).ShouldContain("JSON 无法读取：第 ");

        // A cell that is neither a number, a text nor null: the field's path is named.
        var objectCell = new System.Text.RegularExpressions.Regex("\"cells\": \\[").Replace(json, "\"cells\": [ { \"x\": 1 }, ", 1);
        var refused = await UploadJsonAsync(staff, versionId, objectCell);
        refused.ShouldContain("$.tables[0].rows[0].cells");
        refused.ShouldContain("单元格的值只能是数字、文本或 null");

        // Text where the set has an amount, a column that is not the draft's, a table the draft does not have, another year.
        var amountAsText = source with
        {
            Tables = [.. source.Tables.Select((t, i) => i != 2 ? t : t with { Rows = [t.Rows[0] with { Cells = [.. t.Rows[0].Cells.Take(2), CellValue.Of("约一百"), .. t.Rows[0].Cells.Skip(3)] }, .. t.Rows.Skip(1)] })],
        };
        (await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(amountAsText))).ShouldContain("应为数字，实为文本“约一百”");
        var otherColumn = source with
        {
            Tables = [.. source.Tables.Select((t, i) => i != 4 ? t : t with { Columns = [.. t.Columns.Take(t.Columns.Count - 1), t.Columns[^1] with { Key = "renamed", Children = null, Type = "amount" }] })],
        };
        var columns = await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(otherColumn));
        columns.ShouldContain("tables[4]");
        columns.ShouldContain(".columns");
        var extraTable = source with { Tables = [.. source.Tables, source.Tables[0] with { Number = "表99", Code = "not_in_set" }] };
        (await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(extraTable))).ShouldContain($"tables[{source.Tables.Count}]（表99");
        (await UploadJsonAsync(staff, versionId, DisclosureJson.Serialize(source with { Year = 2039 }))).ShouldContain($"year：文件是 2039 年度，草稿是 {DraftYear} 年度");

        (await DbAsync(db => db.PendingImports.AnyAsync(p => p.VersionId == versionId))).ShouldBeFalse();
        (await DbAsync(db => db.AuditEntries.CountAsync())).ShouldBe(auditBefore);
        (await DbAsync(db => db.Tables.Where(t => t.VersionId == versionId).SelectMany(t => t.Rows).ToListAsync()))
            .SelectMany(r => r.Cells).ShouldNotContain(c => c.Amount != null);
    }

    internal static DisclosureDocument History(int year, string kind, DateTimeOffset? published, DateOnly? approved, decimal total)
    {
        var builder = DisclosureBuilder.ForDepartment("松林县文教局").InRegion("澄江省", "松林县").ForYear(year)
            .WithSlug($"songlin-wenjiao-{year}-{kind}").Dated(published, approved)
            .WithUnit("501001", "松林县文教局（本级）", "本级", UnitCategoryNames.Administrative)
            .WithUnit("501002", "松林县少年宫", "所属单位", UnitCategoryNames.Institution)
            .WithSection("overview", "部门概况", "负责全县文化教育工作。")
            .WithTable(TableBuilder.Classified("表1", "expenditure", "支出总表", ("total", "合计")).InUnit("元", 2)
                .WithTotal(total).WithCodedRow("205", "教育支出", total).Build());
        return (kind == DisclosureKinds.Final ? builder.AsFinalAccount() : builder).Document();
    }

    internal static byte[] Zip(params (string Name, string Content)[] files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), new UTF8Encoding(false));
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }

    private static async Task<(string Html, Dictionary<string, string>? Confirm)> PreviewHistoryAsync(StaffSession admin, string fileName, byte[] zip)
    {
        var token = await admin.TokenAsync("/admin/history");
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(zip), "file", fileName } };
        var response = await admin.Client.PostAsync("/admin/history?handler=Preview", form);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        var confirm = new HtmlParser().ParseDocument(html).QuerySelector("form[action*=Apply]");
        return (html, confirm?.QuerySelectorAll("input[type=hidden]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? ""));
    }

    [Fact]
    public async Task ARegionsHistoryArrivesFromAZipWithItsOwnDatesOnceAndBadFilesAreRefusedByName()
    {
        var admin = await StaffSession.SignInAsync(Factory, Admin);
        var published2022 = new DateTimeOffset(2022, 2, 18, 0, 0, 0, TimeSpan.FromHours(8));
        var budget2022 = History(2022, "budget", published2022, new DateOnly(2022, 1, 30), 3_456_789.12m);
        var final2022 = History(2022, "final", null, null, 3_400_000.00m);
        var budget2023 = History(2023, "budget", new DateTimeOffset(2023, 2, 20, 0, 0, 0, TimeSpan.FromHours(8)), new DateOnly(2023, 2, 1), 3_600_000.00m);

        // One bad file (a wrong kind) and one that is not JSON: the ZIP is refused, each named, nothing stored.
        var (bad, badConfirm) = await PreviewHistoryAsync(admin, "songlin.zip", Zip(
            ("2022/budget.json", DisclosureJson.Serialize(budget2022)),
            ("2022/final.json", DisclosureJson.Serialize(final2022 with { Kind = "决算" })),
            ("说明.txt", "这是说明")));
        badConfirm.ShouldBeNull();
        bad.ShouldContain("2022/final.json：");
        bad.ShouldContain("kind 应为 budget（部门预算）或 final（部门决算）");
        bad.ShouldContain("说明.txt：不是 .json 文件。");
        (await DbAsync(db => db.Regions.AnyAsync(r => r.Name == "澄江省"))).ShouldBeFalse();

        var zip = Zip(("2022/budget.json", DisclosureJson.Serialize(budget2022)), ("2022/final.json", DisclosureJson.Serialize(final2022)));
        var (preview, confirm) = await PreviewHistoryAsync(admin, "songlin.zip", zip);
        confirm.ShouldNotBeNull(preview);
        preview.ShouldContain("新导入 2 份，已存在（内容相同）0 份，拒绝 0 份");
        preview.ShouldContain("公开日期 2022-02-18，批复日期 2022-01-30");
        preview.ShouldContain("公开日期 未载明，批复日期 未载明");
        (await DbAsync(db => db.Disclosures.AnyAsync(d => d.Slug.StartsWith("songlin-wenjiao-")))).ShouldBeFalse("a preview stores nothing");

        var applied = await (await admin.PostAsync("/admin/history", "Apply", await admin.TokenAsync("/admin/history"), confirm!)).Content.ReadAsStringAsync();
        applied.ShouldContain("已导入“songlin.zip”：新导入 2 份");

        var versions = await DbAsync(db => db.Versions.Where(v => v.Disclosure.Slug.StartsWith("songlin-wenjiao-2022"))
            .Select(v => new { v.Disclosure.Slug, v.Status, v.Number, v.PublishedAt, v.ApprovedOn }).ToListAsync());
        versions.Count.ShouldBe(2);
        versions.ShouldAllBe(v => v.Status == VersionStatus.Published && v.Number == 1);
        var budget = versions.Single(v => v.Slug == "songlin-wenjiao-2022-budget");
        budget.PublishedAt.ShouldBe(published2022);
        budget.ApprovedOn.ShouldBe(new DateOnly(2022, 1, 30));
        versions.Single(v => v.Slug == "songlin-wenjiao-2022-final").PublishedAt.ShouldBeNull("a date the file does not state is not invented");
        (await DbAsync(db => db.Units.Where(u => u.Department.Name == "松林县文教局").Select(u => u.Category).ToListAsync()))
            .ShouldBe([UnitCategory.Administrative, UnitCategory.Institution], ignoreOrder: true);
        var api = DisclosureJson.Parse(await Factory.CreateClient().GetStringAsync("/api/disclosures/songlin-wenjiao-2022-budget"), "api");
        (api.PublishedAt, api.ApprovedOn).ShouldBe((published2022, new DateOnly(2022, 1, 30)));
        (await Factory.CreateClient().GetStringAsync("/disclosures/songlin-wenjiao-2022-final")).ShouldContain("公开于 （日期未载明）");
        (await DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == HistoryImport.Imported && a.FileName!.StartsWith("songlin.zip/")))).ShouldBe(2);
        (await DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == HistoryImport.Summary && a.FileName == "songlin.zip" && a.UserName == Admin))).ShouldBe(1);

        // The same ZIP again: every file already there, nothing to confirm, nothing doubled.
        var (again, againConfirm) = await PreviewHistoryAsync(admin, "songlin.zip", zip);
        again.ShouldContain("新导入 0 份，已存在（内容相同）2 份，拒绝 0 份");
        againConfirm.ShouldBeNull();

        // Applying a stale confirmation again stores nothing either (planned again under the lock).
        (await (await admin.PostAsync("/admin/history", "Apply", await admin.TokenAsync("/admin/history"), confirm!)).Content.ReadAsStringAsync())
            .ShouldContain("新导入 0 份，已存在（内容相同）2 份");

        // A file whose disclosure is there with other figures is refused by name: a correction is the staff's work.
        var (changed, changedConfirm) = await PreviewHistoryAsync(admin, "songlin-fix.zip", Zip(("budget.json", DisclosureJson.Serialize(History(2022, "budget", published2022, null, 1m)))));
        changedConfirm.ShouldBeNull();
        changed.ShouldContain("budget.json：平台上已有这个部门 2022 年度的部门预算（songlin-wenjiao-2022-budget），内容与文件不同");
        (await DbAsync(db => db.Disclosures.CountAsync(d => d.Slug.StartsWith("songlin-wenjiao-")))).ShouldBe(2);

        // Two administrators confirming the same new ZIP at the same moment: stored once.
        var zip2023 = Zip(("2023/budget.json", DisclosureJson.Serialize(budget2023)));
        var (_, confirm2023) = await PreviewHistoryAsync(admin, "songlin-2023.zip", zip2023);
        var second = await StaffSession.SignInAsync(Factory, Admin);
        var tokens = await Task.WhenAll(admin.TokenAsync("/admin/history"), second.TokenAsync("/admin/history"));
        var pages = await Task.WhenAll(
            (await Task.WhenAll(admin.PostAsync("/admin/history", "Apply", tokens[0], confirm2023!), second.PostAsync("/admin/history", "Apply", tokens[1], confirm2023!)))
            .Select(r => r.Content.ReadAsStringAsync()));
        pages.Count(p => p.Contains("新导入 1 份", StringComparison.Ordinal)).ShouldBe(1);
        pages.Count(p => p.Contains("新导入 0 份，已存在（内容相同）1 份", StringComparison.Ordinal)).ShouldBe(1);
        (await DbAsync(db => db.Disclosures.CountAsync(d => d.Slug == "songlin-wenjiao-2023-budget"))).ShouldBe(1);
        (await DbAsync(db => db.AuditEntries.CountAsync(a => a.Action == HistoryImport.Imported && a.Location == "songlin-wenjiao-2023-budget"))).ShouldBe(1);
    }
}

/// <summary>Who may not import a region's history, and the reference disclosures' dates: nothing is written, so the tests share one portal.</summary>
public sealed class DisclosureFileAccessTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    private async Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    [Theory]
    [InlineData("staff@demo.budgetportal")]
    [InlineData("reviewer@demo.budgetportal")]
    [InlineData("auditor@demo.budgetportal")]
    public async Task OnlyAdministratorsImportHistoryAndARefusalLeavesNoTrace(string email)
    {
        var session = await StaffSession.SignInAsync(factory, email);
        var zip = DisclosureFileImportTests.Zip(("x.json", DisclosureJson.Serialize(DisclosureFileImportTests.History(2019, "budget", null, null, 1m) with { Slug = "refused-history-2019-budget" })));
        var auditBefore = await DbAsync(db => db.AuditEntries.CountAsync());
        var token = await session.TokenAsync("/staff");

        (await session.Client.GetAsync("/admin/history")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(zip), "file", "x.zip" } };
        (await session.Client.PostAsync("/admin/history?handler=Preview", form)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await session.PostAsync("/admin/history", "Apply", token, new() { ["fileName"] = "x.zip", ["content"] = Convert.ToBase64String(zip) })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        (await DbAsync(db => db.Disclosures.AnyAsync(d => d.Slug == "refused-history-2019-budget"))).ShouldBeFalse();
        (await DbAsync(db => db.AuditEntries.CountAsync())).ShouldBe(auditBefore);
        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        (await anonymous.GetAsync("/admin/history")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task TheReferenceDisclosuresKeepOnlyDatesTheirDocumentsState()
    {
        // None of the five reference documents prints its publication or 批复 date (the only date in 000 is that of
        // its 2019 公开管理办法 notice): the portal stores none rather than the day the database was filled.
        var slugs = ReferenceFiles.All.Select(r => r.Slug).ToList();
        var versions = await DbAsync(db => db.Versions.Where(v => slugs.Contains(v.Disclosure.Slug))
            .Select(v => new { v.PublishedAt, v.ApprovedOn, v.CreatedAt }).ToListAsync());

        versions.Count.ShouldBe(ReferenceFiles.All.Count);
        versions.ShouldAllBe(v => v.PublishedAt == null && v.ApprovedOn == null);
        (await factory.CreateClient().GetStringAsync("/disclosures/liaoning-2023-budget")).ShouldContain("公开于 （日期未载明）");
    }
}
