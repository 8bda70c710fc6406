using BudgetPortal.Core.Documents;

namespace BudgetPortal.Tests.Core;

public sealed class DisclosureJsonTests
{
    private const string Minimal = """
        {
          "schema": "budgetportal/disclosure@1", "slug": "x-2023-budget", "title": "某局2023年度部门预算",
          "region": ["辽宁省"], "department": { "name": "某局", "units": [] }, "year": 2023, "kind": "budget",
          "tableSet": null, "sections": [],
          "tables": [ { "number": "表1", "title": "支出表", "unit": "万元", "decimals": 2,
            "columns": [ { "key": "code", "title": "科目编码", "type": "code", "role": "code" },
                         { "key": "name", "title": "科目名称", "type": "text", "role": "name" },
                         { "key": "total", "title": "合计", "type": "amount" } ],
            "rows": [ { "level": 1, "cells": ["208", "社会保障和就业支出", 1.70] },
                      { "level": 1, "cells": ["210", "卫生健康支出", 0.00] },
                      { "level": 1, "cells": ["221", "住房保障支出", null] } ] } ]
        }
        """;

    [Fact]
    public void RoundTripKeepsPrintedScaleAndBlankCells()
    {
        var document = DisclosureJson.Parse(Minimal, "test.json");
        var rows = document.Tables[0].Rows;

        rows[0].Cells[2].Number.ShouldBe(1.70m);
        rows[0].Cells[2].ToString().ShouldBe("1.70");
        rows[1].Cells[2].Number.ShouldBe(0.00m);
        rows[2].Cells[2].IsBlank.ShouldBeTrue();

        var again = DisclosureJson.Parse(DisclosureJson.Serialize(document), "again.json");
        again.Tables[0].Rows.Select(r => r.Cells[2].ToString()).ShouldBe(["1.70", "0.00", ""]);
    }

    [Fact]
    public void ParseDerivesRowCodeAndNameFromRoleColumns()
    {
        var row = DisclosureJson.Parse(Minimal, "test.json").Tables[0].Rows[0];

        row.Code.ShouldBe("208");
        row.Name.ShouldBe("社会保障和就业支出");
    }

    [Fact]
    public void ParseRejectsTextInAmountCellNamingTableRowAndColumn()
    {
        var json = Minimal.Replace("1.70", "\"一点七\"", StringComparison.Ordinal);

        var ex = Should.Throw<DisclosureFormatException>(() => DisclosureJson.Parse(json, "bad.json"));

        ex.Errors.ShouldHaveSingleItem().ShouldBe("第 1 张表（表1 支出表） 第 1 行“合计”列：应为数字，实为文本“一点七”。");
    }

    [Fact]
    public void ParseRejectsRowWithWrongCellCount()
    {
        var json = Minimal.Replace("[\"221\", \"住房保障支出\", null]", "[\"221\", null]", StringComparison.Ordinal);

        var ex = Should.Throw<DisclosureFormatException>(() => DisclosureJson.Parse(json, "bad.json"));

        ex.Errors.ShouldContain("第 1 张表（表1 支出表） 第 3 行：有 2 个单元格，应为 3 个。");
    }

    [Fact]
    public void ParseRejectsUnknownKindAndBadSlug()
    {
        var json = Minimal.Replace("\"kind\": \"budget\"", "\"kind\": \"预算\"", StringComparison.Ordinal)
            .Replace("x-2023-budget", "X 2023", StringComparison.Ordinal);

        var ex = Should.Throw<DisclosureFormatException>(() => DisclosureJson.Parse(json, "bad.json"));

        ex.Errors.Count.ShouldBe(2);
        ex.Message.ShouldStartWith("bad.json：");
    }

    [Fact]
    public void MalformedJsonReportsTheLine()
    {
        var ex = Should.Throw<DisclosureFormatException>(() => DisclosureJson.Parse("{\n\"slug\": ,", "broken.json"));

        ex.Errors.ShouldHaveSingleItem().ShouldStartWith("JSON 格式错误（第 2 行）");
    }
}

public sealed class AmountParserTests
{
    [Theory]
    [InlineData("1,234.56", "1234.56")]
    [InlineData(" １２，８８４．３５ ", "12884.35")]
    [InlineData("12 884.35", "12884.35")]
    [InlineData("0.00", "0.00")]
    [InlineData("-3.5", "-3.5")]
    [InlineData("(3.50)", "-3.50")]
    [InlineData("25.31万元", "25.31")]
    public void ReadsAmountsTolerantlyInForm(string input, string expected)
    {
        AmountParser.TryParse(input, out var value, out var error).ShouldBeTrue();
        error.ShouldBeNull();
        value.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));
        value!.Value.Scale.ShouldBe(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Scale);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void BlankStaysBlank(string? input)
    {
        AmountParser.TryParse(input, out var value, out _).ShouldBeTrue();
        value.ShouldBeNull();
    }

    [Theory]
    [InlineData("十二")]
    [InlineData("12.3.4")]
    [InlineData("约100")]
    public void TextIsAnErrorNotZero(string input)
    {
        AmountParser.TryParse(input, out var value, out var error).ShouldBeFalse();
        value.ShouldBeNull();
        error!.ShouldContain("不是金额");
    }
}
