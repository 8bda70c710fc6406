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
    [InlineData("fushun-2023-final", 14, 0)]
    [InlineData("lushi-2023-budget", 13, 1)]
    [InlineData("shenyang-2024-final", 10, 0)]
    [InlineData("anshan-2025-budget", 0, 9)]
    public async Task RoundingAndErrorsAreCountedAsInThePublishedDocuments(string slug, int rounding, int errors)
    {
        var report = await ChecksAsync(slug);

        report.GetProperty("rounding").GetInt32().ShouldBe(rounding, slug);
        report.GetProperty("errors").GetInt32().ShouldBe(errors, slug);
        report.GetProperty("badge").GetString().ShouldEndWith($"{rounding} 项尾差，{errors} 项不一致");
        With(report, "rounding").ShouldAllBe(f => Math.Abs(f.GetProperty("difference").GetDecimal()) == 0.01m);
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

        With(report, "warning").Count(f => f.GetProperty("message").GetString()!.Contains("12.884.35")).ShouldBe(2);
        report.GetProperty("findings").EnumerateArray()
            .Count(f => f.GetProperty("rule").GetString() == "T1-out-budget" && f.GetProperty("severity").GetString() == "pass").ShouldBe(1);
    }
}
