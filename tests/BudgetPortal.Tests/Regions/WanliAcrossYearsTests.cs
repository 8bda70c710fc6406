using System.Globalization;
using System.Text.RegularExpressions;
using BudgetPortal.Core.Checks;
using BudgetPortal.Core.Documents;
using BudgetPortal.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace BudgetPortal.Tests.Regions;

/// <summary>
/// The three budgets of one 街道办事处 (2023–2025) held as three years of one department, and every statement of the
/// 2024 and 2025 narratives that compares with the previous year checked against the previous year's disclosure as the
/// portal serves it: computed here from the served tables (each statement and its verdict written to the test output),
/// and as the portal itself reports it (X1 in the check report, <see cref="ThePortalChecksEveryComparisonWithLastYearAgainstLastYearsDisclosure"/>).
/// </summary>
public sealed partial class WanliAcrossYearsTests(PutuoPortal portal, ITestOutputHelper output) : IClassFixture<PutuoPortal>
{
    private static readonly string[] Slugs = ["putuo-wanli-2023-budget", "putuo-wanli-2024-budget", "putuo-wanli-2025-budget"];

    private readonly HttpClient _client = portal.CreateClient();

    private async Task<DisclosureDocument> ServedAsync(int year)
    {
        await portal.EnsureImportedAsync();
        return DisclosureJson.Parse(await _client.GetStringAsync($"/api/disclosures/putuo-wanli-{year}-budget"), "api");
    }

    [PutuoFact]
    public async Task TheThreeBudgetsAreThreeYearsOfOneDepartment()
    {
        await portal.EnsureImportedAsync();
        using var scope = portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<PortalDbContext>();

        var held = await db.Disclosures.Where(d => Slugs.Contains(d.Slug)).Select(d => new { d.DepartmentId, d.Year }).ToListAsync();

        held.Select(d => d.Year).Order().ShouldBe([2023, 2024, 2025]);
        held.Select(d => d.DepartmentId).Distinct().Count().ShouldBe(1);
        var page = await _client.GetStringAsync($"/departments/{held[0].DepartmentId}");
        Slugs.ShouldAllBe(slug => page.Contains($"/disclosures/{slug}", StringComparison.Ordinal));
    }

    private static readonly System.Text.Json.JsonSerializerOptions WebJson = new(System.Text.Json.JsonSerializerDefaults.Web);

    /// <summary>
    /// X1 as the portal runs it (GET /api/disclosures/{slug}/checks, the previous year found as the same department's
    /// published budget of the year before): every statement of the narrative that compares a figure with the previous
    /// year's budget (增加/减少 X万元, 持平) is checked, and none of them fails.
    /// </summary>
    [PutuoTheory]
    [InlineData(2024, "上年数:pass*11")]
    [InlineData(2025, "上年数:pass*11")]
    public async Task ThePortalChecksEveryComparisonWithLastYearAgainstLastYearsDisclosure(int year, string expected)
    {
        var current = await ServedAsync(year);
        var report = System.Text.Json.JsonSerializer.Deserialize<BudgetPortal.Web.Checks.CheckReportDto>(
            await _client.GetStringAsync($"/api/disclosures/putuo-wanli-{year}-budget/checks"), WebJson)!;
        var text = string.Join("\n", current.Sections.Where(s => s.Key == "explanation").Select(s => s.Body));

        var x1 = report.Findings.Where(f => f.Rule == "X1-previous").ToList();
        foreach (var f in x1)
        {
            output.WriteLine($"{year} X1 {f.SeverityLabel} {f.Column} | {f.Row} | 上年 {f.Expected} 文字 {f.Actual} | {f.Message}");
        }

        // Every comparison with last year's budget in money (not with last year's execution, which a budget does not hold).
        var stated = BudgetComparison().Count(text);
        x1.Count(f => f.Column == "上年数").ShouldBe(stated, $"{year}: statements compared with {year - 1}");
        x1.ShouldAllBe(f => f.Severity == "pass" || f.Severity == "rounding");
        string.Join(" ", x1.GroupBy(f => $"{f.Column}:{f.Severity}").OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key}*{g.Count()}"))
            .ShouldBe(expected);
    }

    /// <summary>Figures the narrative compares with the previous year's budget, where each is in the tables.</summary>
    private static decimal? Figure(DisclosureDocument document, string subject)
    {
        decimal? Total(string code, string column) => Cell(document, code, r => r.Role == RowRoles.Total, column);
        decimal? ThreePublic(string column) => Cell(document, "three_public", _ => true, column) * 10000m;
        return subject switch
        {
            "财政拨款收入" => Cell(document, "summary", r => r.Name == "一、财政拨款收入", "amount"),
            "财政拨款支出预算" => Total("fiscal_summary", "exp_total"),
            "一般公共预算拨款支出预算" => Total("gpb_expenditure", "total"),
            "政府性基金拨款支出预算" => Total("gov_fund", "total") ?? 0m,
            "国有资本经营预算拨款支出预算" => Total("state_capital", "total") ?? 0m,
            "“三公”经费预算数为" => ThreePublic("total"),
            "因公出国（境）费" => ThreePublic("abroad"),
            "公务用车购置及运行费" => ThreePublic("vehicle"),
            "公务用车购置费" => ThreePublic("vehicle_purchase"),
            "公务用车运行费" => ThreePublic("vehicle_operation"),
            "公务接待费" => ThreePublic("reception"),
            _ => null,
        };
    }

    private static decimal? Cell(DisclosureDocument document, string table, Func<RowDocument, bool> row, string column)
    {
        var t = document.Tables.Single(x => x.Code == table);
        var index = t.Leaves().ToList().FindIndex(l => l.Key == column);
        return t.Rows.FirstOrDefault(row)?.Cells[index].Number;
    }

    [PutuoTheory]
    [InlineData(2024)]
    [InlineData(2025)]
    public async Task EveryComparisonWithLastYearsBudgetHoldsAgainstLastYearsDisclosure(int year)
    {
        var current = await ServedAsync(year);
        var previous = await ServedAsync(year - 1);
        var text = string.Join("\n", current.Sections.Where(s => s.Key == "explanation").Select(s => s.Body));

        var verdicts = new List<string>();
        var statements = BudgetComparison().Matches(text);
        foreach (Match m in statements)
        {
            var subject = m.Groups["subject"].Value;
            var (now, before) = (Figure(current, subject)!.Value, Figure(previous, subject)!.Value);
            var quoted = Number(m.Groups["amount"].Value) * 10000m;
            var change = (now - before) / 10000m;
            var stated = m.Groups["dir"].Value switch
            {
                "持平" => 0m,
                "减少" => -Number(m.Groups["delta"].Value),
                _ => Number(m.Groups["delta"].Value),
            };
            var problems = new List<string>();
            if (int.Parse(m.Groups["year"].Value, CultureInfo.InvariantCulture) != year - 1)
            {
                problems.Add($"比较年度为 {m.Groups["year"].Value}，应为 {year - 1}");
            }

            // Each quoted figure is rounded to 0.01 万元 (half a 万元 cent either way): the change between two of them by
            // at most one 万元 cent.
            if (Math.Abs(quoted - now) > 50m)
            {
                problems.Add($"所引本年数与本年表中 {now.ToString("N0", CultureInfo.InvariantCulture)} 元不符");
            }

            if (Math.Abs(stated - change) > 0.01m || Math.Sign(stated) != Math.Sign(change))
            {
                problems.Add($"按两年公开表计算为 {change:0.####} 万元");
            }

            var verdict = problems.Count > 0 ? "不成立：" + string.Join("；", problems) : stated == change ? "成立" : $"成立（尾差：按元计算为 {change:0.####} 万元）";
            verdicts.Add($"{year} “{m.Value}” → {verdict}");
        }

        verdicts.ForEach(output.WriteLine);
        statements.Count.ShouldBeGreaterThanOrEqualTo(10, $"{year}: the statements were not found");
        verdicts.Where(v => v.Contains("不成立", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    /// <summary>
    /// The 2024 narrative compares each item with the previous year's execution (执行数), which a budget disclosure does not
    /// hold; what can be checked is the item's amount against this year's table, the percentage against the two figures
    /// quoted, and the reason against the direction. The statements that fail are real slips of the document (verified
    /// against the PDF), named here by the item's classification code.
    /// </summary>
    [PutuoFact]
    public async Task ComparisonsWithLastYearsExecutionFailOnlyWhereTheDocumentSlipped()
    {
        var current = await ServedAsync(2024);
        var previous = await ServedAsync(2023);
        var text = string.Join("\n", current.Sections.Where(s => s.Key == "explanation").Select(s => s.Body));
        var table = current.Tables.Single(t => t.Code == "gpb_expenditure");
        var lastTable = previous.Tables.Single(t => t.Code == "gpb_expenditure");

        var failing = new List<string>();
        var statements = ExecutionComparison().Matches(text);
        foreach (Match m in statements)
        {
            var row = Item(table, m.Groups["kuan"].Value, m.Groups["xiang"].Value);
            var code = row?.Code ?? "?";
            var amount = Number(m.Groups["amount"].Value);
            var (execution, plan) = (Number(m.Groups["exec"].Value), Number(m.Groups["plan"].Value));
            var direction = m.Groups["dir"].Value;
            var reason = m.Groups["reason"].Value;
            var problems = new List<string>();
            var inTable = Total(table, row) / 10000m;
            if (inTable is null || Math.Abs(amount - inTable.Value) > 0.005m)
            {
                problems.Add($"所列金额与表5（{inTable:0.####} 万元）不符");
            }

            if (plan != amount)
            {
                problems.Add($"“预算安排{plan}万元”与同句所列 {amount} 万元不符");
            }

            if (execution == 0m && m.Groups["pct"].Success)
            {
                problems.Add($"上年执行数为 0，无从计算“{direction}{m.Groups["pct"].Value}%”");
            }
            else if (execution != 0m)
            {
                var rate = Math.Round((amount - execution) / execution * 100m, 2, MidpointRounding.AwayFromZero);
                var printed = m.Groups["pct"].Success ? Number(m.Groups["pct"].Value) : 0m;
                if (Math.Abs(rate) != printed || (direction == "增加") != (rate > 0) || (direction == "持平") != (rate == 0))
                {
                    problems.Add($"按所引两数计算为 {rate}%");
                }
            }

            var reasonDirection = ReasonDirection().Match(reason);
            if (reasonDirection.Success && reasonDirection.Groups[2].Value != (direction == "持平" ? "保持不变" : direction))
            {
                problems.Add($"原因“{reason}”与“{direction}”相反");
            }

            if (reasonDirection.Success && !reasonDirection.Groups[1].Value.EndsWith(m.Groups["xiang"].Value, StringComparison.Ordinal))
            {
                problems.Add($"原因说的是另一科目（“{reasonDirection.Groups[1].Value}”）");
            }

            var lastBudget = Total(lastTable, Item(lastTable, m.Groups["kuan"].Value, m.Groups["xiang"].Value)) / 10000m;
            output.WriteLine($"{code} {m.Groups["xiang"].Value}: 执行数 {execution}（上年预算 {lastBudget:0.00}）→ 安排 {amount} {direction}{m.Groups["pct"].Value}% — "
                + (problems.Count == 0 ? "成立" : "不成立：" + string.Join("；", problems)));
            if (problems.Count > 0)
            {
                failing.Add(code);
            }
        }

        statements.Count.ShouldBeGreaterThanOrEqualTo(30);
        failing.Order().ShouldBe(["2013302", "2059999", "2080506", "2120104", "2210201"]);
    }

    private static RowDocument? Item(TableDocument table, string kuan, string xiang)
    {
        var kuanCodes = table.Rows.Where(r => r.Code?.Length == 5 && CheckEngine.NormalizeName(r.Name) == CheckEngine.NormalizeName(kuan)).Select(r => r.Code!).ToList();
        return table.Rows.FirstOrDefault(r => r.Code?.Length == 7 && r.Name == xiang && kuanCodes.Contains(r.Code[..5]));
    }

    private static decimal? Total(TableDocument table, RowDocument? row) =>
        row?.Cells[table.Leaves().ToList().FindIndex(l => l.Key == "total")].Number;

    private static decimal Number(string printed) => decimal.Parse(printed.Replace(",", ""), NumberStyles.Number, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(?<subject>财政拨款收入|财政拨款支出预算|一般公共预算拨款支出预算|政府性基金拨款支出预算|国有资本经营预算拨款支出预算|“三公”经费预算数为|因公出国（境）费|公务用车购置及运行费|公务用车购置费|公务用车运行费|公务接待费)(?<amount>\d[\d,]*(?:\.\d+)?)万元[，。]?\s*(?:比|与)(?<year>\d{4})年预算(?<dir>增加|减少|持平)(?:(?<delta>\d[\d,]*(?:\.\d+)?)万元)?")]
    private static partial Regex BudgetComparison();

    [GeneratedRegex(@"“[^（”]+（类）(?<kuan>[^（”]+)（款）(?<xiang>[^（”]+)（项）”(?:科目)?(?<amount>\d[\d,]*(?:\.\d+)?)万元[^。]*。\d{4}年当年预算执行数为(?<exec>\d[\d,]*(?:\.\d+)?)万元，\d{4}年预算安排(?<plan>\d[\d,]*(?:\.\d+)?)万元，比\d{4}年预算执行数(?<dir>增加|减少|持平)(?:(?<pct>\d+(?:\.\d+)?)%)?。主要原因是：(?<reason>[^。\n]*)")]
    private static partial Regex ExecutionComparison();

    [GeneratedRegex(@"^(.+?)经费(增加|减少|保持不变)$")]
    private static partial Regex ReasonDirection();
}
