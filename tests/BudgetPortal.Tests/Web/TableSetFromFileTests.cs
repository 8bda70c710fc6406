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
                    { "id": "X3", "kind": "hierarchy", "description": "类 = Σ款 = Σ项", "table": "expenditure" }
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
