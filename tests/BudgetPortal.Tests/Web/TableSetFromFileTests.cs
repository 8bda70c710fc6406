using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Core.Checks;
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
            var set = TableSetBuilder.Budget("xinshi-county-budget", "新市县部门预算公开表（2 张）").InRegion("新市县")
                .WithTable(TableBuilder.Table("表一", "summary", "收支总表").WithColumn("item", "项目", ColumnTypes.Text, ColumnRoles.Name).WithColumn("amount", "金额"))
                .WithTable(TableBuilder.Classified("表二", "expenditure", "支出表", ("total", "合计"), ("basic", "基本支出"), ("project", "项目支出")), rowKind: "functional")
                .WithRule(new CheckRule
                {
                    Id = "X1", Kind = "sum", Description = "收支总表支出合计 = 支出表合计",
                    Left = new CellTerm { Table = "summary", Row = new RowSelector { Name = "支出合计" }, Column = "amount" },
                    Right = [new CellTerm { Table = "expenditure", Row = new RowSelector { Total = true }, Column = "total" }],
                })
                .WithRule(new CheckRule { Id = "X2", Kind = "rows", Description = "合计 = 基本支出 + 项目支出", Table = "expenditure", Target = "total", Parts = ["basic", "project"] })
                .WithRule(new CheckRule { Id = "X3", Kind = "hierarchy", Description = "类 = Σ款 = Σ项", Table = "expenditure" })
                .WithRule(new CheckRule { Id = "W2-leftover", Kind = "narrative", Check = "leftover", Description = "情况说明中不应留有模板文字", Level = "hint" })
                .WithRule(new CheckRule
                {
                    Id = "X4-units", Kind = "units", Description = "部门汇总数与所属单位已公开数之和一致", Table = "expenditure",
                    Columns = ["total", "basic", "project"], RowFilter = "coded",
                });
            File.WriteAllText(Path.Combine(Folder, "xinshi-budget.json"), set.ToJson());
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

    /// <summary>
    /// X3 over HTTP: a department's disclosure against its units' published disclosures of the same year and kind (the
    /// set's <c>units</c> rule): equal to their sum when every unit it lists is held, an error where one unit's figures make
    /// the sum differ.
    /// </summary>
    [Fact]
    public async Task ADepartmentIsCheckedAgainstItsUnitsDisclosuresThroughTheApi()
    {
        var client = _factory.CreateClient();
        using (var scope = _factory.Services.CreateScope())
        {
            var importer = scope.ServiceProvider.GetRequiredService<DisclosureImporter>();
            foreach (var document in new[]
            {
                Spending("xinshi-jia-2025-budget", "新市县甲中心", [], 50m, 30m, 20m),
                Spending("xinshi-yi-2025-budget", "新市县乙中心", [], 50m, 30m, 20m),
                Spending("xinshi-health-2025-budget", "新市县卫生健康局", ["新市县甲中心", "新市县乙中心"], 100m, 60m, 40m),
                Spending("xinshi-bing-2025-budget", "新市县丙中心", [], 50m, 30m, 20m),
                Spending("xinshi-ding-2025-budget", "新市县丁中心", [], 45m, 25m, 20m),
                Spending("xinshi-civil-2025-budget", "新市县民政局", ["新市县丙中心", "新市县丁中心"], 100m, 60m, 40m),
            })
            {
                await importer.ImportPublishedAsync(document, CancellationToken.None);
            }
        }

        async Task<List<JsonElement>> UnitsFindings(string slug) => [.. (await client.GetFromJsonAsync<JsonElement>($"/api/disclosures/{slug}/checks"))
            .GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("rule").GetString() == "X4-units")];

        var health = await UnitsFindings("xinshi-health-2025-budget");
        health.Count.ShouldBe(9); // 合计, 210 and 21015, each in 合计/基本支出/项目支出
        health.ShouldAllBe(f => f.GetProperty("severity").GetString() == "pass");

        var civil = await UnitsFindings("xinshi-civil-2025-budget");
        var errors = civil.Where(f => f.GetProperty("severity").GetString() == "error").ToList();
        errors.Select(f => $"{f.GetProperty("row").GetString()}/{f.GetProperty("column").GetString()}").ShouldBe(
            ["合计/合计", "合计/基本支出", "210 卫生健康支出/合计", "210 卫生健康支出/基本支出", "21015 医疗保障管理事务/合计", "21015 医疗保障管理事务/基本支出"]);
        errors[0].GetProperty("expected").GetDecimal().ShouldBe(95m);
        errors[0].GetProperty("title").GetString().ShouldBe("部门汇总与所属单位公开的数字不一致");
        (await UnitsFindings("xinshi-2025-budget")).ShouldBeEmpty(); // a department that lists no unit
    }

    /// <summary>A disclosure of the xinshi set whose 支出表 is one 类 and one 项 of the given figures.</summary>
    private static DisclosureDocument Spending(string slug, string department, string[] units, decimal total, decimal basic, decimal project)
    {
        var template = NewDisclosure();
        RowDocument Row(string? code, string name, string? role = null) => new()
        {
            Role = role,
            Code = code,
            Name = name,
            Level = code?.Length switch { 3 => 1, 5 => 2, _ => 0 },
            Cells = [code is null ? CellValue.Blank : CellValue.Of(code), CellValue.Of(name), CellValue.Of(total), CellValue.Of(basic), CellValue.Of(project)],
        };
        return template with
        {
            Slug = slug,
            Department = new DepartmentInfo { Name = department, Units = [.. units.Select(u => new UnitInfo { Name = u })] },
            Tables =
            [
                .. template.Tables.Select(t => t.Code switch
                {
                    "expenditure" => t with { Rows = [Row(null, "合计", RowRoles.Total), Row("210", "卫生健康支出"), Row("21015", "医疗保障管理事务")] },
                    _ => t with { Rows = [new RowDocument { Cells = [CellValue.Of("收入合计"), CellValue.Of(total)] }, new RowDocument { Cells = [CellValue.Of("支出合计"), CellValue.Of(total)] }] },
                }),
            ],
        };
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
