using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BudgetPortal.Tests.Web;

/// <summary>
/// A region onboarded from nothing, through HTTP only, as its new administrator and its staff would do it (issue 11,
/// "What it must show", first bullet): the administrator creates the region, a department with two units, the staff
/// and reviewer accounts with their scopes, and uploads a table set of its own (tables in 元, the 三公 table in 万元);
/// the staff download the blank workbook, fill it in, import it; the checks find nothing on the consistent document and
/// the expected 不一致 when one figure is changed; the reviewer approves and publishes; every output shows each table in
/// its own unit and the region overview adds the totals in 万元. Nothing here is of the reference documents.
/// </summary>
public sealed class RegionOnboardingTests(RegionOnboardingTests.NewInstallation factory, ITestOutputHelper output) : IClassFixture<RegionOnboardingTests.NewInstallation>
{
    /// <summary>A portal as a new region installs it: no demo accounts, the first administrator from configuration.</summary>
    public sealed class NewInstallation : PortalAppFactory
    {
        public const string AdminEmail = "admin@qingwu.example";
        public const string AdminPassword = "qingwu-admin-2027";

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:Admin:Email", AdminEmail);
            builder.UseSetting("Portal:Admin:Password", AdminPassword);
        }
    }

    private const string SetCode = "qingwu-county-budget";

    /// <summary>The county's own set: 收支总表 and 支出表 in 元, the 三公 table in 万元; rules across the units.</summary>
    private const string SetJson = """
        {
          "schema": "budgetportal/table-set@1", "code": "qingwu-county-budget", "name": "青梧县部门预算公开表（3 张）", "kind": "budget", "region": "青梧县",
          "tables": [
            { "number": "表一", "code": "summary", "title": "部门收支总表", "unit": "元", "decimals": 2, "rowKind": "fixed",
              "columns": [ { "key": "item", "title": "项目", "type": "text", "role": "name" }, { "key": "amount", "title": "预算数", "type": "amount" } ],
              "fixedRows": [
                { "key": "fiscal", "cells": ["一、财政拨款收入", null] },
                { "key": "other", "cells": ["二、其他收入", null] },
                { "key": "income_total", "role": "total", "cells": ["收入总计", null] },
                { "key": "spending_total", "role": "total", "cells": ["支出总计", null] },
                { "key": "three_public", "cells": ["其中：“三公”经费", null] } ] },
            { "number": "表二", "code": "expenditure", "title": "部门支出总表", "unit": "元", "decimals": 2, "rowKind": "functional",
              "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                           { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ],
              "fixedRows": [ { "key": "total", "role": "total", "cells": [null, "合计", null, null, null] } ] },
            { "number": "表三", "code": "three_public", "title": "“三公”经费预算表", "unit": "万元", "decimals": 2, "rowKind": "fixed",
              "columns": [ { "key": "item", "title": "项目", "type": "text", "role": "name" }, { "key": "amount", "title": "预算数", "type": "amount" } ],
              "fixedRows": [
                { "key": "total", "role": "total", "cells": ["合计", null] },
                { "key": "abroad", "cells": ["1.因公出国（境）费", null] },
                { "key": "reception", "cells": ["2.公务接待费", null] },
                { "key": "vehicle", "cells": ["3.公务用车购置及运行费", null] } ] }
          ],
          "rules": [
            { "id": "Q1", "kind": "sum", "description": "收入总计 = 财政拨款收入 + 其他收入",
              "left": { "table": "summary", "row": { "key": "income_total" }, "column": "amount" },
              "right": [ { "table": "summary", "row": { "key": "fiscal" }, "column": "amount" }, { "table": "summary", "row": { "key": "other" }, "column": "amount" } ] },
            { "id": "Q2", "kind": "sum", "description": "收入总计 = 支出总计",
              "left": { "table": "summary", "row": { "key": "income_total" }, "column": "amount" },
              "right": [ { "table": "summary", "row": { "key": "spending_total" }, "column": "amount" } ] },
            { "id": "Q3", "kind": "sum", "description": "支出总计 = 部门支出总表合计",
              "left": { "table": "summary", "row": { "key": "spending_total" }, "column": "amount" },
              "right": [ { "table": "expenditure", "row": { "total": true }, "column": "total" } ] },
            { "id": "Q4", "kind": "rows", "description": "部门支出总表各行：合计 = 基本支出 + 项目支出", "table": "expenditure", "target": "total", "parts": ["basic", "project"] },
            { "id": "Q5", "kind": "hierarchy", "description": "部门支出总表：类 = Σ款，款 = Σ项，合计 = Σ类", "table": "expenditure" },
            { "id": "Q6", "kind": "sum", "description": "“三公”经费：合计 = 因公出国（境）费 + 公务接待费 + 公务用车购置及运行费",
              "left": { "table": "three_public", "row": { "key": "total" }, "column": "amount" },
              "right": [ { "table": "three_public", "row": { "key": "abroad" }, "column": "amount" }, { "table": "three_public", "row": { "key": "reception" }, "column": "amount" },
                         { "table": "three_public", "row": { "key": "vehicle" }, "column": "amount" } ] },
            { "id": "Q7", "kind": "sum", "description": "收支总表中的“三公”经费（元）= “三公”经费预算表合计（万元）",
              "left": { "table": "summary", "row": { "key": "three_public" }, "column": "amount" },
              "right": [ { "table": "three_public", "row": { "key": "total" }, "column": "amount" } ] }
          ]
        }
        """;

    /// <summary>表二's rows as staff type them: code, name, 合计, 基本支出, 项目支出 (元).</summary>
    private static readonly (string Code, string Name, decimal Total, decimal Basic, decimal Project)[] Spending =
    [
        ("207", "文化旅游体育与传媒支出", 1_523_456.78m, 1_023_456.78m, 500_000.00m),
        ("20701", "文化和旅游", 1_523_456.78m, 1_023_456.78m, 500_000.00m),
        ("2070101", "行政运行", 1_023_456.78m, 1_023_456.78m, 0m),
        ("2070109", "群众文化", 500_000.00m, 0m, 500_000.00m),
    ];

    private async Task<T> DbAsync<T>(Func<PortalDbContext, Task<T>> query)
    {
        using var scope = factory.Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<PortalDbContext>());
    }

    private static async Task<string> PostOkAsync(StaffSession session, string url, string? handler, Dictionary<string, string> fields)
    {
        var response = await session.PostFormAsync(url, handler, fields);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html[..Math.Min(2000, html.Length)]);
        return html;
    }

    private StaffSession NewSession() =>
        new(factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = true, HandleCookies = true }));

    /// <summary>The first administrator of a new installation, from <c>Portal:Admin:Email</c> and <c>Portal:Admin:Password</c>.</summary>
    private Task<StaffSession> FirstAdministratorAsync() => StaffSession.SignInAsync(factory, NewInstallation.AdminEmail, NewInstallation.AdminPassword);

    /// <summary>An account the administrator created: first sign-in with the initial password, which must be changed.</summary>
    private async Task<StaffSession> FirstSignInAsync(string email, string initial, string chosen)
    {
        var session = NewSession();
        var signIn = await session.PostFormAsync("/account/login", null, new() { ["Input.Email"] = email, ["Input.Password"] = initial });
        signIn.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/account/password");
        await session.PostFormAsync("/account/password", null, new() { ["Input.Current"] = initial, ["Input.New"] = chosen, ["Input.Confirm"] = chosen });
        (await session.Client.GetAsync("/staff")).RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/staff");
        return session;
    }

    /// <summary>Fills the blank workbook: 表一 and 表三 in their fixed rows, 表二 as staff add rows under its 合计.</summary>
    private static byte[] Fill(byte[] blank, decimal massCulture)
    {
        using var book = new XLWorkbook(new MemoryStream(blank));
        var summary = book.Worksheet(2);
        var first = Body(summary);
        string[] items = ["一、财政拨款收入", "二、其他收入", "收入总计", "支出总计", "其中：“三公”经费"];
        const decimal total = 1_523_456.78m;
        decimal[] amounts = [total - 100_000.00m, 100_000.00m, total, total, 123_500.00m];
        for (var i = 0; i < items.Length; i++)
        {
            summary.Cell(first + i, 1).GetString().ShouldBe(items[i]);
            summary.Cell(first + i, 2).SetValue(amounts[i]);
        }

        var spending = book.Worksheet(3);
        first = Body(spending);
        spending.Cell(first, 2).GetString().ShouldBe("合计");
        spending.Cell(first, 3).SetValue(total);
        spending.Cell(first, 4).SetValue(1_023_456.78m);
        spending.Cell(first, 5).SetValue(500_000.00m);
        for (var i = 0; i < Spending.Length; i++)
        {
            var row = Spending[i];
            var r = first + 1 + i;
            spending.Cell(r, 1).SetValue(row.Code);
            spending.Cell(r, 2).SetValue(row.Name);
            spending.Cell(r, 3).SetValue(row.Code == "2070109" ? massCulture : row.Total);
            spending.Cell(r, 4).SetValue(row.Basic);
            spending.Cell(r, 5).SetValue(row.Project);
        }

        var three = book.Worksheet(4);
        first = Body(three);
        decimal[] threeAmounts = [12.35m, 0.00m, 2.15m, 10.20m];
        for (var i = 0; i < threeAmounts.Length; i++)
        {
            three.Cell(first + i, 2).SetValue(threeAmounts[i]);
        }

        using var stream = new MemoryStream();
        book.SaveAs(stream);
        return stream.ToArray();

        // The first body row: the one under the header (header rows are bold with a fill; the body starts after them).
        static int Body(IXLWorksheet sheet) => BudgetPortal.Core.Exports.ExcelExporter.HeadingRows + 2;
    }

    private static async Task<string> ImportAsync(StaffSession staff, int versionId, byte[] workbook)
    {
        var preview = await StaffDrafts.UploadWorkbookAsync(staff, versionId, workbook, "青梧县文旅局2027预算.xlsx");
        var html = await preview.Content.ReadAsStringAsync();
        var pending = new HtmlParser().ParseDocument(html).QuerySelector("input[name=pendingId]")?.GetAttribute("value");
        pending.ShouldNotBeNull(html[..Math.Min(3000, html.Length)]);
        var token = await staff.TokenAsync($"/staff/versions/{versionId}/import");
        var confirmed = await staff.PostAsync($"/staff/versions/{versionId}/import", "Confirm", token, new() { ["pendingId"] = pending! });
        var page = await confirmed.Content.ReadAsStringAsync();
        confirmed.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe($"/staff/versions/{versionId}", page[..Math.Min(3000, page.Length)]);
        return page;
    }

    /// <summary>The 不一致 the staff page lists for the draft (rule and where).</summary>
    private static List<string> Inconsistencies(string versionPage) =>
        [.. new HtmlParser().ParseDocument(versionPage).QuerySelectorAll("details li").Select(li => li.TextContent.Trim())];

    [Fact]
    public async Task ARegionIsOnboardedFromNothingThroughHttpAndEveryOutputShowsEachTableInItsOwnUnit()
    {
        // 1. The administrator: region tree, a department with two units, the staff and reviewer accounts with scopes.
        var admin = await FirstAdministratorAsync();
        await PostOkAsync(admin, "/admin/regions", "Create", new() { ["name"] = "江岚省", ["parentId"] = "" });
        var province = await DbAsync(db => db.Regions.Where(r => r.Name == "江岚省").Select(r => r.Id).SingleAsync());
        await PostOkAsync(admin, "/admin/regions", "Create", new() { ["name"] = "临溪市", ["parentId"] = province.ToString(CultureInfo.InvariantCulture) });
        var city = await DbAsync(db => db.Regions.Where(r => r.Name == "临溪市").Select(r => r.Id).SingleAsync());
        await PostOkAsync(admin, "/admin/regions", "Create", new() { ["name"] = "青梧县", ["parentId"] = city.ToString(CultureInfo.InvariantCulture) });
        var county = await DbAsync(db => db.Regions.Where(r => r.Name == "青梧县").Select(r => r.Id).SingleAsync());
        var created = await admin.PostFormAsync("/admin/departments", "Create", new()
        {
            ["regionId"] = county.ToString(CultureInfo.InvariantCulture), ["name"] = "青梧县文化和旅游局", ["code"] = "401", ["slug"] = "qingwu-wenlv",
        });
        var departmentUrl = created.RequestMessage!.RequestUri!.AbsolutePath;
        departmentUrl.ShouldStartWith("/admin/departments/");
        await PostOkAsync(admin, departmentUrl, "Unit", new() { ["unit.Code"] = "401001", ["unit.Name"] = "青梧县文化和旅游局（本级）", ["unit.Category"] = "Administrative", ["unit.OwnOffice"] = "true" });
        await PostOkAsync(admin, departmentUrl, "Unit", new() { ["unit.Code"] = "401002", ["unit.Name"] = "青梧县文化馆", ["unit.Category"] = "Institution" });
        var departmentId = await DbAsync(db => db.Departments.Where(d => d.Name == "青梧县文化和旅游局").Select(d => d.Id).SingleAsync());
        (await PostOkAsync(admin, "/admin/accounts", "Create", new()
        {
            ["email"] = "caiwu@qingwu.example", ["displayName"] = "文旅局财务", ["role"] = "staff", ["password"] = "caiwu-initial-1", ["departmentIds"] = departmentId.ToString(CultureInfo.InvariantCulture),
        })).ShouldContain("已新建账户");
        (await PostOkAsync(admin, "/admin/accounts", "Create", new()
        {
            ["email"] = "shenhe@qingwu.example", ["displayName"] = "县财政局审核", ["role"] = "reviewer", ["password"] = "shenhe-initial-1", ["regionIds"] = county.ToString(CultureInfo.InvariantCulture),
        })).ShouldContain("已新建账户");

        // 2. The region's own table set: uploaded, validated, previewed, activated, used at once.
        var token = await admin.TokenAsync("/admin/table-sets");
        using (var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" }, { new ByteArrayContent(Encoding.UTF8.GetBytes(SetJson)), "file", "qingwu.json" } })
        {
            var preview = await (await admin.Client.PostAsync("/admin/table-sets?handler=Upload", form)).Content.ReadAsStringAsync();
            preview.ShouldContain("预览：青梧县部门预算公开表（3 张）");
            var uploaded = new HtmlParser().ParseDocument(preview).QuerySelector("input[name=Uploaded]")!.GetAttribute("value")!;
            token = await admin.TokenAsync("/admin/table-sets");
            (await (await admin.PostAsync("/admin/table-sets", "Activate", token, new() { ["Uploaded"] = uploaded })).Content.ReadAsStringAsync())
                .ShouldContain($"已启用表套 {SetCode} 第 1 版");
        }

        // 3. Staff: first sign-in, a draft from the new set, the blank workbook filled in and imported.
        var staff = await FirstSignInAsync("caiwu@qingwu.example", "caiwu-initial-1", "caiwu-chosen-22");
        var draft = await staff.PostFormAsync("/staff", "Create", new()
        {
            ["Draft.DepartmentId"] = departmentId.ToString(CultureInfo.InvariantCulture), ["Draft.Year"] = "2027", ["Draft.Kind"] = "Budget", ["Draft.TableSet"] = SetCode,
        });
        var versionPath = draft.RequestMessage!.RequestUri!.AbsolutePath;
        versionPath.ShouldStartWith("/staff/versions/", customMessage: await draft.Content.ReadAsStringAsync());
        var versionId = int.Parse(versionPath["/staff/versions/".Length..], CultureInfo.InvariantCulture);
        var blank = await staff.Client.GetByteArrayAsync($"/staff/versions/{versionId}/import/workbook?blank=true");

        // A changed figure (群众文化 500,100.00 instead of 500,000.00): the row and the 款 above it no longer add up.
        var wrong = await ImportAsync(staff, versionId, Fill(blank, 500_100.00m));
        var found = Inconsistencies(wrong);
        output.WriteLine(string.Join("\n", found));
        found.Count.ShouldBe(2, string.Join("\n", found));
        found.ShouldContain(f => f.StartsWith("Q4 ", StringComparison.Ordinal) && f.Contains("2070109", StringComparison.Ordinal));
        found.ShouldContain(f => f.StartsWith("Q5 ", StringComparison.Ordinal) && f.Contains("20701", StringComparison.Ordinal));

        // The consistent document: no 不一致.
        var right = await ImportAsync(staff, versionId, Fill(blank, 500_000.00m));
        Inconsistencies(right).ShouldBeEmpty();
        right.ShouldContain("0 项不一致");

        // 4. Submitted, approved and published by the county's reviewer.
        (await staff.PostFormAsync(versionPath, "Submit", [])).StatusCode.ShouldBe(HttpStatusCode.OK);
        var reviewer = await FirstSignInAsync("shenhe@qingwu.example", "shenhe-initial-1", "shenhe-chosen-22");
        (await PostOkAsync(reviewer, versionPath, "Approve", new() { ["approvedOn"] = "2027-01-20" })).ShouldContain("已记录批复");
        (await PostOkAsync(reviewer, versionPath, "Publish", [])).ShouldContain("已公开");

        // 5. Public outputs: each table in its own unit, every figure as entered.
        const string slug = "qingwu-wenlv-2027-budget";
        var anonymous = factory.CreateClient();
        var report = await anonymous.GetFromJsonAsync<JsonElement>($"/api/disclosures/{slug}/checks");
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        foreach (var f in findings.Where(f => f.GetProperty("severity").GetString() != "pass"))
        {
            output.WriteLine(f.ToString());
        }

        findings.Count(f => f.GetProperty("severity").GetString() == "error").ShouldBe(0);
        findings.Count(f => f.GetProperty("severity").GetString() == "warning").ShouldBe(0);
        findings.Where(f => f.GetProperty("rule").GetString()!.StartsWith('Q')).Select(f => f.GetProperty("severity").GetString()).Distinct().ShouldBe(["pass"]);

        string[] units = ["元", "元", "万元"];
        var page = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/disclosures/{slug}"));
        var sections = page.QuerySelectorAll("section.public-table");
        sections.Length.ShouldBe(3);
        for (var t = 0; t < 3; t++)
        {
            sections[t].QuerySelector(".table-meta")!.TextContent.ShouldContain($"单位：{units[t]}");
        }

        sections[0].TextContent.ShouldContain("1,523,456.78");
        sections[0].TextContent.ShouldContain("123,500.00");
        sections[1].TextContent.ShouldContain("1,023,456.78");
        sections[2].TextContent.ShouldContain("12.35");

        var pdf = Pdf.ToText(await anonymous.GetByteArrayAsync($"/disclosures/{slug}/pdf"));
        var position = 0;
        foreach (var (title, unit, figure) in new[] { ("部门收支总表", "元", "1,523,456.78"), ("部门支出总表", "元", "1,023,456.78"), ("“三公”经费预算表", "万元", "12.35") })
        {
            position = pdf.IndexOf(title, position, StringComparison.Ordinal);
            position.ShouldBeGreaterThanOrEqualTo(0, title);
            pdf.IndexOf($"单位：{unit}", position, StringComparison.Ordinal).ShouldBeGreaterThan(position, title);
            pdf.IndexOf(figure, position, StringComparison.Ordinal).ShouldBeGreaterThan(position, title);
        }

        using (var book = new XLWorkbook(new MemoryStream(await anonymous.GetByteArrayAsync($"/disclosures/{slug}/xlsx"))))
        {
            for (var t = 0; t < 3; t++)
            {
                book.Worksheet(t + 2).CellsUsed().ShouldContain(c => c.GetString() == $"单位：{units[t]}", $"sheet {t + 2}");
            }

            book.Worksheet(3).CellsUsed().ShouldContain(c => c.DataType == XLDataType.Number && c.GetValue<decimal>() == 1_523_456.78m);
            book.Worksheet(4).CellsUsed().ShouldContain(c => c.DataType == XLDataType.Number && c.GetValue<decimal>() == 12.35m);
        }

        for (var t = 0; t < 3; t++)
        {
            var csv = await anonymous.GetStringAsync($"/disclosures/{slug}/csv?table={t + 1}");
            csv.Split('\n')[0].ShouldContain($"（{units[t]}）");
        }

        (await anonymous.GetStringAsync($"/disclosures/{slug}/csv?table=2")).ShouldContain("1523456.78");
        (await anonymous.GetStringAsync($"/disclosures/{slug}/csv?table=3")).ShouldContain("12.35");

        var json = DisclosureJson.Parse(await anonymous.GetStringAsync($"/api/disclosures/{slug}"), "api");
        json.Tables.Select(t => t.Unit).ShouldBe(units);
        json.Region.ShouldBe(["江岚省", "临溪市", "青梧县"]);
        json.ApprovedOn.ShouldBe(new DateOnly(2027, 1, 20));
        json.Department.Units.Select(u => (u.Name, u.Category)).ShouldBe([("青梧县文化和旅游局（本级）", "行政单位"), ("青梧县文化馆", "事业单位")]);

        // 6. The region overview adds the figures in 万元: 1,523,456.78 元 is 152.345678 万元; 三公 12.35 万元 as printed.
        var overview = new HtmlParser().ParseDocument(await anonymous.GetStringAsync($"/regions/{county}?year=2027"));
        overview.QuerySelector("p.lead")!.TextContent.ShouldContain("金额单位：万元");
        var row = overview.QuerySelectorAll("tbody tr").First(r => r.TextContent.Contains("青梧县文化和旅游局", StringComparison.Ordinal));
        row.TextContent.ShouldContain("152.345678");
        row.TextContent.ShouldContain("12.35");
        row.TextContent.ShouldNotContain("1,523,456.78");
    }
}
