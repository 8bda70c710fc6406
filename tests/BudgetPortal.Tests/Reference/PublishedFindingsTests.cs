using System.Net.Http.Json;
using System.Text.Json;
using BudgetPortal.Tests.Infrastructure;

namespace BudgetPortal.Tests.Reference;

/// <summary>
/// The consistency checks run on the five reference disclosures as published (GET /api/disclosures/{id}/checks):
/// every real inconsistency found and called an error, every 0.01 rounding gap called 尾差, and nothing else.
/// The inconsistencies are those recorded, by reading the documents, in data/reference/*.notes.md.
/// </summary>
public sealed class PublishedFindingsTests(PortalAppFactory factory) : IClassFixture<PortalAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private async Task<JsonElement> ChecksAsync(string slug) =>
        await _client.GetFromJsonAsync<JsonElement>($"/api/disclosures/{slug}/checks");

    private static List<JsonElement> With(JsonElement report, string severity) =>
        [.. report.GetProperty("findings").EnumerateArray().Where(f => f.GetProperty("severity").GetString() == severity)];

    [Theory]
    [InlineData("liaoning-2023-budget", 0, 0)]
    [InlineData("fushun-2023-final", 17, 35)]
    [InlineData("lushi-2023-budget", 17, 1)]
    [InlineData("shenyang-2024-final", 12, 2)]
    [InlineData("anshan-2025-budget", 0, 12)]
    public async Task RoundingAndErrorsAreCountedAsInThePublishedDocuments(string slug, int rounding, int errors)
    {
        var report = await ChecksAsync(slug);

        report.GetProperty("rounding").GetInt32().ShouldBe(rounding, slug);
        report.GetProperty("errors").GetInt32().ShouldBe(errors, slug);
        report.GetProperty("badge").GetString().ShouldEndWith($"{rounding} 项尾差，{errors} 项不一致");
        // Amounts differ by a cent; a percentage that only the rounding of its inputs explains differs by less than a point.
        With(report, "rounding").Where(f => f.GetProperty("column").GetString() is not ("完成率" or "增减率" or "占比"))
            .ShouldAllBe(f => Math.Abs(f.GetProperty("difference").GetDecimal()) == 0.01m);
        With(report, "rounding").ShouldAllBe(f => Math.Abs(f.GetProperty("difference").GetDecimal()) < 1m);
    }

    /// <summary>
    /// Every table rule's findings on the references as published, by rule and level: 错误 as counted above, and also
    /// 警告, 提示 and 尾差, so that a rule that stops finding (or stops running) fails here; and the ids of every table
    /// rule that ran (a pass counts), so that a rule that silently stops running fails even where it found nothing.
    /// </summary>
    [Theory]
    [InlineData("liaoning-2023-budget",
        "C2:warning*3",
        "C1 C2 N1 Y1 Y1-classes Y1-in Y1-items Y1-out Y10-econ_dept Y10-econ_gov Y10-expenditure Y10-functional Y10-gpb_expenditure Y12-econ_dept Y12-econ_dept-co Y12-econ_dept-cur Y12-econ_gov Y12-econ_gov-co Y12-econ_gov-cur Y12-functional Y12-functional-co Y12-functional-cur Y13-econ_dept Y13-econ_gov Y13-functional Y13-functional-codes Y13-functional-gpb Y14 Y2-208 Y2-210 Y2-221 Y2-in Y2-in-total Y2-out Y3 Y3-carry Y3-current Y3-units Y4-codes Y4-expenditure Y4-expenditure-basic Y4-gpb_expenditure Y4-gpb_expenditure-basic Y5 Y5-gpb Y6 Y6-hier Y6-rows Y7 Y7-car Y9-exp Y9-gpb Y9-levels Y9-rows")]
    [InlineData("fushun-2023-final",
        "J10-expenditure:rounding*3 J10-gpb_expenditure:rounding*3 J10-income:rounding*2 J14-208:rounding J15:rounding J17-b:rounding J17-c:rounding J22:info J7-208:rounding J9:rounding N1:warning*3",
        "C1 C2 J1 J10-expenditure J10-gpb_expenditure J10-income J11 J12 J13 J14 J14-201 J14-202 J14-203 J14-204 J14-205 J14-206 J14-207 J14-208 J14-210 J14-211 J14-212 J14-213 J14-214 J14-215 J14-216 J14-217 J14-219 J14-220 J14-221 J14-222 J14-223 J14-224 J14-229 J14-231 J14-232 J14-234 J15 J16 J17-a J17-b J17-c J17-d J18-budget J18-car-budget J18-car-final J18-final J19-gf-total J19-sc-total J2 J21 J21-basic J22 J3 J4 J5 J6 J7 J7-201 J7-202 J7-203 J7-204 J7-205 J7-206 J7-207 J7-208 J7-210 J7-211 J7-212 J7-213 J7-214 J7-215 J7-216 J7-217 J7-219 J7-220 J7-221 J7-222 J7-223 J7-224 J7-229 J7-231 J7-232 J7-234 J8 J9 N1")]
    [InlineData("lushi-2023-budget",
        "Y1-classes:rounding Y10-expenditure:rounding*2 Y10-gpb_expenditure:rounding*2 Y3-units:rounding*4 Y4-expenditure-basic:rounding Y4-gpb_expenditure-basic:rounding Y5-items:rounding*3 Y6-hier:rounding*2",
        "C1 C2 N1 Y1 Y1-classes Y1-in Y1-items Y1-out Y10-econ_dept Y10-expenditure Y10-gpb_expenditure Y13-econ_dept Y2-201 Y2-202 Y2-203 Y2-204 Y2-205 Y2-206 Y2-207 Y2-208 Y2-209 Y2-210 Y2-211 Y2-212 Y2-213 Y2-214 Y2-215 Y2-216 Y2-217 Y2-219 Y2-220 Y2-221 Y2-222 Y2-223 Y2-224 Y2-227 Y2-229 Y2-230 Y2-231 Y2-232 Y2-233 Y2-234 Y2-in Y2-in-total Y2-out Y3 Y3-current Y3-units Y4-codes Y4-expenditure Y4-expenditure-basic Y4-expenditure-project Y4-gpb_expenditure Y4-gpb_expenditure-basic Y4-gpb_expenditure-project Y5-items Y6 Y6-hier Y6-rows Y7 Y7-car Y9-exp Y9-gpb Y9-levels Y9-rows")]
    [InlineData("shenyang-2024-final",
        "J10-expenditure:rounding*2 J10-gpb_expenditure:rounding*2 J10-income:rounding*2 J14-208:rounding J22:info J7-208:rounding N1:warning",
        "C1 C2 J1 J10-expenditure J10-gpb_expenditure J10-income J11 J12 J13 J14 J14-201 J14-202 J14-203 J14-204 J14-205 J14-206 J14-207 J14-208 J14-210 J14-211 J14-212 J14-213 J14-214 J14-215 J14-216 J14-217 J14-219 J14-220 J14-221 J14-222 J14-223 J14-224 J14-229 J14-231 J14-232 J14-234 J15 J16 J17-a J17-b J17-c J17-d J18-budget J18-car-budget J18-car-final J18-final J19-gf-total J19-sc-total J2 J21 J21-basic J22 J3 J4 J5 J6 J7 J7-201 J7-202 J7-203 J7-204 J7-205 J7-206 J7-207 J7-208 J7-210 J7-211 J7-212 J7-213 J7-214 J7-215 J7-216 J7-217 J7-219 J7-220 J7-221 J7-222 J7-223 J7-224 J7-229 J7-231 J7-232 J7-234 J8 J9 N1")]
    [InlineData("anshan-2025-budget",
        "C1:error*7 C2:warning N1:warning",
        "C1 C2 N1 Y1 Y1-classes Y1-in Y1-items Y1-out Y10-expenditure Y10-gpb_expenditure Y2-208 Y2-210 Y2-221 Y2-out Y4-codes Y4-expenditure Y4-expenditure-basic Y4-gpb_expenditure Y4-gpb_expenditure-basic Y5 Y5-gpb Y6 Y6-hier Y6-rows Y7 Y7-car Y9-cur Y9-exp Y9-gpb Y9-levels Y9-rows")]
    public async Task EveryTableRuleRunsAndFindsWhatItFoundOnThePublishedDocuments(string slug, string problems, string ran)
    {
        var table = (await ChecksAsync(slug)).GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() is not ['W' or 'T', ..]).ToList();

        var found = table.Where(f => f.GetProperty("severity").GetString() is not "pass")
            .GroupBy(f => $"{f.GetProperty("rule").GetString()}:{f.GetProperty("severity").GetString()}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key}*{g.Count()}");
        var rules = table.Select(f => f.GetProperty("rule").GetString()!).Distinct().Order(StringComparer.Ordinal);
        (string.Join(" ", found) + " || " + string.Join(" ", rules)).ShouldBe(problems + " || " + ran, slug);
    }

    /// <summary>
    /// Every problem of the narratives (情况说明) as published, by rule and class: the list in README "Narrative checks"
    /// and docs/decisions/0150. Blank slots are errors, template leftovers and wording warnings, misprints whose value
    /// matches 提示 (hint, a level of its own), gaps that rounding explains 尾差.
    /// </summary>
    [Theory]
    [InlineData("liaoning-2023-budget", "T1-in-budget:hint T1-out-budget:hint W3-repeat:warning")]
    [InlineData("fushun-2023-final", "W1-blank:error*33 W6-completion:error*2 W6-completion:warning*2 W7-reason:warning*2 W8-sum:rounding*3")]
    [InlineData("lushi-2023-budget", "T1-out:error W2-leftover:warning*2 W7-reason:warning*4 W8-sum:rounding")]
    [InlineData("shenyang-2024-final", "T6-class:rounding T6-item:rounding W12-selfeval:error W2-leftover:warning*3 W6-completion:error W6-completion:rounding*2")]
    [InlineData("anshan-2025-budget", "T2-basic:error T3-public:error W2-leftover:warning W5-change:error W7-reason:warning W9-definition:error*2")]
    public async Task EveryNarrativeProblemIsFoundAndClassed(string slug, string expected)
    {
        var report = await ChecksAsync(slug);

        var found = report.GetProperty("findings").EnumerateArray()
            .Where(f => f.GetProperty("rule").GetString() is ['W' or 'T', ..] && f.GetProperty("severity").GetString() is not ("pass" or "info"))
            .GroupBy(f => $"{f.GetProperty("rule").GetString()}:{f.GetProperty("severity").GetString()}")
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Count() == 1 ? g.Key : $"{g.Key}*{g.Count()}");
        string.Join(" ", found).ShouldBe(expected);
    }

    /// <summary>The API's report gives each finding a plain-language title beside its rule id.</summary>
    [Fact]
    public async Task EachFindingCarriesAPlainLanguageTitleBesideItsRuleId()
    {
        var findings = (await ChecksAsync("anshan-2025-budget")).GetProperty("findings").EnumerateArray().ToList();

        findings.ShouldAllBe(f => f.GetProperty("title").GetString()!.Length > 0);
        string Title(string rule) => findings.First(f => f.GetProperty("rule").GetString() == rule).GetProperty("title").GetString()!;
        Title("C1").ShouldBe("缺少应公开的表格");
        Title("W9-definition").ShouldBe("人员经费、公用经费的口径与定义不符");
        Title("W5-change").ShouldBe("增减金额或增减幅度与数字不符");
        Title("T2-basic").ShouldBe("文字说明引用的数字与表格不一致");
    }

    [Fact]
    public async Task FushunLeavesTheTemplatesNumberSlotsBlank()
    {
        var blanks = With(await ChecksAsync("fushun-2023-final"), "error").Where(f => f.GetProperty("rule").GetString() == "W1-blank")
            .Select(f => f.GetProperty("row").GetString()!).ToList();

        blanks.ShouldContain(r => r.EndsWith("政府性基金预算财政拨款收入万元", StringComparison.Ordinal));
        blanks.ShouldContain(r => r.EndsWith("参加出国（境）团组个", StringComparison.Ordinal));
        blanks.ShouldContain(r => r.EndsWith("累计人次", StringComparison.Ordinal));
        blanks.Count(r => r.EndsWith("用车辆", StringComparison.Ordinal)).ShouldBe(7);
    }

    [Fact]
    public async Task AnshanDefinesPersonnelAndPublicFundsOneWayAndQuotesThemAnother()
    {
        var definitions = With(await ChecksAsync("anshan-2025-budget"), "error").Where(f => f.GetProperty("rule").GetString() == "W9-definition")
            .Select(f => (f.GetProperty("expected").GetDecimal(), f.GetProperty("actual").GetDecimal())).ToList();

        definitions.ShouldBe([(1844.45m, 1891.23m), (164.84m, 115.84m)]);
    }

    [Fact]
    public async Task LushiFiscalSummaryExpenditureIsACentBelowItsClasses()
    {
        var rounding = With(await ChecksAsync("lushi-2023-budget"), "rounding").Where(f => f.GetProperty("rule").GetString() == "Y5-items").ToList();

        rounding.Select(f => f.GetProperty("column").GetString()).ShouldBe(["合计", "小计", "其中：财政拨款"]);
        rounding.ShouldAllBe(f => f.GetProperty("expected").GetDecimal() == 780.85m && f.GetProperty("actual").GetDecimal() == 780.84m);
    }

    [Fact]
    public async Task LushiNarrativeMisquotesTheExpenditureTotal()
    {
        var error = With(await ChecksAsync("lushi-2023-budget"), "error").ShouldHaveSingleItem();

        error.GetProperty("rule").GetString().ShouldBe("T1-out");
        error.GetProperty("row").GetString()!.ShouldContain("支出总计780.34万元");
        error.GetProperty("expected").GetDecimal().ShouldBe(780.84m);
        error.GetProperty("actual").GetDecimal().ShouldBe(780.34m);
    }

    [Fact]
    public async Task AnshanLacksSevenListedTablesAndMisquotesBasicExpenditureAndPublicFunds()
    {
        var errors = With(await ChecksAsync("anshan-2025-budget"), "error");

        errors.Where(f => f.GetProperty("rule").GetString() == "C1").Select(f => f.GetProperty("table").GetString())
            .ShouldBe(["表2 收入预算总表", "表10 支出功能分类预算表", "表11 支出经济分类预算表（政府预算）", "表12 支出经济分类预算表（部门预算）",
                "表13 债务支出预算表", "表14 政府采购支出预算表", "表15 政府购买服务支出预算表"]);
        var basic = errors.Single(f => f.GetProperty("rule").GetString() == "T2-basic");
        (basic.GetProperty("expected").GetDecimal(), basic.GetProperty("actual").GetDecimal()).ShouldBe((2009.29m, 2220.4m));
        var publicFunds = errors.Single(f => f.GetProperty("rule").GetString() == "T3-public");
        (publicFunds.GetProperty("expected").GetDecimal(), publicFunds.GetProperty("actual").GetDecimal()).ShouldBe((118.06m, 115.84m));
    }

    [Fact]
    public async Task ShenyangSocialSecurityDiffersByACentBetweenTablesAndText()
    {
        var rounding = With(await ChecksAsync("shenyang-2024-final"), "rounding");

        rounding.ShouldContain(f => f.GetProperty("rule").GetString() == "J7-208" && f.GetProperty("actual").GetDecimal() == 364.15m);
        rounding.ShouldContain(f => f.GetProperty("rule").GetString() == "T6-item" && f.GetProperty("actual").GetDecimal() == 82.20m);
    }

    [Fact]
    public async Task LiaoningMisprintedTotalIsAWarningAndStillMatches()
    {
        var report = await ChecksAsync("liaoning-2023-budget");

        With(report, "hint").Count(f => f.GetProperty("message").GetString()!.Contains("12.884.35")).ShouldBe(2);
        report.GetProperty("findings").EnumerateArray()
            .Count(f => f.GetProperty("rule").GetString() == "T1-out-budget" && f.GetProperty("severity").GetString() == "pass").ShouldBe(1);
    }
}
