using System.Globalization;
using BudgetPortal.Core.Documents;
using BudgetPortal.Core.TableSets;

namespace BudgetPortal.Tests.Infrastructure;

/// <summary>
/// A district's budget table set whose tables are printed in 元 except its 一般公共预算支出表 and "三公" table (万元), and
/// a disclosure of 某区文化旅游局 built from a few figures in 元, every other figure derived from them as a careful
/// department would print it (parents as sums, 万元 figures rounded to 2 decimals). Nothing here is in the seeds.
/// </summary>
public static class DistrictUnits
{
    public const string SetCode = "mouqu-district-budget";

    public const string SetJson = """
        {
          "schema": "budgetportal/table-set@1",
          "code": "mouqu-district-budget",
          "name": "某区部门预算公开表（4 张，元）",
          "kind": "budget",
          "region": "某区",
          "tables": [
            { "number": "表1", "code": "summary", "title": "收支总表", "unit": "元", "rowKind": "fixed",
              "columns": [ { "key": "income_item", "title": "收入项目", "type": "text", "role": "name" }, { "key": "income", "title": "预算数", "type": "amount" },
                           { "key": "expense_item", "title": "支出项目", "type": "text" }, { "key": "expense", "title": "预算数", "type": "amount" } ] },
            { "number": "表2", "code": "expenditure", "title": "支出总表", "unit": "元", "rowKind": "functional",
              "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                           { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ] },
            { "number": "表3", "code": "gpb_expenditure", "title": "一般公共预算支出表", "unit": "万元", "rowKind": "functional",
              "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                           { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ] },
            { "number": "表4", "code": "three_public", "title": "“三公”经费支出表", "unit": "万元", "rowKind": "fixed",
              "columns": [ { "key": "total", "title": "合计", "type": "amount" }, { "key": "abroad", "title": "因公出国（境）费", "type": "amount" },
                           { "key": "vehicles", "title": "公务用车购置及运行费", "type": "amount" }, { "key": "reception", "title": "公务接待费", "type": "amount" } ] }
          ],
          "rules": [
            { "id": "U1", "kind": "sum", "description": "收支总表支出总计 = 支出总表合计",
              "left": { "table": "summary", "row": { "text": "支出总计" }, "column": "expense" },
              "right": [ { "table": "expenditure", "row": { "total": true }, "column": "total" } ] },
            { "id": "U2", "kind": "rows", "description": "合计 = 基本支出 + 项目支出", "table": "expenditure", "target": "total", "parts": ["basic", "project"] },
            { "id": "U3", "kind": "hierarchy", "description": "类 = Σ款 = Σ项", "table": "expenditure" },
            { "id": "U4", "kind": "hierarchy", "description": "类 = Σ款 = Σ项（一般公共预算）", "table": "gpb_expenditure" },
            { "id": "U5", "kind": "sum", "description": "一般公共预算支出合计 = 支出总表合计",
              "left": { "table": "gpb_expenditure", "row": { "total": true }, "column": "total" },
              "right": [ { "table": "expenditure", "row": { "total": true }, "column": "total" } ] },
            { "id": "U6", "kind": "codes", "description": "各科目一般公共预算支出 = 支出总表", "table": "gpb_expenditure", "column": "total", "otherTable": "expenditure", "otherColumn": "total" },
            { "id": "U7", "kind": "rows", "description": "三公合计 = 各项之和", "table": "three_public", "target": "total", "parts": ["abroad", "vehicles", "reception"] },
            { "id": "U8", "kind": "text", "description": "情况说明中的支出总计与收支总表一致",
              "pattern": "支出总计\\s*(?<amount>\\d[\\d,，]*(?:\\.\\d+)*)\\s*(?<unit>[千万亿]?元)",
              "left": { "table": "summary", "row": { "text": "支出总计" }, "column": "expense" } },
            { "id": "U9", "kind": "text", "description": "情况说明中的基本支出与支出总表一致",
              "pattern": "基本支出\\s*(?<amount>\\d[\\d,，]*(?:\\.\\d+)*)\\s*(?<unit>[千万亿]?元)",
              "left": { "table": "expenditure", "row": { "total": true }, "column": "basic" } }
          ]
        }
        """;

    public static TableSetDefinition Set() => TableSetJson.Parse(SetJson, "mouqu-district-budget.json");

    /// <summary>
    /// 某区文化旅游局's budget: 2080501 行政单位离退休 (basic and project) and 2080505 基本养老保险缴费 (basic only), in 元;
    /// everything else follows. <paramref name="gpbTotalOverride"/> replaces the printed 万元 合计 of 表3 (a typing error).
    /// </summary>
    public static DisclosureDocument Disclosure(
        decimal retiredBasic = 800_000.00m, decimal retiredProject = 200_000.00m, decimal pension = 234_500.00m,
        decimal? gpbTotalOverride = null, string slug = "mouqu-wenlv-2025-budget", string department = "某区文化旅游局", string? allUnit = null, int year = 2025)
    {
        var retired = retiredBasic + retiredProject;
        var basic = retiredBasic + pension;
        var total = retired + pension;
        static decimal Wan(decimal yuan) => Math.Round(yuan / 10_000m, 2, MidpointRounding.AwayFromZero);
        var gpbTotal = gpbTotalOverride ?? Wan(total);
        string N(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
        string Wide(decimal value) => value.ToString("#,##0.00", CultureInfo.InvariantCulture);
        string Row(string code, string name, decimal t, decimal b, decimal? p) => $$"""{ "cells": ["{{code}}", "{{name}}", {{N(t)}}, {{N(b)}}, {{(p is { } x ? N(x) : "null")}}] }""";
        string Functional(Func<decimal, decimal> unit, decimal? totalOverride) => string.Join(",\n", [
            $$"""{ "role": "total", "cells": [null, "合计", {{N(totalOverride ?? unit(total))}}, {{N(unit(basic))}}, {{N(unit(retiredProject))}}] }""",
            Row("208", "社会保障和就业支出", unit(total), unit(basic), unit(retiredProject)),
            Row("20805", "行政事业单位养老支出", unit(total), unit(basic), unit(retiredProject)),
            Row("2080501", "行政单位离退休", unit(retired), unit(retiredBasic), unit(retiredProject)),
            Row("2080505", "机关事业单位基本养老保险缴费支出", unit(pension), unit(pension), null),
        ]);
        var yuan = allUnit ?? "元";
        var wan = allUnit ?? "万元";
        Func<decimal, decimal> inYuan = allUnit == "万元" ? Wan : v => v;
        var json = $$"""
            {
              "schema": "budgetportal/disclosure@1", "slug": "{{slug}}", "title": "{{department}}{{year}}年度部门预算",
              "region": ["某省", "某市", "某区"], "department": { "name": "{{department}}", "units": [] }, "year": {{year}}, "kind": "budget",
              "tableSet": "{{SetCode}}",
              "sections": [ { "key": "explanation", "title": "情况说明",
                "body": "{{year}}年本部门支出总计{{N(Wan(total))}}万元，其中一般公共预算基本支出{{Wide(basic)}}元。" } ],
              "tables": [
                { "number": "表1", "code": "summary", "title": "收支总表", "unit": "{{yuan}}", "decimals": 2,
                  "columns": [ { "key": "income_item", "title": "收入项目", "type": "text", "role": "name" }, { "key": "income", "title": "预算数", "type": "amount" },
                               { "key": "expense_item", "title": "支出项目", "type": "text" }, { "key": "expense", "title": "预算数", "type": "amount" } ],
                  "rows": [ { "cells": ["一、一般公共预算拨款收入", {{N(inYuan(total))}}, "社会保障和就业支出", {{N(inYuan(total))}}] },
                            { "role": "total", "cells": ["收入总计", {{N(inYuan(total))}}, "支出总计", {{N(inYuan(total))}}] } ] },
                { "number": "表2", "code": "expenditure", "title": "支出总表", "unit": "{{yuan}}", "decimals": 2,
                  "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                               { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ],
                  "rows": [ {{Functional(inYuan, null)}} ] },
                { "number": "表3", "code": "gpb_expenditure", "title": "一般公共预算支出表", "unit": "{{wan}}", "decimals": 2,
                  "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" }, { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                               { "key": "total", "title": "合计", "type": "amount" }, { "key": "basic", "title": "基本支出", "type": "amount" }, { "key": "project", "title": "项目支出", "type": "amount" } ],
                  "rows": [ {{Functional(Wan, gpbTotal)}} ] },
                { "number": "表4", "code": "three_public", "title": "“三公”经费支出表", "unit": "{{wan}}", "decimals": 2,
                  "columns": [ { "key": "total", "title": "合计", "type": "amount" }, { "key": "abroad", "title": "因公出国（境）费", "type": "amount" },
                               { "key": "vehicles", "title": "公务用车购置及运行费", "type": "amount" }, { "key": "reception", "title": "公务接待费", "type": "amount" } ],
                  "rows": [ { "cells": [3.50, 0.00, 2.30, 1.20] } ] }
              ]
            }
            """;
        return DisclosureJson.Parse(json, slug + ".json");
    }
}
