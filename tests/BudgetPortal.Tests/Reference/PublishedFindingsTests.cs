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
