using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BudgetPortal.Core.TableSets;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using BudgetPortal.Web.Data.Entities;
using BudgetPortal.Web.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>/admin/table-sets and /admin/code-lists through HTTP: administrators only, audited, used at once.</summary>
public sealed class AdminTableSetTests(StaffAppFactory factory) : IClassFixture<StaffAppFactory>
{
    private const string Admin = "admin@demo.budgetportal";

    private static string SetJson(string code, string extraRule = "") => $$"""
        {
          "schema": "budgetportal/table-set@1", "code": "{{code}}", "name": "某区部门预算公开表（2 张）", "kind": "budget", "region": "某区",
          "tables": [
            { "number": "表一", "code": "summary", "title": "收支总表", "unit": "元", "decimals": 2, "rowKind": "fixed",
              "columns": [ { "key": "item", "title": "项目", "type": "text", "role": "name" }, { "key": "amount", "title": "金额", "type": "amount" } ],
              "fixedRows": [ { "key": "spending", "role": "total", "cells": ["支出合计", null] } ] },
            { "number": "表二", "code": "expenditure", "title": "支出表", "unit": "元", "decimals": 2, "rowKind": "functional",
              "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                           { "key": "total", "title": "合计", "type": "amount" } ] }
          ],
          "rules": [
            { "id": "Q1", "kind": "sum", "description": "收支总表支出合计 = 支出表合计",
              "left": { "table": "summary", "row": { "key": "spending" }, "column": "amount" },
              "right": [ { "table": "expenditure", "row": { "total": true }, "column": "total" } ] }{{extraRule}}
          ]
        }
        """;

    private static async Task<HttpResponseMessage> UploadAsync(StaffSession session, string url, string? handler, string fileName, byte[] content, Dictionary<string, string>? fields = null)
    {
        var token = await session.TokenAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(content), "file", fileName },
        };
        foreach (var (name, value) in fields ?? [])
        {
            form.Add(new StringContent(value), name);
        }

        return await session.Client.PostAsync(handler is null ? url : $"{url}?handler={handler}", form);
    }

    private static string HiddenUploaded(string html) =>
        new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html).QuerySelector("input[name=Uploaded]")!.GetAttribute("value")!;

    [Theory]
    [InlineData("staff@demo.budgetportal")]
    [InlineData("reviewer@demo.budgetportal")]
    [InlineData("auditor@demo.budgetportal")]
    public async Task OnlyAdministratorsReachTableSetAndCodeListAdministration(string email)
    {
        var session = await StaffSession.SignInAsync(factory, email);

        foreach (var url in new[] { "/admin/table-sets", "/admin/code-lists" })
        {
            var response = await session.Client.GetAsync(url);
            response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/denied", url);
        }

        var anonymous = factory.CreateClient(new() { AllowAutoRedirect = false });
        (await anonymous.GetAsync("/admin/table-sets")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var post = await anonymous.PostAsync("/admin/table-sets?handler=Activate", new FormUrlEncodedContent(new Dictionary<string, string> { ["Uploaded"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(SetJson("sneaky-set"))) }));
        post.IsSuccessStatusCode.ShouldBeFalse();
        using var scope = factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().TableSets.AnyAsync(s => s.Code == "sneaky-set")).ShouldBeFalse();
    }

    [Fact]
    public async Task AnInvalidSetIsRefusedWithChineseErrorsNamingTheTableAndField()
    {
        var session = await StaffSession.SignInAsync(factory, Admin);
        var broken = SetJson("broken-set").Replace("\"column\": \"total\" } ]", "\"column\": \"nope\" } ]");

        var response = await UploadAsync(session, "/admin/table-sets", "Upload", "broken.json", Encoding.UTF8.GetBytes(broken));

        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("表二 支出表没有列“nope”");
        html.ShouldNotContain("name=\"Uploaded\"");
        using var scope = factory.Services.CreateScope();
        (await scope.ServiceProvider.GetRequiredService<PortalDbContext>().TableSets.AnyAsync(s => s.Code == "broken-set")).ShouldBeFalse();
    }

    [Fact]
    public async Task AnUploadedSetIsPreviewedActivatedAndANewUploadIsANewVersionThatDisclosuresDoNotFollow()
    {
        var session = await StaffSession.SignInAsync(factory, Admin);

        var preview = await (await UploadAsync(session, "/admin/table-sets", "Upload", "set.json", Encoding.UTF8.GetBytes(SetJson("moudistrict-budget")))).Content.ReadAsStringAsync();
        preview.ShouldContain("预览：某区部门预算公开表（2 张）");
        preview.ShouldContain("收支总表支出合计 = 支出表合计");
        var uploaded = HiddenUploaded(preview);
        var token = await session.TokenAsync("/admin/table-sets");
        var workbook = await session.PostAsync("/admin/table-sets", "Workbook", token, new() { ["Uploaded"] = uploaded });
        workbook.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        using (var book = new ClosedXML.Excel.XLWorkbook(await workbook.Content.ReadAsStreamAsync()))
        {
            var sheets = book.Worksheets.Select(w => w.Name).ToList();
            sheets.ShouldContain(n => n.Contains("表一"));
            sheets.ShouldContain(n => n.Contains("表二"));
        }

        var activated = await (await session.PostAsync("/admin/table-sets", "Activate", token, new() { ["Uploaded"] = uploaded })).Content.ReadAsStringAsync();
        activated.ShouldContain("已启用表套 moudistrict-budget 第 1 版");

        // A draft made from version 1, then version 2 adds a rule: the draft keeps version 1 and its rules.
        int draftVersion;
        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var department = new Department { Region = new Region { Name = "某区（表套测试）", Level = RegionLevel.County }, Name = "某区民政局" };
            db.Add(department);
            await db.SaveChangesAsync();
            draftVersion = (await scope.ServiceProvider.GetRequiredService<DraftEditor>().CreateAsync(department.Id, 2026, DisclosureKind.Budget, "moudistrict-budget", default)).VersionId!.Value;
            db.AuditEntries.ShouldContain(a => a.Action == "启用表套" && a.Detail!.Contains("moudistrict-budget 第 1 版") && a.UserName == Admin);
        }

        var second = SetJson("moudistrict-budget", """, { "id": "Q2", "kind": "hierarchy", "description": "类 = Σ款", "table": "expenditure" }""");
        var preview2 = await (await UploadAsync(session, "/admin/table-sets", "Upload", "set2.json", Encoding.UTF8.GetBytes(second))).Content.ReadAsStringAsync();
        token = await session.TokenAsync("/admin/table-sets");
        (await (await session.PostAsync("/admin/table-sets", "Activate", token, new() { ["Uploaded"] = HiddenUploaded(preview2) })).Content.ReadAsStringAsync())
            .ShouldContain("已启用表套 moudistrict-budget 第 2 版");

        using (var scope = factory.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();
            var versions = await db.TableSets.Where(s => s.Code == "moudistrict-budget").OrderBy(s => s.Version).Select(s => s.Id).ToListAsync();
            versions.Count.ShouldBe(2);
            var draft = (await scope.ServiceProvider.GetRequiredService<DocumentLoader>().LoadVersionAsync(draftVersion, default))!;
            (await db.Disclosures.Where(d => d.Slug == draft.Document.Slug).Select(d => d.TableSetId).SingleAsync()).ShouldBe(versions[0]);
            var report = await scope.ServiceProvider.GetRequiredService<BudgetPortal.Web.Checks.DisclosureCheckService>().RunAsync(draft.Document, default);
            report.Findings.ShouldContain(f => f.Rule == "Q1");
            report.Findings.ShouldNotContain(f => f.Rule == "Q2");
            (await scope.ServiceProvider.GetRequiredService<TableSetStore>().LoadAsync("moudistrict-budget", default))!.Rules.Count.ShouldBe(2);
        }
    }

    [Fact]
    public async Task EveryBuiltInSetSavedAgainUnchangedAddsNoVersionAndAChangedTitleAddsOne()
    {
        using var scope = factory.Services.CreateScope();
        var store = scope.ServiceProvider.GetRequiredService<TableSetStore>();
        var files = Directory.GetFiles(TableSetStore.BuiltInFolder, "*.json");
        files.ShouldNotBeEmpty();

        (await store.LoadFolderAsync(TableSetStore.BuiltInFolder, default)).ShouldBe(0);

        var definition = TableSetJson.Parse(await File.ReadAllTextAsync(files[0]), Path.GetFileName(files[0])) with { Code = "retitle-set" };
        (await store.SaveAsync(definition, "副本", default)).ShouldBeTrue();
        (await store.SaveAsync(definition, "副本", default)).ShouldBeFalse();
        var retitled = definition with { Tables = [definition.Tables[0] with { Title = definition.Tables[0].Title + "（改）" }, .. definition.Tables.Skip(1)] };
        (await store.SaveAsync(retitled, "改标题", default)).ShouldBeTrue();
        (await store.SaveAsync(retitled, "改标题", default)).ShouldBeFalse();
    }

    [Fact]
    public async Task TwoSavesOfOneSetAtOnceMakeTwoVersionsWithoutAnError()
    {
        var first = TableSetJson.Parse(SetJson("concurrent-set"), "a");
        var second = TableSetJson.Parse(SetJson("concurrent-set", """, { "id": "Q2", "kind": "hierarchy", "description": "类 = Σ款", "table": "expenditure" }"""), "b");

        async Task<bool> SaveAsync(TableSetDefinition set)
        {
            using var scope = factory.Services.CreateScope();
            return await scope.ServiceProvider.GetRequiredService<TableSetStore>().SaveAsync(set, "并发", default);
        }

        var saved = await Task.WhenAll(SaveAsync(first), SaveAsync(second));

        saved.ShouldAllBe(s => s);
        using var check = factory.Services.CreateScope();
        (await check.ServiceProvider.GetRequiredService<PortalDbContext>().TableSets.Where(s => s.Code == "concurrent-set").Select(s => s.Version).OrderBy(v => v).ToListAsync())
            .ShouldBe([1, 2]);
    }

    [Fact]
    public async Task ACodeListEditionUploadNamesBadRowsAndAppliesAtOnceToItsYearAndRegion()
    {
        var session = await StaffSession.SignInAsync(factory, Admin);
        var fields = new Dictionary<string, string> { ["Input.ListCode"] = "functional", ["Input.Edition"] = "2023 辽宁（测试）", ["Input.Year"] = "2023", ["Input.Region"] = "辽宁省", ["Input.Complete"] = "true" };

        var bad = await (await UploadAsync(session, "/admin/code-lists", null, "bad.csv", Encoding.UTF8.GetBytes("编码,名称\n208,社会保障和就业支出\n2x8,坏编码\n20805,\n"), fields)).Content.ReadAsStringAsync();
        bad.ShouldContain("第 3 行：编码“2x8”无效");
        bad.ShouldContain("第 4 行：科目 20805 缺少名称");

        var before = await session.Client.GetFromJsonAsync<JsonElement>("/api/disclosures/liaoning-2023-budget/checks");
        Warnings(before).ShouldBe(0);
        var good = await (await UploadAsync(session, "/admin/code-lists", null, "good.csv", Encoding.UTF8.GetBytes("编码,名称\n208,社会保障和就业支出\n210,卫生健康支出\n221,住房保障支出\n"), fields)).Content.ReadAsStringAsync();
        good.ShouldContain("已保存支出功能分类科目（2023 辽宁（测试），完整），共 3 个科目");

        // The complete 2023 edition of 辽宁省 lacks the 款 and 项 the Liaoning budget prints: now each is a 提示.
        var after = await session.Client.GetFromJsonAsync<JsonElement>("/api/disclosures/liaoning-2023-budget/checks");
        Warnings(after).ShouldBeGreaterThan(0);
        var otherRegion = await session.Client.GetFromJsonAsync<JsonElement>("/api/disclosures/lushi-2023-budget/checks");
        Warnings(otherRegion).ShouldBe(0);
        using var scope = factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<PortalDbContext>().AuditEntries.ShouldContain(a => a.Action == "上传编码表" && a.FileName == "good.csv");

        static int Warnings(JsonElement report) => report.GetProperty("findings").EnumerateArray()
            .Count(f => f.GetProperty("rule").GetString() == "N2" && f.GetProperty("severity").GetString() == "warning");
    }
}
