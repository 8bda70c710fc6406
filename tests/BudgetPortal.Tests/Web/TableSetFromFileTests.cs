using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Core.Documents;
using BudgetPortal.Tests.Infrastructure;
using BudgetPortal.Web.Data.Seeding;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BudgetPortal.Tests.Web;

/// <summary>A region's table set added as a file, with no code change, and used for a new disclosure.</summary>
public sealed class TableSetFromFileTests : IClassFixture<TableSetFromFileTests.Factory>
{
    private readonly Factory _factory;

    public TableSetFromFileTests(Factory factory) => _factory = factory;

    public sealed class Factory : PortalAppFactory
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("bp-sets-").FullName;

        public Factory()
        {
            File.WriteAllText(Path.Combine(Folder, "xinshi-budget.json"), """
                {
                  "schema": "budgetportal/table-set@1",
                  "code": "xinshi-county-budget",
                  "name": "新市县部门预算公开表（2 张）",
                  "kind": "budget",
                  "region": "新市县",
                  "tables": [
                    { "number": "表一", "code": "summary", "title": "收支总表", "rowKind": "fixed",
                      "columns": [ { "key": "item", "title": "项目", "type": "text", "role": "name" }, { "key": "amount", "title": "金额", "type": "amount" } ] },
                    { "number": "表二", "code": "expenditure", "title": "支出表", "rowKind": "functional",
                      "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                                   { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ] }
                  ],
                  "rules": [
                    { "id": "X1", "kind": "sum", "description": "收支总表支出合计 = 支出表合计",
                      "left": { "table": "summary", "row": { "name": "支出合计" }, "column": "amount" },
                      "right": [ { "table": "expenditure", "row": { "total": true }, "column": "total" } ] },
                    { "id": "X2", "kind": "rows", "description": "合计 = 基本支出 + 项目支出", "table": "expenditure", "target": "total", "parts": ["basic", "project"] },
                    { "id": "X3", "kind": "hierarchy", "description": "类 = Σ款 = Σ项", "table": "expenditure" },
                    { "id": "W2-leftover", "kind": "narrative", "check": "leftover", "description": "情况说明中不应留有模板文字", "level": "hint" }
                  ]
                }
                """);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Portal:TableSetPath", Folder);
        }
    }

    private static DisclosureDocument NewDisclosure() => DisclosureJson.Parse("""
        {
          "schema": "budgetportal/disclosure@1", "slug": "xinshi-2025-budget", "title": "新市县某局2025年度部门预算",
          "region": ["某省", "某市", "新市县"], "department": { "name": "新市县某局", "units": [] }, "year": 2025, "kind": "budget",
          "tableSet": "xinshi-county-budget", "sections": [],
          "tables": [
            { "number": "表一", "code": "summary", "title": "收支总表", "unit": "万元", "decimals": 2,
              "columns": [ { "key": "item", "title": "项目", "type": "text", "role": "name" }, { "key": "amount", "title": "金额", "type": "amount" } ],
              "rows": [ { "cells": ["收入合计", 100.00] }, { "cells": ["支出合计", 100.00] } ] },
            { "number": "表二", "code": "expenditure", "title": "支出表", "unit": "万元", "decimals": 2,
              "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                           { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ],
              "rows": [ { "role": "total", "cells": [null, "合计", 100.00, 60.00, 40.00] },
                        { "level": 1, "cells": ["210", "卫生健康支出", 100.00, 60.00, 40.00] },
                        { "level": 2, "cells": ["21015", "医疗保障管理事务", 100.00, 60.00, 40.01] } ] }
          ]
        }
        """, "new.json");

    [Fact]
    public async Task ANewRegionsSetFromAFileIsListedAndItsRulesCheckANewDisclosure()
    {
        var client = _factory.CreateClient();
        (await client.GetStringAsync("/table-sets")).ShouldContain("新市县部门预算公开表（2 张）");
        var setPage = await client.GetStringAsync("/table-sets/xinshi-county-budget");
        setPage.ShouldContain("收支总表支出合计 = 支出表合计");

        using (var scope = _factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(NewDisclosure(), CancellationToken.None);
        }

        var report = await client.GetFromJsonAsync<JsonElement>("/api/disclosures/xinshi-2025-budget/checks");
        var findings = report.GetProperty("findings").EnumerateArray().ToList();
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "X1" && f.GetProperty("severity").GetString() == "pass");
        findings.ShouldContain(f => f.GetProperty("rule").GetString() == "X2" && f.GetProperty("severity").GetString() == "rounding"
            && f.GetProperty("row").GetString() == "21015 医疗保障管理事务");
        findings.Count(f => f.GetProperty("rule").GetString() == "C1" && f.GetProperty("severity").GetString() == "pass").ShouldBe(2);
        report.GetProperty("errors").GetInt32().ShouldBe(0);
        (await client.GetStringAsync("/disclosures/xinshi-2025-budget")).ShouldContain("勾稽关系：");
    }

    /// <summary>A set that declares a narrative rule's level as 提示 (hint): the finding is a 提示 in the API, blocks nothing, and carries its title.</summary>
    [Fact]
    public async Task ANarrativeRuleDeclaredAsAHintIsReportedAsAHint()
    {
        var client = _factory.CreateClient();
        var hinted = NewDisclosure() with
        {
            Slug = "xinshi-hint-2025-budget",
            Department = new DepartmentInfo { Name = "新市县另一局" },
            Sections = [new NarrativeSection { Key = "explanation", Title = "情况说明", Body = "2025年收支预算100.00万元，比上年增加（增长）10.00万元。" }],
        };
        using (var scope = _factory.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<DisclosureImporter>().ImportPublishedAsync(hinted, CancellationToken.None);
        }

        var report = await client.GetFromJsonAsync<JsonElement>("/api/disclosures/xinshi-hint-2025-budget/checks");
        var leftover = report.GetProperty("findings").EnumerateArray().Single(f => f.GetProperty("rule").GetString() == "W2-leftover");
        leftover.GetProperty("severity").GetString().ShouldBe("hint");
        leftover.GetProperty("severityLabel").GetString().ShouldBe("提示");
        leftover.GetProperty("title").GetString().ShouldBe("文字说明留有模板文字或占位符");
        leftover.GetProperty("message").GetString()!.ShouldContain("（增长）");
        report.GetProperty("hints").GetInt32().ShouldBe(1);
        report.GetProperty("errors").GetInt32().ShouldBe(0);
        // The set's own rule named X1 keeps its kind's title (not the cross-year check's).
        report.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("rule").GetString() == "X1")
            .GetProperty("title").GetString().ShouldBe("应相等的两处数字不一致");
    }

    [Fact]
    public void ATableSetFileWithABadRuleIsRejectedWithChineseErrors()
    {
        var bad = """
            { "schema": "budgetportal/table-set@1", "code": "bad-set", "name": "坏表套", "kind": "budget",
              "tables": [ { "number": "表1", "code": "summary", "title": "收支总表", "columns": [ { "key": "item", "title": "项目", "type": "text" } ] } ],
              "rules": [ { "id": "B1", "kind": "rows", "description": "合计 = 基本 + 项目", "table": "summary", "target": "total", "parts": ["basic"] } ] }
            """;

        var ex = Should.Throw<DisclosureFormatException>(() => BudgetPortal.Core.TableSets.TableSetJson.Parse(bad, "bad.json"));

        ex.Errors.ShouldContain("规则 B1（合计 = 基本 + 项目）：表1 收支总表没有列“total”。");
        ex.Errors.ShouldContain("规则 B1（合计 = 基本 + 项目）：表1 收支总表没有列“basic”。");
    }
}
